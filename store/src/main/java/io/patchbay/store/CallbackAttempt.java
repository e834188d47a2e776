package io.patchbay.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver a status callback, as the delivery log shows it.
 *
 * @param id the store's id (0 before it is stored); attempts are ordered by it
 * @param callbackId the callback attempted
 * @param at when the attempt started, on the account's clock
 * @param url where it was sent
 * @param status the receiver's HTTP status, or null when there was no response
 * @param latencyMillis wall-clock milliseconds from sending to the response or the error
 * @param error what went wrong (timeout, connection refused, non-2xx, ...), or null
 * @param note why this attempt is special ({@code replay}, a sandbox fault), or null
 */
public record CallbackAttempt(long id, long callbackId, Instant at, String url, Integer status,
    long latencyMillis, String error, String note) {
  public CallbackAttempt {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(url, "url");
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latencyMillis must be >= 0: " + latencyMillis);
    }
  }

  /** Whether the receiver answered 2xx. */
  public boolean succeeded() {
    return status != null && status >= 200 && status < 300;
  }
}
