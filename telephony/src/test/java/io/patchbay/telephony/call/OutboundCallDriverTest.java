package io.patchbay.telephony.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Sids;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallDetails;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.CallStatus;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.LegStatus;
import io.patchbay.core.call.WireTime;
import io.patchbay.core.time.VirtualClock;
import io.patchbay.telephony.sim.Behaviours;
import io.patchbay.telephony.sim.Simulator;
import io.patchbay.telephony.time.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives real calls through {@link OutboundCallDriver}, the {@link Simulator} and a
 * {@link Timeline} on a manual clock, and checks what {@link CallDetailsRules} makes of the
 * events the driver wrote. Times in comments are seconds after the call was created: the queue
 * delay is 1 s, agents ring 3 s, customers ring 5 s and talk 30 s unless the number says
 * otherwise, post-processing takes 2 s.
 */
class OutboundCallDriverTest {
  private static final Instant START = Instant.parse("2026-03-02T04:30:00Z");
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final DateTimeFormatter WIRE = WireTime.FORMAT;
  private static final String ACCOUNT = "acme";
  private static final String USER_ID = "0123456789abcdef0123456789abcdef";
  private static final String AGENT = "+919812345678";
  private static final String CUSTOMER = "+919898989898";
  private static final int DEFAULT_TIMEOUT = CallOptions.DEFAULT_ATTEMPT_TIME_OUT;

  private final VirtualClock clock = VirtualClock.manual(Clock.systemUTC(), START);
  private final Timeline timeline = Timeline.create(ACCOUNT, clock);
  private final Simulator simulator = new Simulator(sid -> timeline, new Behaviours());
  private final RecordingRecorder recorder = new RecordingRecorder();

  /** Keeps what the driver writes, stamped with the clock's instant, as the server would. */
  private final class RecordingRecorder implements CallRecorder {
    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    final List<Instant> legsDownAt = new CopyOnWriteArrayList<>();
    final List<Instant> doNotCallAskedAt = new CopyOnWriteArrayList<>();
    final AtomicBoolean doNotCall = new AtomicBoolean();

    @Override
    public synchronized void append(
        Call call, EventType type, int leg, Map<String, String> data) {
      events.add(new CallEvent(events.size(), clock.instant(), type, leg, data));
    }

    @Override
    public void legsDown(Call call) {
      legsDownAt.add(clock.instant());
    }

    @Override
    public boolean onDoNotCallList(Call call) {
      doNotCallAskedAt.add(clock.instant());
      return doNotCall.get();
    }
  }

  /** One end-to-end case: the parties and options in, the outcome out. */
  private record Case(
      String name,
      String agentUri,
      String customerUri,
      int attemptTimeOut,
      Integer maxTimeLimit,
      CallStatus status,
      LegStatus agentStatus,
      LegStatus customerStatus,
      long talk,
      int startSecond,
      int endSecond) {
    @Override
    public String toString() {
      return name;
    }
  }

  @AfterEach
  void closeTimeline() {
    timeline.close();
  }

  static Stream<Case> outcomes() {
    return Stream.of(
        new Case("default numbers: completed", AGENT, CUSTOMER, DEFAULT_TIMEOUT, null,
            CallStatus.COMPLETED, LegStatus.COMPLETED, LegStatus.COMPLETED, 30, 1, 39),
        new Case("agent busy: agent_unanswered", "+919000000001", CUSTOMER,
            DEFAULT_TIMEOUT, null,
            CallStatus.AGENT_UNANSWERED, LegStatus.BUSY, null, 0, 1, 3),
        new Case("agent never answers: agent_unanswered at attempt_time_out",
            "+919000000002", CUSTOMER, DEFAULT_TIMEOUT, null,
            CallStatus.AGENT_UNANSWERED, LegStatus.NO_ANSWER, null, 0, 1, 31),
        new Case("agent leg fails: agent_unanswered", "+919000000003", CUSTOMER,
            DEFAULT_TIMEOUT, null,
            CallStatus.AGENT_UNANSWERED, LegStatus.FAILED, null, 0, 1, 2),
        new Case("customer busy: customer_unanswered", AGENT, "+919000000001",
            DEFAULT_TIMEOUT, null,
            CallStatus.CUSTOMER_UNANSWERED, LegStatus.COMPLETED, LegStatus.BUSY, 0, 1, 6),
        new Case("customer never answers: customer_unanswered at attempt_time_out",
            AGENT, "+919000000002", DEFAULT_TIMEOUT, null,
            CallStatus.CUSTOMER_UNANSWERED, LegStatus.COMPLETED, LegStatus.NO_ANSWER,
            0, 1, 34),
        new Case("customer leg fails: customer_unanswered", AGENT, "+919000000003",
            DEFAULT_TIMEOUT, null,
            CallStatus.CUSTOMER_UNANSWERED, LegStatus.COMPLETED, LegStatus.FAILED, 0, 1, 5),
        new Case("agent hangs up while customer rings: agent_canceled",
            "+919001000010", "+919000000002", DEFAULT_TIMEOUT, null,
            CallStatus.AGENT_CANCELED, LegStatus.COMPLETED, LegStatus.NO_ANSWER, 0, 1, 14),
        new Case("agent hangs up after talking: completed", "+919001000010", CUSTOMER,
            DEFAULT_TIMEOUT, null,
            CallStatus.COMPLETED, LegStatus.COMPLETED, LegStatus.COMPLETED, 5, 1, 14),
        new Case("customer hangs up on answering: completed, no talk", AGENT,
            "+919001000000", DEFAULT_TIMEOUT, null,
            CallStatus.COMPLETED, LegStatus.COMPLETED, LegStatus.COMPLETED, 0, 1, 9),
        new Case("customer unreachable: customer_no_dial", AGENT, "+919000000004",
            DEFAULT_TIMEOUT, null,
            CallStatus.CUSTOMER_NO_DIAL, LegStatus.COMPLETED, null, 0, 1, 4),
        new Case("agent unreachable: agent_no_dial, start_time is created_time",
            "+919000000004", CUSTOMER, DEFAULT_TIMEOUT, null,
            CallStatus.AGENT_NO_DIAL, null, null, 0, 0, 1),
        new Case("customer rings past attempt_time_out 10: customer_unanswered", AGENT,
            "+919002000020", 10, null,
            CallStatus.CUSTOMER_UNANSWERED, LegStatus.COMPLETED, LegStatus.NO_ANSWER,
            0, 1, 14),
        new Case("agent rings past attempt_time_out 10: agent_unanswered", "+919002000020",
            CUSTOMER, 10, null,
            CallStatus.AGENT_UNANSWERED, LegStatus.NO_ANSWER, null, 0, 1, 11),
        new Case("customer rings 20 s within attempt_time_out 30, max_time_limit 60 ends",
            AGENT, "+919002000020", DEFAULT_TIMEOUT, 60,
            CallStatus.COMPLETED, LegStatus.COMPLETED, LegStatus.COMPLETED, 37, 1, 61),
        new Case("max_time_limit 10 while customer rings: customer_unanswered", AGENT,
            "+919000000002", DEFAULT_TIMEOUT, 10,
            CallStatus.CUSTOMER_UNANSWERED, LegStatus.COMPLETED, LegStatus.NO_ANSWER,
            0, 1, 11),
        new Case("max_time_limit 2 while agent rings: agent_unanswered", "+919000000002",
            CUSTOMER, DEFAULT_TIMEOUT, 2,
            CallStatus.AGENT_UNANSWERED, LegStatus.NO_ANSWER, null, 0, 1, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void drive_magicNumbers_reachTheExpectedOutcome(Case c) {
    Call call = call(c.agentUri(), c.customerUri(), c.attemptTimeOut(), c.maxTimeLimit());
    start(call);

    timeline.advance(Duration.ofHours(5));

    CallDetails d = details(call);
    assertThat(d.terminal()).isTrue();
    assertThat(d.callStatus()).isEqualTo(c.status());
    assertThat(d.agentStatus()).isEqualTo(c.agentStatus());
    assertThat(d.customerStatus()).isEqualTo(c.customerStatus());
    assertThat(d.totalTalkTime()).isEqualTo(c.talk());
    assertThat(d.startTime().toInstant()).isEqualTo(START.plusSeconds(c.startSecond()));
    assertThat(d.endTime().toInstant()).isEqualTo(START.plusSeconds(c.endSecond()));
    assertThat(d.totalDuration()).isEqualTo((long) c.endSecond() - c.startSecond());
    assertThat(d.updatedTime().toInstant()).isEqualTo(START.plusSeconds(c.endSecond() + 2));
    assertThat(d.recordingUrls()).isEmpty();
    assertThat(recorder.legsDownAt).containsExactly(START.plusSeconds(c.endSecond()));
    assertThat(types()).endsWith(EventType.CALL_ENDED, EventType.TERMINAL);
    assertThat(timeline.pending()).as("timers left behind").isZero();
  }

  @Test
  void drive_defaultCall_writesTheWholeStoryInOrder() {
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    start(call);

    timeline.advance(Duration.ofMinutes(5));

    List<String> story = new ArrayList<>();
    for (CallEvent e : recorder.events) {
      story.add(second(e.at()) + " " + e.type().wire() + " " + e.leg()
          + (e.get("status") == null ? "" : " " + e.get("status") + " " + e.get("hangup_by")));
    }
    assertThat(story).containsExactly(
        "0 call_created 0",
        "1 leg_dialled 1",
        "1 leg_ringing 1",
        "4 leg_answered 1",
        "4 leg_dialled 2",
        "4 leg_ringing 2",
        "9 leg_answered 2",
        "9 bridged 0",
        "39 leg_ended 2 completed self",
        "39 leg_ended 1 completed peer",
        "39 call_ended 0",
        "41 terminal 0");
    assertThat(recorder.events).extracting(CallEvent::seq)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    CallEvent agentDialled = recorder.events.get(1);
    assertThat(agentDialled.data()).containsEntry("side", "agent")
        .containsEntry("contact_uri", AGENT).containsEntry("user_id", USER_ID)
        .containsEntry("user_name", "Asha Rao");
    assertThat(recorder.events.get(4).data()).containsEntry("side", "customer")
        .containsEntry("contact_uri", CUSTOMER);
  }

  @Test
  void drive_defaultCall_detailsPrintTalk30AndDuration38InKolkataTime() {
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    start(call);

    timeline.advance(Duration.ofMinutes(5));

    CallDetails d = details(call);
    assertThat(d.callState()).isEqualTo("terminal");
    assertThat(d.callStatus()).isEqualTo(CallStatus.COMPLETED);
    assertThat(d.totalTalkTime()).isEqualTo(30L);
    assertThat(d.totalDuration()).isEqualTo(38L);
    assertThat(WIRE.format(d.createdTime())).isEqualTo("2026-03-02T10:00:00+05:30");
    assertThat(WIRE.format(d.startTime())).isEqualTo("2026-03-02T10:00:01+05:30");
    assertThat(WIRE.format(d.endTime())).isEqualTo("2026-03-02T10:00:39+05:30");
    assertThat(WIRE.format(d.updatedTime())).isEqualTo("2026-03-02T10:00:41+05:30");
  }

  @Test
  void drive_defaultCall_detailsShowLiveStateWhileActive() {
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    start(call);

    CallDetails created = details(call);

    assertThat(created.callState()).isEqualTo("active");
    assertThat(created.agentStatus()).isNull();

    timeline.advance(Duration.ofSeconds(2));
    CallDetails agentRinging = details(call);

    assertThat(agentRinging.agentStatus()).isNull();
    assertThat(agentRinging.customerStatus()).isNull();

    timeline.advance(Duration.ofSeconds(3));
    CallDetails customerRinging = details(call);

    assertThat(customerRinging.agentStatus()).isEqualTo(LegStatus.IN_PROGRESS);
    assertThat(customerRinging.customerStatus()).isNull();

    timeline.advance(Duration.ofSeconds(15));
    CallDetails talking = details(call);

    assertThat(talking.callState()).isEqualTo("active");
    assertThat(talking.agentStatus()).isEqualTo(LegStatus.IN_PROGRESS);
    assertThat(talking.customerStatus()).isEqualTo(LegStatus.IN_PROGRESS);
    assertThat(talking.callStatus()).isNull();
    assertThat(talking.totalTalkTime()).isNull();
    assertThat(talking.endTime()).isNull();

    timeline.advance(Duration.ofSeconds(20));
    CallDetails postProcessing = details(call);

    assertThat(postProcessing.callState()).isEqualTo("active");
    assertThat(postProcessing.callStatus()).isNull();
    assertThat(postProcessing.customerStatus()).isEqualTo(LegStatus.COMPLETED);
    assertThat(postProcessing.totalDuration()).isNull();
    assertThat(postProcessing.recordingUrls()).isNull();
    assertThat(recorder.legsDownAt).containsExactly(START.plusSeconds(39));

    timeline.advance(Duration.ofSeconds(1));

    assertThat(details(call).callState()).isEqualTo("terminal");
  }

  @Test
  void drive_doNotCallHitAfterAgentAnswered_customerNoDial() {
    recorder.doNotCall.set(true);
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    start(call);

    timeline.advance(Duration.ofMinutes(5));

    CallDetails d = details(call);
    assertThat(d.callStatus()).isEqualTo(CallStatus.CUSTOMER_NO_DIAL);
    assertThat(d.agentStatus()).isEqualTo(LegStatus.COMPLETED);
    assertThat(d.customerStatus()).isNull();
    assertThat(d.totalTalkTime()).isZero();
    assertThat(recorder.doNotCallAskedAt).containsExactly(START.plusSeconds(4));
    assertThat(recorder.events)
        .filteredOn(e -> e.type() == EventType.LEG_NOT_DIALLED)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.leg()).isEqualTo(2);
          assertThat(e.data()).containsEntry("side", "customer")
              .containsEntry("reason", "do_not_call");
        });
    assertThat(types()).doesNotContain(EventType.BRIDGED);
    assertThat(timeline.pending()).isZero();
  }

  @Test
  void drive_agentNeverAnswers_doNotCallListNotAsked() {
    recorder.doNotCall.set(true);
    Call call = call("+919000000001", CUSTOMER, DEFAULT_TIMEOUT, null);
    start(call);

    timeline.advance(Duration.ofMinutes(5));

    assertThat(details(call).callStatus()).isEqualTo(CallStatus.AGENT_UNANSWERED);
    assertThat(recorder.doNotCallAskedAt).isEmpty();
  }

  @Test
  void drive_attemptTimeOut_endsRingingLegAtExactlyThatMoment() {
    Call call = call(AGENT, "+919002000020", 12, null);
    start(call);

    timeline.advance(Duration.ofSeconds(15));

    assertThat(details(call).callState()).isEqualTo("active");
    assertThat(types()).doesNotContain(EventType.LEG_ENDED);

    timeline.advance(Duration.ofSeconds(3));

    CallEvent customerEnded = recorder.events.stream()
        .filter(e -> e.type() == EventType.LEG_ENDED && e.leg() == 2)
        .findFirst().orElseThrow();
    assertThat(customerEnded.at()).isEqualTo(START.plusSeconds(4 + 12));
    assertThat(customerEnded.data()).containsEntry("status", "no-answer")
        .containsEntry("hangup_by", "system").containsEntry("reason", "attempt_time_out");
    assertThat(details(call).callStatus()).isEqualTo(CallStatus.CUSTOMER_UNANSWERED);
    assertThat(timeline.pending()).as("the customer's answer due at 24 s is cancelled").isZero();
  }

  @Test
  void drive_maxTimeLimit_endsTalkingCallCountingFromFirstDial() {
    Call call = call(AGENT, "+919002000000", DEFAULT_TIMEOUT, 100);
    start(call);

    timeline.advance(Duration.ofHours(5));

    CallDetails d = details(call);
    assertThat(d.callStatus()).isEqualTo(CallStatus.COMPLETED);
    assertThat(d.totalDuration()).isEqualTo(100L);
    assertThat(d.totalTalkTime()).isEqualTo(97L);
    assertThat(recorder.events)
        .filteredOn(e -> e.type() == EventType.LEG_ENDED)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.data())
            .containsEntry("hangup_by", "system")
            .containsEntry("reason", "max_time_limit")
            .containsEntry("status", "completed"));
  }

  @Test
  void drive_noMaxTimeLimit_defaultLimitEndsACallNobodyHangsUp() {
    Call call = call(AGENT, "+919002000005", DEFAULT_TIMEOUT, null);
    start(call);

    timeline.advance(Duration.ofHours(3));

    assertThat(details(call).callState()).isEqualTo("active");

    timeline.advance(Duration.ofHours(2));

    CallDetails d = details(call);
    assertThat(d.callStatus()).isEqualTo(CallStatus.COMPLETED);
    assertThat(d.totalDuration()).isEqualTo(Duration.ofHours(4).toSeconds());
    assertThat(timeline.pending()).isZero();
  }

  @Test
  void hangup_agentDuringTalk_completesWithTalkUpToThen() {
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    OutboundCallDriver driver = start(call);
    AtomicBoolean hungUp = new AtomicBoolean();
    timeline.at(START.plusSeconds(20), call.sid(), () -> hungUp.set(driver.hangup(1)));

    timeline.advance(Duration.ofMinutes(5));

    assertThat(hungUp).isTrue();
    CallDetails d = details(call);
    assertThat(d.callStatus()).isEqualTo(CallStatus.COMPLETED);
    assertThat(d.totalTalkTime()).isEqualTo(11L);
    assertThat(d.totalDuration()).isEqualTo(19L);
    assertThat(recorder.events)
        .filteredOn(e -> e.type() == EventType.LEG_ENDED)
        .extracting(e -> e.leg() + " " + e.get("status") + " " + e.get("hangup_by"))
        .containsExactly("1 completed self", "2 completed peer");
    assertThat(driver.hangup(2)).isFalse();
  }

  @Test
  void hangup_agentWhileCustomerRings_agentCanceled() {
    Call call = call(AGENT, CUSTOMER, DEFAULT_TIMEOUT, null);
    OutboundCallDriver driver = start(call);
    timeline.at(START.plusSeconds(6), call.sid(), () -> driver.hangup(1));

    timeline.advance(Duration.ofMinutes(5));

    CallDetails d = details(call);
    assertThat(d.callStatus()).isEqualTo(CallStatus.AGENT_CANCELED);
    assertThat(d.customerStatus()).isEqualTo(LegStatus.NO_ANSWER);
    assertThat(types()).doesNotContain(EventType.BRIDGED);
    assertThat(timeline.pending()).isZero();
  }

  @Test
  void drive_ringing30sAndTalking10min_terminalFarUnderASecondOfWallTime() {
    Call call = call("+919002000030", "+919001000600", 45, null);
    start(call);

    long began = System.nanoTime();
    timeline.advance(Duration.ofMinutes(15));
    Duration wall = Duration.ofNanos(System.nanoTime() - began);

    CallDetails d = details(call);
    assertThat(d.callState()).isEqualTo("terminal");
    assertThat(d.callStatus()).isEqualTo(CallStatus.COMPLETED);
    assertThat(d.totalTalkTime()).isEqualTo(600L);
    assertThat(d.totalDuration()).isEqualTo(30L + 5 + 600);
    assertThat(wall).isLessThan(Duration.ofMillis(500));
  }

  // ---------------------------------------------------------------- helpers

  private Call call(String agentUri, String customerUri, int attemptTimeOut, Integer maxLimit) {
    CallOptions options = new CallOptions(
        false, null, null, maxLimit, attemptTimeOut, null, List.of());
    return new Call(Sids.newCallSid(), ACCOUNT, Direction.OUTBOUND, "+918045680000",
        clock.instant(), new AgentRef(USER_ID, "Asha Rao", agentUri, null, null),
        customerUri, null, options, null, null);
  }

  private OutboundCallDriver start(Call call) {
    recorder.append(call, EventType.CALL_CREATED, 0, Map.of());
    return OutboundCallDriver.start(
        call, timeline, simulator, recorder, DriverSettings.defaults());
  }

  private CallDetails details(Call call) {
    return CallDetailsRules.derive(call, List.copyOf(recorder.events), KOLKATA);
  }

  private List<EventType> types() {
    return recorder.events.stream().map(CallEvent::type).toList();
  }

  private static long second(Instant at) {
    return Duration.between(START, at).toSeconds();
  }
}
