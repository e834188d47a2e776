package io.patchbay.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several Patchbay processes (nodes) on one database: each heartbeats, each call is owned by
 * one node, and the calls of a node whose heartbeat went stale are taken over by another.
 */
public interface NodeStore {
  /** Records that node {@code nodeId} is alive at {@code at} (wall clock). */
  void heartbeat(String nodeId, Instant at);

  /** Removes the node's heartbeat, so that its calls may be taken over at once. */
  void forgetNode(String nodeId);

  /**
   * Makes {@code nodeId} the owner of every call that needs an owner and has none alive: calls
   * that are not terminal or still have a pending callback, whose owner is NULL, has no
   * heartbeat, or last beat before {@code staleBefore}. Each call changes owner only if its
   * owner is still the one read (a conditional update), so of two nodes claiming at once
   * exactly one gets each call. Calls owned by {@code nodeId} itself are never returned.
   *
   * @return the sids of the calls this claim took, oldest first
   */
  List<String> claimCalls(String nodeId, Instant staleBefore);

  /**
   * Records the base URL ({@code http://host:port}) where other nodes reach the control plane
   * of node {@code nodeId}. Call after its first {@link #heartbeat}; a later heartbeat keeps it.
   */
  void advertise(String nodeId, String controlUrl);

  /**
   * The control-plane URLs of the nodes whose last heartbeat is at or after {@code aliveSince},
   * by node id. Nodes that advertised no URL are left out.
   */
  Map<String, String> liveNodes(Instant aliveSince);

  /** The node that owns the call; empty when it has none or the call is unknown. */
  Optional<String> callOwner(String callSid);
}
