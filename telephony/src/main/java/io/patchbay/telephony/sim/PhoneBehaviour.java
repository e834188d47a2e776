package io.patchbay.telephony.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated phone behaves when dialled.
 *
 * @param outcome what it does
 * @param ringFor how long it rings before answering, or before the busy or failed signal
 * @param hangupAfter how long after answering it hangs up by itself; null for never
 */
public record PhoneBehaviour(Outcome outcome, Duration ringFor, Duration hangupAfter) {
  public PhoneBehaviour {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(ringFor, "ringFor");
    if (ringFor.isNegative()) {
      throw new IllegalArgumentException("ringFor must not be negative: " + ringFor);
    }
    if (hangupAfter != null && hangupAfter.isNegative()) {
      throw new IllegalArgumentException("hangupAfter must not be negative: " + hangupAfter);
    }
  }
}
