package io.patchbay.core.call;

import java.util.List;
import java.util.Objects;

/**
 * What the Make Call request asked for beyond the parties.
 *
 * @param recording whether to record
 * @param recordingChannels {@code "single"}, {@code "dual"} or null
 * @param waitAudioUrl audio played to the agent while the customer is dialled, or null
 * @param maxTimeLimit the longest the call may last from its start, in seconds, or null
 * @param attemptTimeOut how long each leg may ring, in seconds
 * @param customField echoed in details and callbacks, or null
 * @param statusCallbacks the callbacks asked for, possibly empty
 */
public record CallOptions(
    boolean recording,
    String recordingChannels,
    String waitAudioUrl,
    Integer maxTimeLimit,
    int attemptTimeOut,
    String customField,
    List<StatusCallback> statusCallbacks) {

  /** The ring timeout per leg when the request gives none, in seconds. */
  public static final int DEFAULT_ATTEMPT_TIME_OUT = 30;

  public CallOptions {
    statusCallbacks = List.copyOf(Objects.requireNonNull(statusCallbacks, "statusCallbacks"));
    if (attemptTimeOut <= 0) {
      throw new IllegalArgumentException("attemptTimeOut must be positive: " + attemptTimeOut);
    }
  }

  /** Options of a call that asked for nothing special. */
  public static CallOptions defaults() {
    return new CallOptions(false, null, null, null, DEFAULT_ATTEMPT_TIME_OUT, null, List.of());
  }
}
