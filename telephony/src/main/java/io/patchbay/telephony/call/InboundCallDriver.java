package io.patchbay.telephony.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.LegStatus;
import io.patchbay.core.call.Side;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.time.Timeline;
import java.time.Duration;
import java.util.Map;

/**
 * Drives an inbound call through its flow: the caller's leg (1) is answered by the system,
 * then the applets run in order: greetings play, gathers take the scripted digits, connects
 * ring agents one after another until one answers, and scripted transfers hand the caller on.
 * The call ends when the caller or the talking agent hangs up, or the flow runs out.
 */
public final class InboundCallDriver extends CallDriver {
  /** How long a caller takes to press each gather's digits. */
  private static final Duration DIGIT_TIME = Duration.ofSeconds(2);

  private final Flow flow;
  private final InboundScript script;
  private int gathers;
  private int conversations;

  private InboundCallDriver(Call call, Flow flow, InboundScript script, Timeline timeline,
      TelephonyEngine engine, CallRecorder recorder, DriverSettings settings,
      AgentDirectory directory) {
    super(call, timeline, engine, recorder, settings, directory);
    this.flow = flow;
    this.script = script;
  }

  /** Starts driving {@code call}, which is stored and has its creation event. */
  public static InboundCallDriver start(Call call, Flow flow, InboundScript script,
      Timeline timeline, TelephonyEngine engine, CallRecorder recorder, DriverSettings settings,
      AgentDirectory directory) {
    InboundCallDriver driver = new InboundCallDriver(call, flow, script, timeline, engine,
        recorder, settings, directory);
    driver.schedule(Duration.ZERO, driver::begin);
    return driver;
  }

  private void begin() {
    customerLeg = 1;
    LegState caller = new LegState(1, Side.CUSTOMER);
    caller.answered = true;
    legs.put(1, caller);
    skipLeg();
    recorder.append(call, EventType.LEG_DIALLED, 1,
        Map.of("side", Side.CUSTOMER.wire(), "contact_uri", call.customerUri()));
    recorder.append(call, EventType.LEG_ANSWERED, 1, Map.of());
    if (script.callerHangupAfter() != null) {
      schedule(script.callerHangupAfter(), () -> partyHungUp(1));
    }
    run(0);
  }

  private void run(int index) {
    if (ended) {
      return;
    }
    if (index >= flow.applets().size()) {
      finish("flow_end");
      return;
    }
    switch (flow.applets().get(index)) {
      case Applet.Greeting g -> schedule(Duration.ofSeconds(g.seconds()), () -> run(index + 1));
      case Applet.Gather g -> schedule(DIGIT_TIME, () -> {
        String digits = gathers < script.digits().size() ? script.digits().get(gathers) : "";
        gathers++;
        if (!digits.isEmpty()) {
          recorder.append(call, EventType.DTMF, 1, Map.of("digits", digits));
        }
        run(index + 1);
      });
      case Applet.Connect c -> hunt(
          directory.candidates(call.accountSid(), c.groupId(), c.userId()), 0,
          c.ringSeconds(), this::connected, () -> run(index + 1));
      case Applet.Goto g -> run(g.target());
      case Applet.Hangup h -> finish("flow_hangup");
    }
  }

  private void connected(int leg) {
    bridge(leg);
    int conversation = conversations++;
    if (conversation < script.transfers().size()) {
      InboundScript.Transfer t = script.transfers().get(conversation);
      schedule(t.after(), () -> {
        if (agentLeg == leg) {
          transfer(t.groupId(), t.userId());
        }
      });
    }
  }

  @Override
  void transferAnswered(int leg) {
    connected(leg);
  }

  @Override
  int ringSeconds() {
    return 30;
  }

  @Override
  void partyHungUp(int leg) {
    down(leg, LegStatus.COMPLETED, "self", "hangup");
    downAll("peer", "peer_hangup");
    endCall();
  }

  @Override
  void partyRejected(int leg, LegStatus status) {
    if (leg == 1) {
      downAll("peer", "peer_hangup");
      endCall();
    }
  }

  private void finish(String reason) {
    downAll("system", reason);
    endCall();
  }

  /** The caller's leg is made here, not dialled: advance the leg numbering past it. */
  private void skipLeg() {
    nextLegAfter(1);
  }
}
