package io.patchbay.bench;

import io.patchbay.core.account.Account;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.CallStatus;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.time.VirtualClock;
import io.patchbay.telephony.call.CallRecorder;
import io.patchbay.telephony.call.DriverSettings;
import io.patchbay.telephony.call.OutboundCallDriver;
import io.patchbay.telephony.sim.Behaviours;
import io.patchbay.telephony.sim.Outcome;
import io.patchbay.telephony.sim.PhoneBehaviour;
import io.patchbay.telephony.sim.Simulator;
import io.patchbay.telephony.time.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic event logs of finished Make Call calls with mixed outcomes.
 *
 * <p>Each scenario is recorded once by the real {@link OutboundCallDriver} and {@link Simulator}
 * on a manual clock, so the logs have exactly the events, data and timings the server writes;
 * {@link Scenario#instantiate} then makes a call of any agent, customer and creation time from
 * it. A change of the driver changes the loaded logs with it.
 */
public final class CallLogs {
  /** The account every template is recorded in (any valid sid: nothing is stored). */
  static final String TEMPLATE_ACCOUNT = "benchtemplate";
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final String TEMPLATE_USER_ID = "0123456789abcdef0123456789abcdef";
  private static final String TEMPLATE_USER_NAME = "Template Agent";

  /** One event of a template: its offset from the call's creation. */
  public record TemplateEvent(long offsetMillis, EventType type, int leg,
      Map<String, String> data) {}

  /**
   * A recorded call.
   *
   * @param name a label
   * @param weight its share of the loaded calls, in percent
   * @param status the outcome its log derives to
   * @param events its log, from {@code call_created} to {@code terminal}
   */
  public record Scenario(String name, int weight, CallStatus status, String agentUri,
      String customerUri, List<TemplateEvent> events) {

    /** The log of a call of this scenario made at {@code created} by another agent. */
    public List<CallEvent> instantiate(Instant created, AgentRef agent, String customer) {
      List<CallEvent> out = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        TemplateEvent t = events.get(i);
        out.add(new CallEvent(i, created.plusMillis(t.offsetMillis()), t.type(), t.leg(),
            substitute(t.data(), agent, customer)));
      }
      return out;
    }

    /** The same as {@link #instantiate} for the data of one event. */
    Map<String, String> substitute(Map<String, String> data, AgentRef agent, String customer) {
      if (data.isEmpty()) {
        return data;
      }
      Map<String, String> out = new HashMap<>(data);
      out.replaceAll((k, v) -> {
        if (v.equals(agentUri)) {
          return agent.contactUri();
        }
        if (v.equals(customerUri)) {
          return customer;
        }
        if (v.equals(TEMPLATE_USER_ID)) {
          return agent.userId();
        }
        if (v.equals(TEMPLATE_USER_NAME)) {
          return agent.userName();
        }
        return v;
      });
      return out;
    }
  }

  private record Spec(String name, int weight, CallStatus expected, PhoneBehaviour agent,
      PhoneBehaviour customer) {}

  private static final List<Spec> SPECS = List.of(
      // 70 % completed: varied rings and talk times, either party hanging up.
      new Spec("completed-30s", 20, CallStatus.COMPLETED, answer(3, null), answer(5, 30)),
      new Spec("completed-95s", 15, CallStatus.COMPLETED, answer(2, null), answer(8, 95)),
      new Spec("completed-12s", 13, CallStatus.COMPLETED, answer(3, null), answer(4, 12)),
      new Spec("completed-240s", 12, CallStatus.COMPLETED, answer(4, null), answer(12, 240)),
      new Spec("completed-agent-hangs-up", 5, CallStatus.COMPLETED, answer(3, 70),
          answer(6, null)),
      new Spec("completed-610s", 5, CallStatus.COMPLETED, answer(5, null), answer(20, 610)),
      // 14 % customer_unanswered.
      new Spec("customer-busy", 5, CallStatus.CUSTOMER_UNANSWERED, answer(3, null),
          phone(Outcome.BUSY, 6)),
      new Spec("customer-no-answer", 6, CallStatus.CUSTOMER_UNANSWERED, answer(3, null),
          phone(Outcome.NO_ANSWER, 0)),
      new Spec("customer-failed", 3, CallStatus.CUSTOMER_UNANSWERED, answer(3, null),
          phone(Outcome.FAILED, 2)),
      // 9 % agent_unanswered.
      new Spec("agent-busy", 3, CallStatus.AGENT_UNANSWERED, phone(Outcome.BUSY, 2),
          answer(5, 30)),
      new Spec("agent-no-answer", 4, CallStatus.AGENT_UNANSWERED, phone(Outcome.NO_ANSWER, 0),
          answer(5, 30)),
      new Spec("agent-failed", 2, CallStatus.AGENT_UNANSWERED, phone(Outcome.FAILED, 1),
          answer(5, 30)),
      // 3 % agent_canceled, 2 % customer_no_dial, 2 % agent_no_dial.
      new Spec("agent-canceled", 3, CallStatus.AGENT_CANCELED, answer(3, 15),
          phone(Outcome.NO_ANSWER, 0)),
      new Spec("customer-no-dial", 2, CallStatus.CUSTOMER_NO_DIAL, answer(3, null),
          phone(Outcome.UNREACHABLE, 0)),
      new Spec("agent-no-dial", 2, CallStatus.AGENT_NO_DIAL, phone(Outcome.UNREACHABLE, 0),
          answer(5, 30)));

  private final List<Scenario> scenarios;
  private final int[] byPercent = new int[100];

  private CallLogs(List<Scenario> scenarios) {
    this.scenarios = scenarios;
    int at = 0;
    for (int i = 0; i < scenarios.size(); i++) {
      for (int w = 0; w < scenarios.get(i).weight(); w++) {
        byPercent[at++] = i;
      }
    }
    if (at != 100) {
      throw new IllegalStateException("scenario weights add up to " + at + ", not 100");
    }
  }

  /**
   * Records every scenario with the real driver and simulator.
   *
   * @throws IllegalStateException if a log does not derive to the outcome its scenario is for
   */
  public static CallLogs record() {
    List<Scenario> out = new ArrayList<>();
    for (int i = 0; i < SPECS.size(); i++) {
      out.add(record(SPECS.get(i), i));
    }
    return new CallLogs(List.copyOf(out));
  }

  public List<Scenario> scenarios() {
    return scenarios;
  }

  /** The index of a scenario drawn by weight. */
  public int pick(SplittableRandom random) {
    return byPercent[random.nextInt(100)];
  }

  /** The scenario with {@code name}. */
  public Scenario named(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static Scenario record(Spec spec, int index) {
    String agentUri = String.format("+9198000%05d", index);
    String customerUri = String.format("+9197000%05d", index);
    Behaviours behaviours = new Behaviours();
    behaviours.set(TEMPLATE_ACCOUNT, agentUri, spec.agent());
    behaviours.set(TEMPLATE_ACCOUNT, customerUri, spec.customer());
    Call call = new Call("template" + "0".repeat(24 - String.valueOf(index).length()) + index,
        TEMPLATE_ACCOUNT, Direction.OUTBOUND, "+918045680001", T0,
        new AgentRef(TEMPLATE_USER_ID, TEMPLATE_USER_NAME, agentUri, null, null), customerUri,
        null, CallOptions.defaults(), null, null);
    List<CallEvent> log = Collections.synchronizedList(new ArrayList<>());
    log.add(new CallEvent(0, T0, EventType.CALL_CREATED, 0, Map.of()));
    try (Timeline timeline = Timeline.create("template-" + index,
        VirtualClock.manual(Clock.systemUTC(), T0))) {
      CallRecorder recorder = new CallRecorder() {
        @Override
        public void append(Call c, EventType type, int leg, Map<String, String> data) {
          log.add(new CallEvent(log.size(), timeline.instant(), type, leg, data));
        }

        @Override
        public void legsDown(Call c) {}

        @Override
        public boolean onDoNotCallList(Call c) {
          return false;
        }
      };
      OutboundCallDriver.start(call, timeline, new Simulator(sid -> timeline, behaviours),
          recorder, DriverSettings.defaults());
      timeline.advance(Duration.ofHours(5));
    }
    List<CallEvent> events = List.copyOf(log);
    if (events.get(events.size() - 1).type() != EventType.TERMINAL) {
      throw new IllegalStateException(spec.name() + ": the recorded call did not finish");
    }
    CallStatus status = CallDetailsRules.derive(call, events, Account.DEFAULT_ZONE).callStatus();
    if (status != spec.expected()) {
      throw new IllegalStateException(spec.name() + ": recorded as " + status + ", expected "
          + spec.expected() + " (has the simulator changed?)");
    }
    List<TemplateEvent> template = new ArrayList<>();
    for (CallEvent e : events) {
      template.add(new TemplateEvent(e.at().toEpochMilli() - T0.toEpochMilli(), e.type(),
          e.leg(), e.data()));
    }
    return new Scenario(spec.name(), spec.weight(), status, agentUri, customerUri,
        List.copyOf(template));
  }

  private static PhoneBehaviour answer(int ringSeconds, Integer hangupAfterSeconds) {
    return new PhoneBehaviour(Outcome.ANSWER, Duration.ofSeconds(ringSeconds),
        hangupAfterSeconds == null ? null : Duration.ofSeconds(hangupAfterSeconds));
  }

  private static PhoneBehaviour phone(Outcome outcome, int ringSeconds) {
    return new PhoneBehaviour(outcome, Duration.ofSeconds(ringSeconds), null);
  }
}
