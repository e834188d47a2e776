package io.patchbay.server.callbacks;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.StatusCallback;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.Reply;
import io.patchbay.store.NewCallback;
import io.patchbay.store.Store;
import io.patchbay.store.StoredCallback;
import io.patchbay.telephony.time.Timelines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status callbacks (contract §5, docs/callbacks.md): decides which events fire callbacks,
 * records them in the store's outbox in the same transaction as the event, and delivers them
 * with retries, after the call's Make Call response has been written.
 */
public final class Callbacks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);
  private static final byte[] SID_PREFIX = "{\"call_sid\":\"".getBytes(StandardCharsets.UTF_8);
  private static final int SID_LENGTH = 32;

  private final Store store;
  private final Timelines timelines;
  private final HostAllowList allow;
  private final Faults faults = new Faults();
  private final Sender sender;
  private final Dispatcher dispatcher;

  /** Creates the service; {@link #start} then resumes what an earlier process left pending. */
  public Callbacks(Store store, Timelines timelines, CallbackSettings settings) {
    this(store, timelines, settings, null);
  }

  /**
   * Creates the service of node {@code nodeId}: an attempt is made only while the store names
   * that node as the owner of the callback's call (a replay excepted), so that two nodes never
   * send the same callback. A null {@code nodeId} sends without that check.
   */
  public Callbacks(Store store, Timelines timelines, CallbackSettings settings, String nodeId) {
    this.store = store;
    this.timelines = timelines;
    this.allow = HostAllowList.of(settings.allowHosts());
    this.sender = new Sender(settings.timeout(), Clock.systemUTC());
    this.dispatcher = new Dispatcher(store, timelines, settings, sender, faults,
        () -> ThreadLocalRandom.current().nextDouble(),
        nodeId == null ? callSid -> true
            : callSid -> store.callOwner(callSid).filter(nodeId::equals).isPresent());
  }

  /**
   * Checks a Make Call request's callbacks against the server's allow-list.
   *
   * @throws ApiException 400/10725 naming the first item whose host is not allowed
   */
  public void check(List<StatusCallback> callbacks) {
    for (int i = 0; i < callbacks.size(); i++) {
      if (!allow.allows(callbacks.get(i).url())) {
        throw new ApiException(ErrorCode.MAKE_CALL_INVALID, "status_callback[" + i
            + "].url: this server does not send callbacks to that host");
      }
    }
  }

  /** Keeps a new call's callbacks back until its Make Call response has been written. */
  public void hold(Call call) {
    if (!call.options().statusCallbacks().isEmpty()) {
      dispatcher.hold(call.sid());
    }
  }

  /**
   * A reply has been written (or its connection is gone): if it is a Make Call response, the
   * call's callbacks may go. Runs on the event loop; does not block.
   */
  public void written(Reply reply) {
    byte[] data = reply.data();
    if (data == null || data.length < SID_PREFIX.length + SID_LENGTH) {
      return;
    }
    for (int i = 0; i < SID_PREFIX.length; i++) {
      if (data[i] != SID_PREFIX[i]) {
        return;
      }
    }
    dispatcher.release(new String(data, SID_PREFIX.length, SID_LENGTH,
        StandardCharsets.US_ASCII));
  }

  /** Lets the call's callbacks go (what {@link #written} does for a Make Call response). */
  void release(String callSid) {
    dispatcher.release(callSid);
  }

  /**
   * Appends {@code event} to the call's log, with the callbacks it fires in the same
   * transaction, and schedules their delivery; returns once that is durable.
   *
   * @param before the call's log before {@code event}
   * @param details renders the call's {@code data} object from a whole log
   * @throws io.patchbay.store.StoreException if the store fails (nothing is stored)
   */
  public void append(Call call, Supplier<List<CallEvent>> before, CallEvent event,
      Function<List<CallEvent>, byte[]> details) {
    List<NewCallback> rows = fired(call, before, event, details);
    if (rows.isEmpty()) {
      store.append(call.sid(), event);
      return;
    }
    scheduleStored(call, store.append(call.sid(), event, rows));
  }

  /**
   * Queues {@code event} for the call's log, with the callbacks it fires in the same
   * transaction, and returns without waiting for the disk (a call's timeline goes on with its
   * next step meanwhile). Their delivery is scheduled once they are durable.
   *
   * <p><b>Note:</b> the event is not durable, so not to be shown to anyone, before the future
   * completes; see {@link io.patchbay.store.CallbackStore#appendLater}.
   *
   * @param before the call's log before {@code event}
   * @param details renders the call's {@code data} object from a whole log
   * @return completes once the event and its callbacks are durable, or exceptionally with
   *     {@link io.patchbay.store.StoreException} when they could not be stored
   */
  public CompletableFuture<Void> appendLater(Call call, Supplier<List<CallEvent>> before,
      CallEvent event, Function<List<CallEvent>, byte[]> details) {
    List<NewCallback> rows = fired(call, before, event, details);
    CompletableFuture<List<StoredCallback>> stored =
        store.appendLater(call.sid(), event, rows);
    return rows.isEmpty() ? stored.thenRun(() -> { })
        : stored.thenAccept(cbs -> scheduleStored(call, cbs));
  }

  /** The outbox rows {@code event} fires: none unless the call subscribed to its kind. */
  private List<NewCallback> fired(Call call, Supplier<List<CallEvent>> before, CallEvent event,
      Function<List<CallEvent>, byte[]> details) {
    List<StatusCallback> subscribed = call.options().statusCallbacks();
    if (subscribed.isEmpty() || !Triggers.mayFire(event.type())) {
      return List.of();
    }
    List<CallEvent> log = new ArrayList<>(before.get());
    log.add(event);
    Optional<String> fired = Triggers.fired(call.direction(), log);
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < subscribed.size(); i++) {
      if (fired.isPresent() && subscribed.get(i).event().equals(fired.get())) {
        positions.add(i);
      }
    }
    String body = null;
    if (!positions.isEmpty()) {
      try {
        body = Payload.body(fired.get(), details.apply(log));
      } catch (RuntimeException e) {
        LOG.error("{} - {} callback body cannot be rendered; none sent", call.sid(),
            fired.get(), e);
      }
    }
    if (body == null) {
      return List.of();
    }
    List<NewCallback> rows = new ArrayList<>();
    for (int i : positions) {
      rows.add(new NewCallback(call.accountSid(), call.sid(), i, fired.get(),
          subscribed.get(i).url(), body, event.at()));
    }
    return rows;
  }

  private void scheduleStored(Call call, List<StoredCallback> stored) {
    if (stored.isEmpty()) {
      return;
    }
    LOG.debug("{} - {} {} callback(s) queued", call.sid(), stored.size(),
        stored.get(0).event());
    stored.forEach(cb -> dispatcher.schedule(cb, cb.dueAt()));
  }

  /**
   * Schedules every callback an earlier process left pending, at once (retry delays that
   * were running are not waited out again).
   *
   * @return how many were pending
   */
  public int start() {
    List<StoredCallback> pending = store.pendingCallbacks();
    for (StoredCallback cb : pending) {
      Instant now = timelines.of(cb.accountSid()).instant();
      dispatcher.schedule(cb, cb.dueAt().isBefore(now) ? cb.dueAt() : now);
    }
    if (!pending.isEmpty()) {
      LOG.info("{} pending callback(s) resumed", pending.size());
    }
    return pending.size();
  }

  /**
   * Schedules the pending callbacks of one call, as {@link #start} does for all: for a call
   * this node has just taken over from a node that stopped.
   *
   * @return how many were pending
   */
  public int resume(String accountSid, String callSid) {
    List<StoredCallback> pending = store.callbacks(accountSid, callSid).stream()
        .filter(cb -> cb.state() == StoredCallback.State.PENDING).toList();
    for (StoredCallback cb : pending) {
      Instant now = timelines.of(cb.accountSid()).instant();
      dispatcher.schedule(cb, cb.dueAt().isBefore(now) ? cb.dueAt() : now);
    }
    if (!pending.isEmpty()) {
      LOG.info("{} - {} pending callback(s) resumed", callSid, pending.size());
    }
    return pending.size();
  }

  /**
   * Waits until no delivery attempt is running, no released callback waits to run and no call
   * waits for its Make Call response to be written; for tests on a manual clock. Attempts due
   * later on the clock do not count.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return dispatcher.awaitIdle(timeout);
  }

  Store store() {
    return store;
  }

  Faults faults() {
    return faults;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  @Override
  public void close() {
    dispatcher.close();
    sender.close();
  }
}
