package io.patchbay.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of contract §3, one table row per rule: an event log in, the call details out.
 *
 * <p>Every row's log starts at {@link #T0}, 10:00:00 in Kolkata; step times are seconds after
 * it. Outbound calls have the agent on leg 1 and the customer on leg 2; inbound calls have the
 * caller on leg 1 and the agents tried on legs 2 and up. Outbound agent legs carry only their
 * number, so the assigned agent's user fields can only come from the call (Make Call's
 * {@code from}); inbound agent legs carry the user and group they were reached through.
 */
class CallDetailsRulesTest {
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final Instant T0 = Instant.parse("2026-03-02T04:30:00Z");
  private static final DateTimeFormatter WIRE = WireTime.FORMAT;

  private static final String VIRTUAL_NUMBER = "+918045680000";
  private static final String AGENT_URI = "+919812345678";
  private static final String CUSTOMER_URI = "+919898989898";
  private static final String AGENT_B_URI = "+919822222222";
  private static final String AGENT_C_URI = "+919833333333";
  private static final String USER_A = "0123456789abcdef0123456789abcdef";
  private static final String USER_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String USER_C = "cccccccccccccccccccccccccccccccc";
  private static final String GROUP_SALES = "11111111111111111111111111111111";
  private static final String GROUP_SUPPORT = "22222222222222222222222222222222";
  private static final String REC_URL = "https://recordings.example/abc.mp3";

  /** One event of a row's log, {@code millis} after {@link #T0}. */
  private record Step(long millis, EventType type, int leg, Map<String, String> data) {}

  /** One row of the table. */
  private record Row(
      String name, Direction direction, List<Step> steps, Map<String, Object> expected) {
    List<CallEvent> events() {
      List<CallEvent> out = new ArrayList<>();
      for (Step s : steps) {
        out.add(new CallEvent(out.size(), T0.plusMillis(s.millis()), s.type(), s.leg(),
            s.data()));
      }
      return out;
    }

    @Override
    public String toString() {
      return direction.wire() + ": " + name;
    }
  }

  // ---------------------------------------------------------------- the table

  static Stream<Row> rows() {
    return Stream.concat(outboundRows(), inboundRows());
  }

  static Stream<Row> outboundRows() {
    List<Step> agentRinging = List.of(
        step(0, EventType.CALL_CREATED, 0),
        dialled(1, 1, Side.AGENT, AGENT_URI),
        step(1, EventType.LEG_RINGING, 1));
    List<Step> customerRinging = plus(agentRinging,
        step(4, EventType.LEG_ANSWERED, 1),
        dialled(4, 2, Side.CUSTOMER, CUSTOMER_URI),
        step(4, EventType.LEG_RINGING, 2));
    List<Step> talking = plus(customerRinging,
        step(9, EventType.LEG_ANSWERED, 2),
        bridged(9, 1, 2));
    List<Step> hungUp = plus(talking,
        ended(39, 2, "completed", "self"),
        ended(39, 1, "completed", "peer"),
        step(39, EventType.CALL_ENDED, 0));
    List<Step> customerRefused = plus(customerRinging.subList(0, 4),
        notDialled(4, 2, Side.CUSTOMER, "do_not_call"),
        ended(4, 1, "completed", "system"),
        step(4, EventType.CALL_ENDED, 0),
        step(6, EventType.TERMINAL, 0));

    return Stream.of(
        new Row("agent ringing: active, every leg status and every final field null",
            Direction.OUTBOUND, agentRinging,
            exp("call_state", "active", "call_status", null,
                "agent.status", null, "customer.status", null,
                "created_time", at(0), "updated_time", at(1), "start_time", at(1),
                "end_time", null, "total_duration", null, "total_talk_time", null,
                "recordings", null, "digits", null)),
        new Row("agent answered, customer ringing: agent in-progress", Direction.OUTBOUND,
            customerRinging,
            exp("call_state", "active", "call_status", null,
                "agent.status", "in-progress", "customer.status", null,
                "updated_time", at(4), "start_time", at(1), "end_time", null)),
        new Row("both talking: both in-progress, talk time still null", Direction.OUTBOUND,
            talking,
            exp("call_state", "active", "call_status", null,
                "agent.status", "in-progress", "customer.status", "in-progress",
                "total_talk_time", null, "total_duration", null, "recordings", null)),
        new Row("ended, post-processing not done: still active, final fields null",
            Direction.OUTBOUND, hungUp,
            exp("call_state", "active", "call_status", null,
                "agent.status", "completed", "customer.status", "completed",
                "updated_time", at(39), "end_time", null, "total_duration", null,
                "total_talk_time", null, "recordings", null)),
        new Row("completed: duration from first dial, talk from bridge, recordings []",
            Direction.OUTBOUND, plus(hungUp, step(41, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "completed",
                "agent.user_id", USER_A, "agent.user_name", "Asha Rao",
                "agent.contact_uri", AGENT_URI,
                "agent.group_id", null, "agent.group_name", null,
                "agent.status", "completed", "customer.status", "completed",
                "customer.contact_uri", CUSTOMER_URI,
                "created_time", at(0), "updated_time", at(41),
                "start_time", at(1), "end_time", at(39),
                "total_duration", 38L, "total_talk_time", 30L, "recordings", List.of())),
        new Row("completed with a recording: its url listed at terminal", Direction.OUTBOUND,
            plus(hungUp, recording(40, REC_URL), step(41, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "completed",
                "recordings", List.of(REC_URL))),
        new Row("recording ready but not terminal: recordings still null", Direction.OUTBOUND,
            plus(hungUp, recording(40, REC_URL)),
            exp("call_state", "active", "recordings", null)),
        new Row("agent busy: agent_unanswered, customer never dialled", Direction.OUTBOUND,
            plus(agentRinging, ended(3, 1, "busy", "self"),
                step(3, EventType.CALL_ENDED, 0), step(5, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_unanswered",
                "agent.status", "busy", "customer.status", null,
                "start_time", at(1), "end_time", at(3),
                "total_duration", 2L, "total_talk_time", 0L, "recordings", List.of())),
        new Row("agent rang out: agent_unanswered with no-answer", Direction.OUTBOUND,
            plus(agentRinging, ended(31, 1, "no-answer", "system"),
                step(31, EventType.CALL_ENDED, 0), step(33, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_unanswered",
                "agent.status", "no-answer", "customer.status", null,
                "total_duration", 30L, "total_talk_time", 0L)),
        new Row("agent leg failed: agent_unanswered with failed", Direction.OUTBOUND,
            plus(agentRinging, ended(2, 1, "failed", "self"),
                step(2, EventType.CALL_ENDED, 0), step(4, EventType.TERMINAL, 0)),
            exp("call_status", "agent_unanswered", "agent.status", "failed",
                "customer.status", null, "total_duration", 1L)),
        new Row("customer busy: customer_unanswered", Direction.OUTBOUND,
            plus(customerRinging, ended(6, 2, "busy", "self"), ended(6, 1, "completed", "peer"),
                step(6, EventType.CALL_ENDED, 0), step(8, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "customer_unanswered",
                "agent.status", "completed", "customer.status", "busy",
                "end_time", at(6), "total_duration", 5L, "total_talk_time", 0L)),
        new Row("customer rang out: customer_unanswered with no-answer", Direction.OUTBOUND,
            plus(customerRinging, ended(34, 2, "no-answer", "system"),
                ended(34, 1, "completed", "system"),
                step(34, EventType.CALL_ENDED, 0), step(36, EventType.TERMINAL, 0)),
            exp("call_status", "customer_unanswered",
                "agent.status", "completed", "customer.status", "no-answer",
                "total_duration", 33L, "total_talk_time", 0L)),
        new Row("customer leg failed: customer_unanswered with failed", Direction.OUTBOUND,
            plus(customerRinging, ended(5, 2, "failed", "self"), ended(5, 1, "completed", "peer"),
                step(5, EventType.CALL_ENDED, 0), step(7, EventType.TERMINAL, 0)),
            exp("call_status", "customer_unanswered", "customer.status", "failed")),
        new Row("agent hung up while customer rang: agent_canceled", Direction.OUTBOUND,
            plus(customerRinging, ended(14, 1, "completed", "self"),
                ended(14, 2, "no-answer", "peer"),
                step(14, EventType.CALL_ENDED, 0), step(16, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_canceled",
                "agent.status", "completed", "customer.status", "no-answer",
                "end_time", at(14), "total_duration", 13L, "total_talk_time", 0L)),
        new Row("customer on do-not-call list: customer_no_dial", Direction.OUTBOUND,
            customerRefused,
            exp("call_state", "terminal", "call_status", "customer_no_dial",
                "agent.status", "completed", "customer.status", null,
                "start_time", at(1), "end_time", at(4),
                "total_duration", 3L, "total_talk_time", 0L, "recordings", List.of())),
        new Row("agent never dialled: agent_no_dial, start_time falls back to created_time",
            Direction.OUTBOUND,
            List.of(step(0, EventType.CALL_CREATED, 0),
                notDialled(1, 1, Side.AGENT, "network_refused"),
                step(1, EventType.CALL_ENDED, 0), step(3, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_no_dial",
                "agent.user_id", USER_A, "agent.contact_uri", AGENT_URI,
                "agent.status", null, "customer.status", null,
                "created_time", at(0), "start_time", at(0), "end_time", at(1),
                "total_duration", 1L, "total_talk_time", 0L, "recordings", List.of())),
        new Row("customer left, agent stayed on: talk ends with the customer leg",
            Direction.OUTBOUND,
            plus(talking,
                ended(39, 2, "completed", "self"), ended(42, 1, "completed", "self"),
                step(42, EventType.CALL_ENDED, 0), step(44, EventType.TERMINAL, 0)),
            exp("call_status", "completed", "end_time", at(42),
                "total_duration", 41L, "total_talk_time", 30L)),
        new Row("held and resumed: talk summed over two conversations", Direction.OUTBOUND,
            plus(talking,
                unbridged(19, 1, 2), bridged(25, 1, 2), unbridged(40, 1, 2),
                ended(45, 2, "completed", "self"), ended(45, 1, "completed", "peer"),
                step(45, EventType.CALL_ENDED, 0), step(47, EventType.TERMINAL, 0)),
            exp("call_status", "completed", "total_duration", 44L, "total_talk_time", 25L)),
        new Row("transferred: talk adds up, assigned agent stays leg 1", Direction.OUTBOUND,
            plus(talking,
                unbridged(19, 1, 2), ended(19, 1, "completed", "self"),
                dialled(19, 3, Side.AGENT, AGENT_B_URI, "user_id", USER_B),
                step(22, EventType.LEG_ANSWERED, 3), bridged(22, 3, 2),
                ended(37, 2, "completed", "self"), ended(37, 3, "completed", "peer"),
                step(37, EventType.CALL_ENDED, 0), step(39, EventType.TERMINAL, 0)),
            exp("call_status", "completed", "agent.user_id", USER_A,
                "agent.contact_uri", AGENT_URI, "agent.status", "completed",
                "total_talk_time", 25L, "total_duration", 36L)),
        new Row("digits: one group per applet, joined with '-'", Direction.OUTBOUND,
            plus(talking, dtmf(12, "12"), dtmf(20, "3#"), dtmf(25, "0")),
            exp("call_state", "active", "digits", "12-3#-0")),
        new Row("digits: a single group has no separator", Direction.OUTBOUND,
            plus(hungUp, dtmf(39, "42"), step(41, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "digits", "42")),
        new Row("sub-second instants: seconds precision, duration as printed",
            Direction.OUTBOUND,
            List.of(
                stepMs(400, EventType.CALL_CREATED, 0, Map.of()),
                stepMs(1_900, EventType.LEG_DIALLED, 1,
                    Map.of("side", "agent", "contact_uri", AGENT_URI)),
                stepMs(4_300, EventType.LEG_ANSWERED, 1, Map.of()),
                stepMs(4_300, EventType.LEG_DIALLED, 2,
                    Map.of("side", "customer", "contact_uri", CUSTOMER_URI)),
                stepMs(9_900, EventType.LEG_ANSWERED, 2, Map.of()),
                stepMs(9_900, EventType.BRIDGED, 0,
                    Map.of("agent_leg", "1", "customer_leg", "2")),
                stepMs(39_100, EventType.LEG_ENDED, 2,
                    Map.of("status", "completed", "hangup_by", "self", "reason", "hangup")),
                stepMs(39_100, EventType.LEG_ENDED, 1,
                    Map.of("status", "completed", "hangup_by", "peer", "reason", "hangup")),
                stepMs(39_100, EventType.CALL_ENDED, 0, Map.of()),
                stepMs(41_999, EventType.TERMINAL, 0, Map.of())),
            exp("call_state", "terminal", "created_time", at(0), "start_time", at(1),
                "end_time", at(39), "updated_time", at(41),
                "total_duration", 38L, "total_talk_time", 30L)));
  }

  static Stream<Row> inboundRows() {
    List<Step> callerIn = List.of(
        step(0, EventType.CALL_CREATED, 0),
        dialled(0, 1, Side.CUSTOMER, CUSTOMER_URI),
        step(0, EventType.LEG_ANSWERED, 1));
    List<Step> firstAgentRinging = plus(callerIn,
        dialled(2, 2, Side.AGENT, AGENT_B_URI, "user_id", USER_B, "user_name", "Bina Das",
            "group_id", GROUP_SALES, "group_name", "Sales"),
        step(2, EventType.LEG_RINGING, 2));
    List<Step> secondAgentRinging = plus(firstAgentRinging,
        ended(32, 2, "no-answer", "system"),
        dialled(32, 3, Side.AGENT, AGENT_C_URI, "user_id", USER_C, "user_name", "Chitra Iyer",
            "group_id", GROUP_SUPPORT, "group_name", "Support"),
        step(32, EventType.LEG_RINGING, 3));
    List<Step> secondAgentTalked = plus(secondAgentRinging,
        step(35, EventType.LEG_ANSWERED, 3),
        bridged(35, 3, 1),
        ended(95, 1, "completed", "self"),
        ended(95, 3, "completed", "peer"),
        step(95, EventType.CALL_ENDED, 0));

    return Stream.of(
        new Row("first agent ringing: assigned agent is that leg, with its group",
            Direction.INBOUND, firstAgentRinging,
            exp("call_state", "active", "call_status", null,
                "agent.user_id", USER_B, "agent.user_name", "Bina Das",
                "agent.contact_uri", AGENT_B_URI,
                "agent.group_id", GROUP_SALES, "agent.group_name", "Sales",
                "agent.status", null,
                "customer.contact_uri", CUSTOMER_URI, "customer.status", "in-progress",
                "start_time", at(0), "end_time", null, "total_talk_time", null)),
        new Row("second agent answered: completed, assigned agent is the last dialled",
            Direction.INBOUND, plus(secondAgentTalked, step(97, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "completed",
                "agent.user_id", USER_C, "agent.user_name", "Chitra Iyer",
                "agent.contact_uri", AGENT_C_URI,
                "agent.group_id", GROUP_SUPPORT, "agent.group_name", "Support",
                "agent.status", "completed", "customer.status", "completed",
                "start_time", at(0), "end_time", at(95),
                "total_duration", 95L, "total_talk_time", 60L, "recordings", List.of())),
        new Row("no agent answered: agent_unanswered, last agent tried is assigned",
            Direction.INBOUND,
            plus(secondAgentRinging,
                ended(62, 3, "no-answer", "system"), ended(62, 1, "completed", "system"),
                step(62, EventType.CALL_ENDED, 0), step(64, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_unanswered",
                "agent.user_id", USER_C, "agent.group_id", GROUP_SUPPORT,
                "agent.group_name", "Support", "agent.status", "no-answer",
                "customer.status", "completed",
                "total_duration", 62L, "total_talk_time", 0L)),
        new Row("talked, then a direct transfer nobody took: completed, last agent assigned",
            Direction.INBOUND,
            plus(callerIn,
                dialled(2, 2, Side.AGENT, AGENT_B_URI, "user_id", USER_B,
                    "group_id", GROUP_SALES, "group_name", "Sales"),
                step(5, EventType.LEG_ANSWERED, 2), bridged(5, 2, 1),
                unbridged(25, 2, 1), ended(25, 2, "completed", "self"),
                dialled(25, 3, Side.AGENT, AGENT_C_URI, "user_id", USER_C),
                ended(55, 3, "no-answer", "system"), ended(55, 1, "completed", "system"),
                step(55, EventType.CALL_ENDED, 0), step(57, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "completed",
                "agent.user_id", USER_C, "agent.contact_uri", AGENT_C_URI,
                "agent.group_id", null, "agent.group_name", null,
                "agent.status", "no-answer", "total_talk_time", 20L)),
        new Row("caller left before any agent was tried: agent_no_dial", Direction.INBOUND,
            plus(callerIn, dtmf(6, "2"), ended(10, 1, "completed", "self"),
                step(10, EventType.CALL_ENDED, 0), step(12, EventType.TERMINAL, 0)),
            exp("call_state", "terminal", "call_status", "agent_no_dial",
                "agent.user_id", null, "agent.contact_uri", null, "agent.group_id", null,
                "agent.status", null, "customer.status", "completed",
                "digits", "2", "total_duration", 10L, "total_talk_time", 0L)));
  }

  // ---------------------------------------------------------------- the tests

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void derive_tableRow_givesExpectedFields(Row row) {
    Call call = callFor(row.direction());

    Map<String, Object> actual = wire(CallDetailsRules.derive(call, row.events(), KOLKATA));

    Map<String, Object> picked = new LinkedHashMap<>();
    for (String key : row.expected().keySet()) {
      assertThat(actual).as("known field").containsKey(key);
      picked.put(key, actual.get(key));
    }
    assertThat(picked).isEqualTo(row.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void derive_tableRow_keepsStateInvariants(Row row) {
    Call call = callFor(row.direction());

    CallDetails d = CallDetailsRules.derive(call, row.events(), KOLKATA);

    if (d.terminal()) {
      assertThat(d.callStatus()).isNotNull();
      assertThat(d.totalTalkTime()).isNotNull();
      assertThat(d.recordingUrls()).isNotNull();
      assertThat(d.endTime()).isNotNull();
      assertThat(d.totalDuration()).isNotNull();
    } else {
      assertThat(d.callStatus()).isNull();
      assertThat(d.endTime()).isNull();
      assertThat(d.totalDuration()).isNull();
      assertThat(d.totalTalkTime()).isNull();
      assertThat(d.recordingUrls()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void derive_tableRow_writesTimesInAccountZoneToTheSecond(Row row) {
    Call call = callFor(row.direction());

    CallDetails d = CallDetailsRules.derive(call, row.events(), KOLKATA);

    List<OffsetDateTime> times = new ArrayList<>(
        Arrays.asList(d.createdTime(), d.updatedTime(), d.startTime(), d.endTime()));
    times.removeIf(t -> t == null);
    assertThat(times).hasSizeGreaterThanOrEqualTo(3);
    assertThat(times).allSatisfy(t -> {
      assertThat(t.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
      assertThat(t.getNano()).isZero();
      assertThat(WIRE.format(t)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+05:30");
    });
    if (d.totalDuration() != null) {
      long printedStart = OffsetDateTime.parse(WIRE.format(d.startTime())).toEpochSecond();
      long printedEnd = OffsetDateTime.parse(WIRE.format(d.endTime())).toEpochSecond();
      assertThat(d.totalDuration()).isEqualTo(printedEnd - printedStart);
    }
  }

  @Test
  void derive_otherAccountZone_writesTimesInThatZone() {
    List<CallEvent> events = new Row("zone", Direction.OUTBOUND,
        List.of(step(0, EventType.CALL_CREATED, 0),
            dialled(1, 1, Side.AGENT, AGENT_URI)), Map.of()).events();

    CallDetails d = CallDetailsRules.derive(
        callFor(Direction.OUTBOUND), events, ZoneId.of("Asia/Singapore"));

    assertThat(WIRE.format(d.createdTime())).isEqualTo("2026-03-02T12:30:00+08:00");
    assertThat(WIRE.format(d.startTime())).isEqualTo("2026-03-02T12:30:01+08:00");
  }

  @Test
  void derive_callFields_echoedFromTheCall() {
    CallOptions options = new CallOptions(true, "dual", null, 600, 45, "ticket-42", List.of());
    Call call = new Call("a".repeat(32), "acme", Direction.INBOUND, VIRTUAL_NUMBER, T0, null,
        CUSTOMER_URI, "Ravi Kumar", options, "4711", "support-flow");

    CallDetails d = CallDetailsRules.derive(call, List.of(), KOLKATA);

    assertThat(d.callSid()).isEqualTo("a".repeat(32));
    assertThat(d.direction()).isEqualTo(Direction.INBOUND);
    assertThat(d.virtualNumber()).isEqualTo(VIRTUAL_NUMBER);
    assertThat(d.customerName()).isEqualTo("Ravi Kumar");
    assertThat(d.customField()).isEqualTo("ticket-42");
    assertThat(d.appId()).isEqualTo("4711");
    assertThat(d.appName()).isEqualTo("support-flow");
    assertThat(d.callState()).isEqualTo("active");
    assertThat(WIRE.format(d.updatedTime())).isEqualTo(at(0));
    assertThat(WIRE.format(d.startTime())).isEqualTo(at(0));
  }

  @Test
  void derive_eventGoingBackInTime_isRejected() {
    List<CallEvent> events = List.of(
        new CallEvent(0, T0.plusSeconds(5), EventType.CALL_CREATED, 0, Map.of()),
        new CallEvent(1, T0.plusSeconds(4), EventType.LEG_DIALLED, 1,
            Map.of("side", "agent", "contact_uri", AGENT_URI)));

    assertThatThrownBy(
        () -> CallDetailsRules.derive(callFor(Direction.OUTBOUND), events, KOLKATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("back in time");
  }

  @Test
  void derive_eventOnUndialledLeg_isRejected() {
    List<CallEvent> events = List.of(
        new CallEvent(0, T0, EventType.CALL_CREATED, 0, Map.of()),
        new CallEvent(1, T0.plusSeconds(1), EventType.LEG_ANSWERED, 2, Map.of()));

    assertThatThrownBy(
        () -> CallDetailsRules.derive(callFor(Direction.OUTBOUND), events, KOLKATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never dialled");
  }

  @Test
  void derive_legEndedWithoutFinalStatus_isRejected() {
    List<CallEvent> events = List.of(
        new CallEvent(0, T0, EventType.LEG_DIALLED, 1,
            Map.of("side", "agent", "contact_uri", AGENT_URI)),
        new CallEvent(1, T0.plusSeconds(1), EventType.LEG_ENDED, 1,
            Map.of("status", "in-progress-ish", "hangup_by", "self")));

    assertThatThrownBy(
        () -> CallDetailsRules.derive(callFor(Direction.OUTBOUND), events, KOLKATA))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void derive_unknownSide_isRejected() {
    List<CallEvent> events = List.of(
        new CallEvent(0, T0, EventType.LEG_DIALLED, 1,
            Map.of("side", "supervisor", "contact_uri", AGENT_URI)));

    assertThatThrownBy(
        () -> CallDetailsRules.derive(callFor(Direction.OUTBOUND), events, KOLKATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supervisor");
  }

  // ---------------------------------------------------------------- helpers

  private static Call callFor(Direction direction) {
    if (direction == Direction.OUTBOUND) {
      return new Call("c".repeat(32), "acme", Direction.OUTBOUND, VIRTUAL_NUMBER, T0,
          new AgentRef(USER_A, "Asha Rao", AGENT_URI, null, null), CUSTOMER_URI, null,
          CallOptions.defaults(), null, null);
    }
    return new Call("d".repeat(32), "acme", Direction.INBOUND, VIRTUAL_NUMBER, T0, null,
        CUSTOMER_URI, null, CallOptions.defaults(), null, null);
  }

  /** The details as the wire names them; times in the wire format. */
  private static Map<String, Object> wire(CallDetails d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("call_state", d.callState());
    m.put("call_status", d.callStatus() == null ? null : d.callStatus().wire());
    m.put("agent.user_id", d.agent().userId());
    m.put("agent.user_name", d.agent().userName());
    m.put("agent.contact_uri", d.agent().contactUri());
    m.put("agent.group_id", d.agent().groupId());
    m.put("agent.group_name", d.agent().groupName());
    m.put("agent.status", d.agentStatus() == null ? null : d.agentStatus().wire());
    m.put("customer.contact_uri", d.customerUri());
    m.put("customer.status", d.customerStatus() == null ? null : d.customerStatus().wire());
    m.put("created_time", format(d.createdTime()));
    m.put("updated_time", format(d.updatedTime()));
    m.put("start_time", format(d.startTime()));
    m.put("end_time", format(d.endTime()));
    m.put("total_duration", d.totalDuration());
    m.put("total_talk_time", d.totalTalkTime());
    m.put("digits", d.digits());
    m.put("recordings", d.recordingUrls());
    return m;
  }

  private static String format(OffsetDateTime t) {
    return t == null ? null : WIRE.format(t);
  }

  /** The wire form of {@code second} seconds after {@link #T0}, written out by hand. */
  private static String at(int second) {
    return String.format("2026-03-02T10:%02d:%02d+05:30", second / 60, second % 60);
  }

  /** Expected fields as key, value pairs; values may be null. */
  private static Map<String, Object> exp(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static List<Step> plus(List<Step> head, Step... more) {
    List<Step> out = new ArrayList<>(head);
    out.addAll(List.of(more));
    return List.copyOf(out);
  }

  private static Step step(int second, EventType type, int leg) {
    return new Step(second * 1000L, type, leg, Map.of());
  }

  private static Step stepMs(long millis, EventType type, int leg, Map<String, String> data) {
    return new Step(millis, type, leg, data);
  }

  private static Step dialled(int second, int leg, Side side, String uri, String... extra) {
    Map<String, String> data = new HashMap<>();
    data.put("side", side.wire());
    data.put("contact_uri", uri);
    for (int i = 0; i < extra.length; i += 2) {
      data.put(extra[i], extra[i + 1]);
    }
    return new Step(second * 1000L, EventType.LEG_DIALLED, leg, data);
  }

  private static Step notDialled(int second, int leg, Side side, String reason) {
    return new Step(second * 1000L, EventType.LEG_NOT_DIALLED, leg,
        Map.of("side", side.wire(), "reason", reason));
  }

  private static Step ended(int second, int leg, String status, String hangupBy) {
    return new Step(second * 1000L, EventType.LEG_ENDED, leg,
        Map.of("status", status, "hangup_by", hangupBy, "reason", "test"));
  }

  private static Step bridged(int second, int agentLeg, int customerLeg) {
    return new Step(second * 1000L, EventType.BRIDGED, 0, Map.of(
        "agent_leg", String.valueOf(agentLeg), "customer_leg", String.valueOf(customerLeg)));
  }

  private static Step unbridged(int second, int agentLeg, int customerLeg) {
    return new Step(second * 1000L, EventType.UNBRIDGED, 0, Map.of(
        "agent_leg", String.valueOf(agentLeg), "customer_leg", String.valueOf(customerLeg)));
  }

  private static Step dtmf(int second, String digits) {
    return new Step(second * 1000L, EventType.DTMF, 0, Map.of("digits", digits));
  }

  private static Step recording(int second, String url) {
    return new Step(second * 1000L, EventType.RECORDING_READY, 0, Map.of("url", url));
  }
}
