package io.patchbay.server.http;

import java.util.Map;
import java.util.Optional;

/** Where the API server takes armed faults from; the sandbox implements it. */
public interface FaultSource {
  /** Whether any fault is armed for the account: a cheap check for the event loop. */
  boolean armed(String accountSid);

  /**
   * Takes the fault that applies to this request, if any; a taken one-shot fault is spent.
   *
   * @param params the request's path parameters ({@code callSid} for a call's routes)
   */
  Optional<Fault> take(String accountSid, Map<String, String> params);

  /** No faults ever. */
  static FaultSource none() {
    return new FaultSource() {
      @Override
      public boolean armed(String accountSid) {
        return false;
      }

      @Override
      public Optional<Fault> take(String accountSid, Map<String, String> params) {
        return Optional.empty();
      }
    };
  }
}
