package io.patchbay.telephony.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.LegStatus;
import io.patchbay.core.call.Side;
import io.patchbay.telephony.DialRequest;
import io.patchbay.telephony.Leg;
import io.patchbay.telephony.LegListener;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one Make Call call: the agent's leg first, then the customer's, then the conversation,
 * the hang-up and post-call processing. Every step runs on the account's {@link Timeline}; the
 * driver holds the live state and writes each step through the {@link CallRecorder}.
 *
 * <p>Legs: 1 is the agent, 2 the customer. {@code attempt_time_out} bounds each leg's ringing;
 * {@code max_time_limit} counts from the first dial and ends the call wherever it is.
 */
public final class OutboundCallDriver {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundCallDriver.class);
  private static final int AGENT = 1;
  private static final int CUSTOMER = 2;

  private final Call call;
  private final Timeline timeline;
  private final TelephonyEngine engine;
  private final CallRecorder recorder;
  private final DriverSettings settings;
  private final Map<Integer, LegState> legs = new HashMap<>();
  private final java.util.List<Timer> timers = new java.util.ArrayList<>();
  private Timer limitTimer;
  private boolean ended;
  private boolean abandoned;

  private static final class LegState {
    Leg leg;
    Timer attemptTimer;
    boolean answered;
    boolean down;
  }

  private OutboundCallDriver(Call call, Timeline timeline, TelephonyEngine engine,
      CallRecorder recorder, DriverSettings settings) {
    this.call = call;
    this.timeline = timeline;
    this.engine = engine;
    this.recorder = recorder;
    this.settings = settings;
  }

  /** Starts driving {@code call}, which is stored and has its creation event. */
  public static OutboundCallDriver start(Call call, Timeline timeline, TelephonyEngine engine,
      CallRecorder recorder, DriverSettings settings) {
    OutboundCallDriver driver =
        new OutboundCallDriver(call, timeline, engine, recorder, settings);
    driver.schedule(settings.queueDelay(), driver::dialAgent);
    return driver;
  }

  /** Hangs up {@code leg} now, as its party would; false if the leg is not up. */
  public boolean hangup(int leg) {
    LegState state = legs.get(leg);
    if (ended || state == null || state.down) {
      return false;
    }
    state.leg.hangup();
    endedByParty(leg, state.answered ? LegStatus.COMPLETED : LegStatus.NO_ANSWER);
    return true;
  }

  /** Makes the ringing party on {@code leg} answer now; false if it is not ringing. */
  public boolean answer(int leg) {
    LegState state = legs.get(leg);
    if (ended || state == null || state.down || state.answered) {
      return false;
    }
    return state.leg.answerNow();
  }

  private void dialAgent() {
    Duration limit = call.options().maxTimeLimit() == null
        ? settings.defaultMaxTimeLimit()
        : Duration.ofSeconds(call.options().maxTimeLimit());
    limitTimer = schedule(limit, this::limitReached);
    if (!dial(AGENT, Side.AGENT, call.agent().contactUri())) {
      recorder.append(call, EventType.LEG_NOT_DIALLED, AGENT,
          Map.of("side", Side.AGENT.wire(), "reason", "network_refused"));
      endCall();
    }
  }

  private boolean dial(int number, Side side, String uri) {
    LegState state = new LegState();
    legs.put(number, state);
    Optional<Leg> leg = engine.dial(
        new DialRequest(call.accountSid(), call.sid(), number, side, uri), listener(number));
    if (leg.isEmpty()) {
      state.down = true;
      return false;
    }
    state.leg = leg.get();
    Map<String, String> data = new HashMap<>();
    data.put("side", side.wire());
    data.put("contact_uri", uri);
    if (side == Side.AGENT) {
      putIfSet(data, "user_id", call.agent().userId());
      putIfSet(data, "user_name", call.agent().userName());
    } else {
      putIfSet(data, "wait_audio_url", call.options().waitAudioUrl());
    }
    recorder.append(call, EventType.LEG_DIALLED, number, data);
    state.attemptTimer = schedule(
        Duration.ofSeconds(call.options().attemptTimeOut()), () -> timedOut(number));
    return true;
  }

  private LegListener listener(int number) {
    return new LegListener() {
      @Override
      public void onRinging() {
        if (!legs.get(number).down) {
          recorder.append(call, EventType.LEG_RINGING, number, Map.of());
        }
      }

      @Override
      public void onAnswered() {
        answered(number);
      }

      @Override
      public void onEnded(LegStatus status) {
        endedByParty(number, status);
      }
    };
  }

  private void answered(int number) {
    LegState state = legs.get(number);
    if (state.down || ended) {
      return;
    }
    state.answered = true;
    state.attemptTimer.cancel();
    recorder.append(call, EventType.LEG_ANSWERED, number, Map.of());
    if (number == CUSTOMER) {
      recorder.append(call, EventType.BRIDGED, 0,
          Map.of("agent_leg", String.valueOf(AGENT), "customer_leg", String.valueOf(CUSTOMER)));
      return;
    }
    if (recorder.onDoNotCallList(call)) {
      LOG.debug("{} - customer on the do-not-call list, not dialled", call.sid());
      recorder.append(call, EventType.LEG_NOT_DIALLED, CUSTOMER,
          Map.of("side", Side.CUSTOMER.wire(), "reason", "do_not_call"));
      down(AGENT, LegStatus.COMPLETED, "system", "customer_not_dialled");
      endCall();
      return;
    }
    if (!dial(CUSTOMER, Side.CUSTOMER, call.customerUri())) {
      recorder.append(call, EventType.LEG_NOT_DIALLED, CUSTOMER,
          Map.of("side", Side.CUSTOMER.wire(), "reason", "network_refused"));
      down(AGENT, LegStatus.COMPLETED, "system", "customer_not_dialled");
      endCall();
    }
  }

  /** The party on {@code number} ended its leg (or never took it). */
  private void endedByParty(int number, LegStatus status) {
    LegState state = legs.get(number);
    if (state == null || state.down || ended) {
      return;
    }
    down(number, status, "self", "hangup");
    int other = number == AGENT ? CUSTOMER : AGENT;
    down(other, null, "peer", "peer_hangup");
    endCall();
  }

  private void timedOut(int number) {
    LegState state = legs.get(number);
    if (state.down || state.answered || ended) {
      return;
    }
    down(number, LegStatus.NO_ANSWER, "system", "attempt_time_out");
    down(number == AGENT ? CUSTOMER : AGENT, null, "system", "peer_not_answered");
    endCall();
  }

  private void limitReached() {
    if (ended) {
      return;
    }
    LOG.debug("{} - max_time_limit reached", call.sid());
    LegState agent = legs.get(AGENT);
    for (int number : new int[] {CUSTOMER, AGENT}) {
      down(number, null, "system", "max_time_limit");
    }
    if (agent != null && agent.answered && !legs.containsKey(CUSTOMER)) {
      recorder.append(call, EventType.LEG_NOT_DIALLED, CUSTOMER,
          Map.of("side", Side.CUSTOMER.wire(), "reason", "max_time_limit"));
    }
    endCall();
  }

  /**
   * Takes a leg down if it is up; a null status means "completed if answered, else no-answer".
   */
  private void down(int number, LegStatus status, String by, String reason) {
    LegState state = legs.get(number);
    if (state == null || state.down) {
      return;
    }
    state.down = true;
    if (state.attemptTimer != null) {
      state.attemptTimer.cancel();
    }
    state.leg.hangup();
    LegStatus finalStatus = status != null ? status
        : state.answered ? LegStatus.COMPLETED : LegStatus.NO_ANSWER;
    recorder.append(call, EventType.LEG_ENDED, number,
        Map.of("status", finalStatus.wire(), "hangup_by", by, "reason", reason));
  }

  private void endCall() {
    if (ended) {
      return;
    }
    ended = true;
    if (limitTimer != null) {
      limitTimer.cancel();
    }
    recorder.append(call, EventType.CALL_ENDED, 0, Map.of());
    recorder.legsDown(call);
    schedule(settings.postProcessing(),
        () -> recorder.append(call, EventType.TERMINAL, 0, Map.of()));
  }

  /**
   * Drops the call without recording anything more: every timer is cancelled and every leg
   * hung up quietly (the control plane's reset, which deletes the call). Runs on the timeline.
   */
  public void abandon() {
    abandoned = true;
    ended = true;
    timers.forEach(Timer::cancel);
    for (LegState state : legs.values()) {
      if (!state.down && state.leg != null) {
        state.down = true;
        state.leg.hangup();
      }
    }
  }

  private Timer schedule(Duration delay, Runnable task) {
    Timer timer = timeline.after(delay, call.sid(), () -> {
      if (!abandoned) {
        task.run();
      }
    });
    timers.add(timer);
    return timer;
  }

  private static void putIfSet(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
