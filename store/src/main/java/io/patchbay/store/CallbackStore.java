package io.patchbay.store;

import io.patchbay.core.call.CallEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The status callback outbox: callbacks recorded with the event that causes them, their
 * delivery attempts, and each account's signing secret.
 */
public interface CallbackStore {
  /**
   * Appends {@code event} to the call's log, as {@link CallStore#append} does, and puts
   * {@code callbacks} in the outbox, all in one transaction. A callback whose call and position
   * are already in the outbox is skipped.
   *
   * @return the callbacks stored, pending and due at their creation instant
   * @throws StoreException if an event with that sequence number exists (nothing is stored)
   */
  List<StoredCallback> append(String callSid, CallEvent event, List<NewCallback> callbacks);

  /**
   * Queues what {@link #append(String, CallEvent, List)} does and returns without waiting for
   * it: for a call's timeline, which should not wait for the disk at every event. Writes commit
   * in the order they were queued, from whichever thread, so a call's events are stored in
   * order, and a write anyone waits for (every other write of the store, or
   * {@link CallStore#awaitWrites}) is durable only with everything queued before it.
   *
   * <p><b>Note:</b> until the future completes, the event may be lost in a crash; show it to
   * no one before then. Code chained onto the future runs on the store's writer thread and
   * must be short; it must not wait for the store.
   *
   * @return completes with the callbacks stored once the event and they are durable, or
   *     exceptionally with {@link StoreException} (nothing stored) when, for example, an event
   *     with that sequence number exists
   */
  java.util.concurrent.CompletableFuture<List<StoredCallback>> appendLater(String callSid,
      CallEvent event, List<NewCallback> callbacks);

  /** Every pending callback, by due instant, then id. */
  List<StoredCallback> pendingCallbacks();

  /** The callbacks of a call of {@code accountSid}, by id; empty for an unknown call. */
  List<StoredCallback> callbacks(String accountSid, String callSid);

  /** The callback with {@code id}, any account. */
  Optional<StoredCallback> callback(long id);

  /** Every attempt at the callbacks of {@code callSid}, in order. */
  List<CallbackAttempt> callbackAttempts(String callSid);

  /**
   * Logs {@code attempt} and, when its callback is still pending, moves the callback to
   * {@code state} with {@code tries} and {@code dueAt}, in one transaction.
   *
   * @param state the callback's new state, or null to log the attempt only
   * @return whether the callback moved; false when it was not pending or {@code state} is null
   *     (the attempt is logged all the same)
   * @throws StoreException if there is no callback {@code attempt.callbackId()}
   */
  boolean recordAttempt(CallbackAttempt attempt, StoredCallback.State state, int tries,
      Instant dueAt);

  /**
   * Queues a delivered or failed callback again, with no tries, due at {@code dueAt}.
   *
   * @return the callback as queued; empty when it is unknown or already pending
   */
  Optional<StoredCallback> requeueCallback(long id, Instant dueAt);

  /** The account's callback signing secret; empty when signing is off. */
  Optional<String> signingSecret(String accountSid);

  /** Sets the account's signing secret; null turns signing off. */
  void setSigningSecret(String accountSid, String secret);
}
