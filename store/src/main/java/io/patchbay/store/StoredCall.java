package io.patchbay.store;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import java.util.List;

/**
 * A call as stored: what was fixed at creation and its whole event log.
 *
 * @param agentUserId the user held busy by this call, or null
 */
public record StoredCall(Call call, String agentUserId, List<CallEvent> events) {
  public StoredCall {
    events = List.copyOf(events);
  }
}
