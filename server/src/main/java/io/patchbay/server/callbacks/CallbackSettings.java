package io.patchbay.server.callbacks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How status callbacks are delivered: the retry policy, the per-attempt timeout and the hosts
 * callbacks may go to.
 *
 * @param retries attempts after the first, when it fails (timeout, connection error, non-2xx);
 *     the real service makes 2, the default
 * @param firstRetry the delay before the first retry, on the account's clock; each later retry
 *     waits twice as long as the one before, up to {@code maxRetryDelay}, each with +/-20 %
 *     jitter
 * @param maxRetryDelay the longest delay between two attempts
 * @param timeout how long a receiver has to connect and answer, in wall-clock time
 * @param allowHosts host patterns callbacks may be sent to ({@code example.com},
 *     {@code *.example.com}, an IP literal); empty allows every host
 */
public record CallbackSettings(int retries, Duration firstRetry, Duration maxRetryDelay,
    Duration timeout, List<String> allowHosts) {

  /** The most retries a policy may ask for. */
  public static final int MAX_RETRIES = 20;

  public CallbackSettings {
    Objects.requireNonNull(firstRetry, "firstRetry");
    Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
    Objects.requireNonNull(timeout, "timeout");
    allowHosts = List.copyOf(allowHosts);
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          "retries must be from 0 to " + MAX_RETRIES + ": " + retries);
    }
    if (firstRetry.isNegative() || firstRetry.isZero() || maxRetryDelay.compareTo(firstRetry) < 0
        || maxRetryDelay.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("retry delays must satisfy 0 < first <= max <= 1 day");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    HostAllowList.of(allowHosts);
  }

  /** The real service's policy: 2 retries after 5 s and 10 s, a 15 s timeout, any host. */
  public static CallbackSettings defaults() {
    return new CallbackSettings(2, Duration.ofSeconds(5), Duration.ofMinutes(10),
        Duration.ofSeconds(15), List.of());
  }

  /** A copy with another number of retries. */
  public CallbackSettings withRetries(int newRetries) {
    return new CallbackSettings(newRetries, firstRetry, maxRetryDelay, timeout, allowHosts);
  }

  /** A copy that sends callbacks only to hosts matching {@code patterns}. */
  public CallbackSettings withAllowHosts(List<String> patterns) {
    return new CallbackSettings(retries, firstRetry, maxRetryDelay, timeout, patterns);
  }

  /**
   * The delay before retry number {@code retry} (from 1).
   *
   * @param random a number in [0, 1) that picks the jitter
   */
  Duration retryDelay(int retry, double random) {
    int doublings = Math.min(Math.max(retry - 1, 0), 30);
    long base = firstRetry.toMillis() << doublings;
    long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, maxRetryDelay.toMillis());
    long jittered = Math.round(capped * (0.8 + 0.4 * random));
    return Duration.ofMillis(Math.min(jittered, maxRetryDelay.toMillis()));
  }
}
