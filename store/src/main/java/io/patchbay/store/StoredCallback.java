package io.patchbay.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A status callback in the outbox.
 *
 * @param id the store's id, unique across accounts
 * @param accountSid the account of the call
 * @param callSid the call it reports on
 * @param position the index of its item in the Make Call {@code status_callback} array
 * @param event {@code answered} or {@code terminal}
 * @param url where to POST it
 * @param body the exact JSON every attempt sends
 * @param createdAt when the event happened, on the account's clock
 * @param state where the delivery stands
 * @param tries attempts made since it was last queued (a replay queues it again)
 * @param dueAt when the next attempt is due, on the account's clock (meaningful while pending)
 */
public record StoredCallback(long id, String accountSid, String callSid, int position,
    String event, String url, String body, Instant createdAt, State state, int tries,
    Instant dueAt) {

  /** Where a delivery stands. */
  public enum State {
    /** Waiting for its next attempt. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** Given up: retries exhausted, host not allowed, or dropped by a sandbox fault. */
    FAILED;

    /** The lowercase name the store and the API use. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state named {@code wire}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static State fromWire(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }

  public StoredCallback {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  /** This callback after an attempt that leaves it {@code newState}. */
  public StoredCallback after(State newState, int newTries, Instant newDueAt) {
    return new StoredCallback(id, accountSid, callSid, position, event, url, body, createdAt,
        newState, newTries, newDueAt);
  }
}
