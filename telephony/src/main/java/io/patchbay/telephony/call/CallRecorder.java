package io.patchbay.telephony.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.EventType;
import java.util.Map;

/**
 * Where a call driver writes what happens: the server appends to the event log, frees agents
 * and answers the checks a driver needs while the call runs.
 */
public interface CallRecorder {
  /** Appends an event at the timeline's current instant. */
  void append(Call call, EventType type, int leg, Map<String, String> data);

  /** Every leg of the call is down: its agent is free for the next call. */
  void legsDown(Call call);

  /** Whether the customer's number is on the do-not-call list now. */
  boolean onDoNotCallList(Call call);

  /**
   * Post-call processing, before the call turns terminal: the server writes the recordings of
   * a recorded call here.
   */
  default void beforeTerminal(Call call) {}
}
