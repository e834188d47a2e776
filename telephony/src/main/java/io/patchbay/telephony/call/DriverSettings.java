package io.patchbay.telephony.call;

import java.time.Duration;

/**
 * The timings of a driven call that no request sets, on the account's clock.
 *
 * @param queueDelay from the request to dialling the first leg
 * @param postProcessing from the end of the call to {@code terminal}
 * @param defaultMaxTimeLimit the longest a call may last when the request sets no limit
 */
public record DriverSettings(
    Duration queueDelay, Duration postProcessing, Duration defaultMaxTimeLimit) {

  /** One second of queueing, two of post-processing, four hours at most. */
  public static DriverSettings defaults() {
    return new DriverSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(4));
  }
}
