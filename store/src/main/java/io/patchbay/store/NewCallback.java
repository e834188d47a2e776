package io.patchbay.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A status callback to put in the outbox, due at once.
 *
 * @param accountSid the account of the call
 * @param callSid the call it reports on
 * @param position the index of its item in the Make Call {@code status_callback} array; a call
 *     has at most one callback per position
 * @param event {@code answered} or {@code terminal}
 * @param url where to POST it
 * @param body the exact JSON every attempt sends
 * @param createdAt when the event happened, on the account's clock
 */
public record NewCallback(String accountSid, String callSid, int position, String event,
    String url, String body, Instant createdAt) {
  public NewCallback {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0: " + position);
    }
  }
}
