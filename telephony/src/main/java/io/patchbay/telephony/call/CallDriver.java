package io.patchbay.telephony.call;

import io.patchbay.core.call.AgentRef;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The machinery every driven call shares: legs dialled through the engine, their ring
 * time-outs, bridges, transfers and the end of the call with its post-call processing. Every
 * method runs on the account's {@link Timeline}; subclasses decide the order of the legs.
 */
public abstract class CallDriver {
  final Call call;
  final Timeline timeline;
  final TelephonyEngine engine;
  final CallRecorder recorder;
  final DriverSettings settings;
  final AgentDirectory directory;
  final Map<Integer, LegState> legs = new LinkedHashMap<>();
  private final List<Timer> timers = new ArrayList<>();
  private int nextLeg = 1;
  boolean ended;
  private boolean abandoned;
  /** The leg of the agent now talking to (or being rung for) the customer, or 0. */
  int agentLeg;
  /** The customer's leg, or 0 before it exists. */
  int customerLeg;

  /** What the driver does when a dialled leg changes. */
  interface LegEvents {
    void answered(int leg);

    /** Ended before answering: busy, failed, or rang out. */
    void unanswered(int leg, LegStatus status);

    /** Its party hung up after answering. */
    void hungUp(int leg);
  }

  static final class LegState {
    final int number;
    final Side side;
    AgentRef agent;
    Leg leg;
    Timer attemptTimer;
    boolean answered;
    boolean down;

    LegState(int number, Side side) {
      this.number = number;
      this.side = side;
    }
  }

  CallDriver(Call call, Timeline timeline, TelephonyEngine engine, CallRecorder recorder,
      DriverSettings settings, AgentDirectory directory) {
    this.call = call;
    this.timeline = timeline;
    this.engine = engine;
    this.recorder = recorder;
    this.settings = settings;
    this.directory = directory;
  }

  /** Hangs up {@code leg} now, as its party would; false if the leg is not up. */
  public boolean hangup(int leg) {
    LegState state = legs.get(leg);
    if (ended || state == null || state.down || state.leg == null) {
      return false;
    }
    state.leg.hangup();
    if (state.answered) {
      partyHungUp(leg);
    } else {
      down(leg, LegStatus.NO_ANSWER, "self", "rejected");
      partyRejected(leg, LegStatus.NO_ANSWER);
    }
    return true;
  }

  /** Makes the ringing party on {@code leg} answer now; false if it is not ringing. */
  public boolean answer(int leg) {
    LegState state = legs.get(leg);
    if (ended || state == null || state.down || state.answered || state.leg == null) {
      return false;
    }
    return state.leg.answerNow();
  }

  /**
   * The agent talking to the customer hands the customer to another agent or a group: the
   * current agent's leg ends, and the target's agents are rung in order.
   *
   * @return false when no agent is talking to the customer now
   */
  public boolean transfer(String groupId, String userId) {
    LegState current = legs.get(agentLeg);
    if (ended || directory == null || current == null || current.down || !current.answered
        || !bridged()) {
      return false;
    }
    Map<String, String> to = new HashMap<>();
    putIfSet(to, "to_group_id", groupId);
    putIfSet(to, "to_user_id", userId);
    recorder.append(call, EventType.TRANSFER, agentLeg, to);
    recorder.append(call, EventType.UNBRIDGED, 0, bridgeData(agentLeg));
    int from = agentLeg;
    down(from, LegStatus.COMPLETED, "self", "transfer");
    if (current.agent != null && current.agent.userId() != null) {
      directory.release(call.accountSid(), current.agent.userId(), call.sid());
    }
    List<AgentRef> targets = directory.candidates(call.accountSid(), groupId, userId);
    hunt(targets, 0, ringSeconds(), this::transferAnswered, this::transferFailed);
    return true;
  }

  /** An agent took a transfer. */
  void transferAnswered(int leg) {
    bridge(leg);
  }

  /** Drops the call without recording anything more (the control plane's reset). */
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

  /** Numbers the next dialled leg after {@code leg}, for legs the driver makes itself. */
  void nextLegAfter(int leg) {
    nextLeg = Math.max(nextLeg, leg + 1);
  }

  /** The party of an answered leg hung up. */
  abstract void partyHungUp(int leg);

  /** The party of a leg forced to hang up before answering. */
  abstract void partyRejected(int leg, LegStatus status);

  /** How long transferred-to agents ring. */
  abstract int ringSeconds();

  /** Nobody took a transfer. */
  void transferFailed() {
    downAll("system", "transfer_unanswered");
    endCall();
  }

  boolean bridged() {
    LegState customer = legs.get(customerLeg);
    return customer != null && customer.answered && !customer.down;
  }

  /** Bridges {@code leg} (an agent) with the customer. */
  void bridge(int leg) {
    agentLeg = leg;
    recorder.append(call, EventType.BRIDGED, 0, bridgeData(leg));
  }

  private Map<String, String> bridgeData(int agent) {
    return Map.of("agent_leg", String.valueOf(agent),
        "customer_leg", String.valueOf(customerLeg));
  }

  /**
   * Rings {@code targets} from {@code index} in order, skipping agents already on a call;
   * {@code onAnswered} gets the answering leg, {@code onExhausted} runs when nobody answered.
   */
  void hunt(List<AgentRef> targets, int index, int ringSeconds, IntConsumer onAnswered,
      Runnable onExhausted) {
    for (int i = index; i < targets.size(); i++) {
      AgentRef target = targets.get(i);
      if (!directory.claim(call.accountSid(), target.userId(), call.sid())) {
        continue;
      }
      int next = i + 1;
      LegEvents events = new LegEvents() {
        @Override
        public void answered(int leg) {
          onAnswered.accept(leg);
        }

        @Override
        public void unanswered(int leg, LegStatus status) {
          directory.release(call.accountSid(), target.userId(), call.sid());
          hunt(targets, next, ringSeconds, onAnswered, onExhausted);
        }

        @Override
        public void hungUp(int leg) {
          partyHungUp(leg);
        }
      };
      Optional<Integer> leg = dial(Side.AGENT, target, target.contactUri(), ringSeconds, events);
      if (leg.isPresent()) {
        agentLeg = leg.get();
        return;
      }
      directory.release(call.accountSid(), target.userId(), call.sid());
    }
    onExhausted.run();
  }

  /**
   * Dials a new leg; empty (with a "not dialled" event) when the network refuses it.
   *
   * @param agent the agent it reaches, or null for the customer
   */
  Optional<Integer> dial(Side side, AgentRef agent, String uri, int ringSeconds,
      LegEvents events) {
    int number = nextLeg++;
    LegState state = new LegState(number, side);
    state.agent = agent;
    legs.put(number, state);
    Optional<Leg> leg = engine.dial(new DialRequest(call.accountSid(), call.sid(), number, side,
        uri), listener(state, events));
    if (leg.isEmpty()) {
      state.down = true;
      recorder.append(call, EventType.LEG_NOT_DIALLED, number,
          Map.of("side", side.wire(), "reason", "network_refused"));
      return Optional.empty();
    }
    state.leg = leg.get();
    Map<String, String> data = new HashMap<>();
    data.put("side", side.wire());
    data.put("contact_uri", uri);
    if (agent != null) {
      putIfSet(data, "user_id", agent.userId());
      putIfSet(data, "user_name", agent.userName());
      putIfSet(data, "group_id", agent.groupId());
      putIfSet(data, "group_name", agent.groupName());
    } else {
      putIfSet(data, "wait_audio_url", call.options().waitAudioUrl());
    }
    recorder.append(call, EventType.LEG_DIALLED, number, data);
    state.attemptTimer = schedule(Duration.ofSeconds(ringSeconds), () -> {
      if (!state.down && !state.answered && !ended) {
        down(number, LegStatus.NO_ANSWER, "system", "attempt_time_out");
        events.unanswered(number, LegStatus.NO_ANSWER);
      }
    });
    return Optional.of(number);
  }

  private LegListener listener(LegState state, LegEvents events) {
    return new LegListener() {
      @Override
      public void onRinging() {
        if (!state.down && !ended) {
          recorder.append(call, EventType.LEG_RINGING, state.number, Map.of());
        }
      }

      @Override
      public void onAnswered() {
        if (state.down || ended) {
          return;
        }
        state.answered = true;
        state.attemptTimer.cancel();
        recorder.append(call, EventType.LEG_ANSWERED, state.number, Map.of());
        events.answered(state.number);
      }

      @Override
      public void onEnded(LegStatus status) {
        if (state.down || ended) {
          return;
        }
        if (state.answered) {
          events.hungUp(state.number);
        } else {
          down(state.number, status, "self", "hangup");
          events.unanswered(state.number, status);
        }
      }
    };
  }

  /**
   * Takes a leg down if it is up; a null status means "completed if answered, else no-answer".
   */
  void down(int number, LegStatus status, String by, String reason) {
    LegState state = legs.get(number);
    if (state == null || state.down) {
      return;
    }
    state.down = true;
    if (state.attemptTimer != null) {
      state.attemptTimer.cancel();
    }
    if (state.leg != null) {
      state.leg.hangup();
    }
    LegStatus finalStatus = status != null ? status
        : state.answered ? LegStatus.COMPLETED : LegStatus.NO_ANSWER;
    recorder.append(call, EventType.LEG_ENDED, number,
        Map.of("status", finalStatus.wire(), "hangup_by", by, "reason", reason));
  }

  /** Takes every leg still up down. */
  void downAll(String by, String reason) {
    for (int number : List.copyOf(legs.keySet())) {
      down(number, null, by, reason);
    }
  }

  void endCall() {
    if (ended) {
      return;
    }
    ended = true;
    timers.forEach(Timer::cancel);
    recorder.append(call, EventType.CALL_ENDED, 0, Map.of());
    recorder.legsDown(call);
    schedule(settings.postProcessing(), () -> {
      recorder.beforeTerminal(call);
      recorder.append(call, EventType.TERMINAL, 0, Map.of());
    });
  }

  Timer schedule(Duration delay, Runnable task) {
    Timer timer = timeline.after(delay, call.sid(), () -> {
      if (!abandoned) {
        task.run();
      }
    });
    timers.add(timer);
    return timer;
  }

  static void putIfSet(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
