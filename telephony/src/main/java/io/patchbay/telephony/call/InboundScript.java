package io.patchbay.telephony.call;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated caller does on an inbound call; the agents behave as their phones'
 * behaviours say.
 *
 * @param digits the digits pressed at each gather applet, in order
 * @param callerHangupAfter when the caller hangs up, counted from the call's start; null for
 *     never (the flow or an agent ends the call)
 * @param transfers the transfers made by the agents, one per conversation in order
 */
public record InboundScript(List<String> digits, Duration callerHangupAfter,
    List<Transfer> transfers) {

  /**
   * One transfer.
   *
   * @param after how long after its conversation starts the agent transfers
   * @param groupId the group transferred to, or null
   * @param userId the user transferred to, or null
   */
  public record Transfer(Duration after, String groupId, String userId) {
    public Transfer {
      Objects.requireNonNull(after, "after");
    }
  }

  public InboundScript {
    digits = List.copyOf(digits);
    transfers = List.copyOf(transfers);
  }
}
