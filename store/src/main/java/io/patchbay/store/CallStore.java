package io.patchbay.store;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import java.util.List;
import java.util.Optional;

/** Calls and their append-only event logs. */
public interface CallStore {
  /**
   * Stores a new call with its first event and, when {@code agentUserId} is not null, marks that
   * user busy on it, all in one transaction.
   *
   * @return false, storing nothing, when the agent is already on another call
   */
  default boolean createCall(Call call, String agentUserId, CallEvent first) {
    return createCall(call, agentUserId, first, null);
  }

  /**
   * Stores a new call owned by node {@code ownerNode} (null: no owner yet), as
   * {@link #createCall(Call, String, CallEvent)} does.
   *
   * @return false, storing nothing, when the agent is already on another call
   */
  boolean createCall(Call call, String agentUserId, CallEvent first, String ownerNode);

  /**
   * As {@link #createCall(Call, String, CallEvent, String)}, and marks the agent's device
   * {@code agentDeviceId} busy in the same transaction (what releasing the call's agents
   * undoes).
   *
   * @return false, storing nothing, when the agent is already on another call
   * @throws IllegalArgumentException if {@code agentUserId} is null
   */
  boolean createCall(Call call, String agentUserId, long agentDeviceId, CallEvent first,
      String ownerNode);

  /** The call and its log, when it belongs to {@code accountSid}. */
  Optional<StoredCall> call(String accountSid, String callSid);

  /**
   * Appends {@code event} to the call's log. A {@code TERMINAL} event also marks the call
   * terminal.
   *
   * @throws StoreException if an event with that sequence number exists
   */
  void append(String callSid, CallEvent event);

  /** Frees {@code userId} if it is still busy on {@code callSid}. */
  void releaseAgent(String accountSid, String userId, String callSid);

  /** Sids of every call that is not terminal, oldest first. */
  List<String> liveCallSids();

  /** Loads a call by sid alone, for recovery; any account. */
  Optional<StoredCall> callBySid(String callSid);

  /** How many calls the account has. */
  long countCalls(String accountSid);

  /**
   * Deletes every call of the account with its log, and frees its agents (the control plane's
   * reset).
   *
   * @return how many calls were deleted
   */
  int deleteCalls(String accountSid);

  /**
   * Marks {@code userId} busy on {@code callSid} if it is free (an agent rung by a flow or a
   * transfer).
   *
   * @return false when the user is on another call, or does not exist
   */
  boolean claimAgent(String accountSid, String userId, String callSid);

  /**
   * Frees every user busy on {@code callSid} and marks their busy devices free.
   *
   * @return the user ids freed
   */
  List<String> releaseCallAgents(String accountSid, String callSid);

  /**
   * Queues what {@link #releaseCallAgents} does, in order with the call's queued events (see
   * {@link CallbackStore#appendLater}), and returns without waiting for it.
   *
   * @return completes with the user ids freed once that is durable, or exceptionally with
   *     {@link StoreException}
   */
  java.util.concurrent.CompletableFuture<List<String>> releaseCallAgentsLater(String accountSid,
      String callSid);

  /**
   * Returns once every write queued before this call, by any thread, is durable (events queued
   * with {@link CallbackStore#appendLater} included).
   *
   * @throws StoreException if the store is closed or fails
   */
  void awaitWrites();

  /**
   * The time of the latest event of the account's newest call, so that a clock made after a
   * restart never starts before what was already recorded.
   */
  Optional<java.time.Instant> latestActivity(String accountSid);
}
