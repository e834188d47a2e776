package io.patchbay.core.call;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a call's append-only event log.
 *
 * @param seq the position in the log, from 0
 * @param at when it happened, on the account's clock
 * @param type what happened
 * @param leg the leg it concerns (from 1), or 0 for the call as a whole
 * @param data the details, see {@link EventType}
 */
public record CallEvent(int seq, Instant at, EventType type, int leg, Map<String, String> data) {
  public CallEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    data = Map.copyOf(Objects.requireNonNull(data, "data"));
    if (seq < 0 || leg < 0) {
      throw new IllegalArgumentException("seq and leg must be >= 0: " + seq + ", " + leg);
    }
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return data.get(key);
  }
}
