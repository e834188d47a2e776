package io.patchbay.telephony.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.LegStatus;
import io.patchbay.core.call.Side;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.time.Timeline;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one Make Call call: the agent's leg first, then the customer's, then the conversation,
 * the hang-up and post-call processing.
 *
 * <p>Legs: 1 is the agent, 2 the customer, later ones agents reached by transfers.
 * {@code attempt_time_out} bounds each leg's ringing; {@code max_time_limit} counts from the
 * first dial and ends the call wherever it is.
 */
public final class OutboundCallDriver extends CallDriver {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundCallDriver.class);
  private static final int AGENT = 1;

  private OutboundCallDriver(Call call, Timeline timeline, TelephonyEngine engine,
      CallRecorder recorder, DriverSettings settings, AgentDirectory directory) {
    super(call, timeline, engine, recorder, settings, directory);
  }

  /** Starts driving {@code call}, which is stored and has its creation event. */
  public static OutboundCallDriver start(Call call, Timeline timeline, TelephonyEngine engine,
      CallRecorder recorder, DriverSettings settings) {
    return start(call, timeline, engine, recorder, settings, null);
  }

  /**
   * Starts driving {@code call}; with a directory, its agents can transfer the customer.
   */
  public static OutboundCallDriver start(Call call, Timeline timeline, TelephonyEngine engine,
      CallRecorder recorder, DriverSettings settings, AgentDirectory directory) {
    OutboundCallDriver driver =
        new OutboundCallDriver(call, timeline, engine, recorder, settings, directory);
    driver.schedule(settings.queueDelay(), driver::dialAgent);
    return driver;
  }

  @Override
  int ringSeconds() {
    return call.options().attemptTimeOut();
  }

  private void dialAgent() {
    Duration limit = call.options().maxTimeLimit() == null
        ? settings.defaultMaxTimeLimit()
        : Duration.ofSeconds(call.options().maxTimeLimit());
    schedule(limit, this::limitReached);
    LegEvents events = new LegEvents() {
      @Override
      public void answered(int leg) {
        agentAnswered();
      }

      @Override
      public void unanswered(int leg, LegStatus status) {
        endCall();
      }

      @Override
      public void hungUp(int leg) {
        partyHungUp(leg);
      }
    };
    if (dial(Side.AGENT, call.agent(), call.agent().contactUri(), ringSeconds(), events)
        .isEmpty()) {
      endCall();
    } else {
      agentLeg = AGENT;
    }
  }

  private void agentAnswered() {
    if (recorder.onDoNotCallList(call)) {
      LOG.debug("{} - customer on the do-not-call list, not dialled", call.sid());
      recorder.append(call, EventType.LEG_NOT_DIALLED, AGENT + 1,
          Map.of("side", Side.CUSTOMER.wire(), "reason", "do_not_call"));
      down(AGENT, LegStatus.COMPLETED, "system", "customer_not_dialled");
      endCall();
      return;
    }
    LegEvents events = new LegEvents() {
      @Override
      public void answered(int leg) {
        bridge(AGENT);
      }

      @Override
      public void unanswered(int leg, LegStatus status) {
        down(agentLeg, null, "peer", "peer_not_answered");
        endCall();
      }

      @Override
      public void hungUp(int leg) {
        partyHungUp(leg);
      }
    };
    customerLeg = dial(Side.CUSTOMER, null, call.customerUri(), ringSeconds(), events)
        .orElse(0);
    if (customerLeg == 0) {
      down(AGENT, LegStatus.COMPLETED, "system", "customer_not_dialled");
      endCall();
    }
  }

  @Override
  void partyHungUp(int leg) {
    down(leg, LegStatus.COMPLETED, "self", "hangup");
    downAll("peer", "peer_hangup");
    endCall();
  }

  @Override
  void partyRejected(int leg, LegStatus status) {
    downAll("peer", "peer_hangup");
    endCall();
  }

  private void limitReached() {
    if (ended) {
      return;
    }
    LOG.debug("{} - max_time_limit reached", call.sid());
    LegState agent = legs.get(AGENT);
    boolean customerDialled = customerLeg != 0
        || legs.values().stream().anyMatch(s -> s.side == Side.CUSTOMER);
    downAll("system", "max_time_limit");
    if (agent != null && agent.answered && !customerDialled) {
      recorder.append(call, EventType.LEG_NOT_DIALLED, AGENT + 1,
          Map.of("side", Side.CUSTOMER.wire(), "reason", "max_time_limit"));
    }
    endCall();
  }
}
