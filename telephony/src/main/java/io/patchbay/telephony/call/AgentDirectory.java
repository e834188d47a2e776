package io.patchbay.telephony.call;

import io.patchbay.core.call.AgentRef;
import java.util.List;

/**
 * What a driver asks of the account's directory while a call runs: whom to ring, and which
 * agents the call holds busy.
 */
public interface AgentDirectory {
  /**
   * The agents to ring for a group (its members in order) or one user, each with the device to
   * ring (the user's device that is ON and verified); agents without such a device are left out.
   * Each carries the group it is reached through, or null for a user.
   */
  List<AgentRef> candidates(String accountSid, String groupId, String userId);

  /** Marks the agent busy on the call; false when it is already on a call (then skipped). */
  boolean claim(String accountSid, String userId, String callSid);

  /** Frees the agent if it is busy on this call. */
  void release(String accountSid, String userId, String callSid);
}
