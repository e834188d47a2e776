package io.patchbay.server.http;

/**
 * A one-shot failure the control plane arms on the public API.
 *
 * @param kind what to do to the request
 * @param delayMillis how long to hold the request, for {@link Kind#DELAY}
 */
public record Fault(Kind kind, long delayMillis) {
  /** The kinds of fault. */
  public enum Kind {
    /** Answer 500 with code 3042, as a storage outage would. */
    ERROR_500,
    /** Answer 429 with a Retry-After of one second. */
    RATE_LIMIT_429,
    /** Hold the request, then serve it normally. */
    DELAY
  }
}
