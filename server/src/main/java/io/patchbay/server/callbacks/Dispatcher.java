package io.patchbay.server.callbacks;

import io.patchbay.store.CallbackAttempt;
import io.patchbay.store.CallbackStore;
import io.patchbay.store.StoreException;
import io.patchbay.store.StoredCallback;
import io.patchbay.store.StoredCallback.State;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Every step is timed on the account's {@link Timeline} (so a manual clock
 * controls retries), while each HTTP request runs on its own virtual thread (so neither the
 * timeline nor the event loop ever waits for a receiver).
 *
 * <p>A callback goes: due → gate (waits while its call's Make Call response is unwritten) →
 * fault (a sandbox fault may delay, reorder, drop or duplicate its first attempt) → attempt →
 * delivered, failed, or due again after a backoff. {@code active} holds every callback in that
 * pipeline, so that no callback is ever in it twice.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** The longest a call's callbacks wait for its Make Call response, in wall-clock time. */
  static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

  private final CallbackStore store;
  private final Timelines timelines;
  private final CallbackSettings settings;
  private final HostAllowList allow;
  private final Sender sender;
  private final Faults faults;
  private final DoubleSupplier random;
  private final Predicate<String> owns;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Long> active = ConcurrentHashMap.newKeySet();
  private final Set<Long> faulted = ConcurrentHashMap.newKeySet();
  private final Set<Long> duplicates = ConcurrentHashMap.newKeySet();
  private final Set<Long> replays = ConcurrentHashMap.newKeySet();
  /** Callbacks out of the pipeline whose final state is being recorded. */
  private final Set<Long> settling = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> holds = new HashMap<>();
  private final Map<String, List<StoredCallback>> parked = new HashMap<>();
  private final Map<String, List<StoredCallback>> reordered = new HashMap<>();
  private final Busy busy = new Busy();
  private volatile boolean closed;

  Dispatcher(CallbackStore store, Timelines timelines, CallbackSettings settings, Sender sender,
      Faults faults, DoubleSupplier random) {
    this(store, timelines, settings, sender, faults, random, callSid -> true);
  }

  /**
   * A dispatcher that attempts a callback (a replay excepted) only while {@code owns} says this
   * node owns its call.
   */
  Dispatcher(CallbackStore store, Timelines timelines, CallbackSettings settings, Sender sender,
      Faults faults, DoubleSupplier random, Predicate<String> owns) {
    this.owns = owns;
    this.store = store;
    this.timelines = timelines;
    this.settings = settings;
    this.allow = HostAllowList.of(settings.allowHosts());
    this.sender = sender;
    this.faults = faults;
    this.random = random;
  }

  /**
   * Keeps the call's callbacks back until {@link #release}, or {@link #HOLD_LIMIT} at most. A
   * hold counts as busy for {@link #awaitIdle}.
   */
  void hold(String callSid) {
    synchronized (this) {
      if (holds.put(callSid, System.nanoTime()) != null) {
        return;
      }
      busy.up();
    }
    try {
      threads.execute(() -> releaseLater(callSid));
    } catch (RuntimeException e) {
      release(callSid);
    }
  }

  /** Lets the call's callbacks go: its Make Call response has been written. */
  void release(String callSid) {
    List<StoredCallback> waiting;
    synchronized (this) {
      if (holds.remove(callSid) == null) {
        return;
      }
      waiting = parked.remove(callSid);
    }
    if (waiting != null) {
      waiting.forEach(cb -> soon(cb, () -> afterGate(cb)));
    }
    busy.down();
  }

  synchronized boolean isHeld(String callSid) {
    return holds.containsKey(callSid);
  }

  /** Puts a pending callback in the pipeline at {@code when}, unless it is there already. */
  void schedule(StoredCallback cb, Instant when) {
    if (!active.add(cb.id())) {
      return;
    }
    if (settling.contains(cb.id())) {
      // Just sent and its final state not recorded yet: the copy being scheduled (a take-over
      // reading the outbox) still says pending, and would be sent again.
      active.remove(cb.id());
      return;
    }
    at(cb, when, () -> gate(cb));
  }

  /** Queues a delivered or failed callback again, now. */
  Optional<StoredCallback> replay(long id, String accountSid) {
    Instant now = timelines.of(accountSid).instant();
    Optional<StoredCallback> queued = store.requeueCallback(id, now);
    queued.ifPresent(cb -> {
      if (active.add(cb.id())) {
        replays.add(cb.id());
        soon(cb, () -> gate(cb));
      }
    });
    return queued;
  }

  private void gate(StoredCallback cb) {
    synchronized (this) {
      if (holds.containsKey(cb.callSid())) {
        parked.computeIfAbsent(cb.callSid(), k -> new ArrayList<>()).add(cb);
        LOG.debug("{} - callback {} waits for the Make Call response", cb.callSid(), cb.id());
        return;
      }
    }
    afterGate(cb);
  }

  private void releaseLater(String callSid) {
    try {
      Thread.sleep(HOLD_LIMIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (isHeld(callSid)) {
      LOG.warn("{} - Make Call response not seen within {} s; callbacks released", callSid,
          HOLD_LIMIT.toSeconds());
      release(callSid);
    }
  }

  private void afterGate(StoredCallback cb) {
    if (cb.tries() > 0 || !faulted.add(cb.id())) {
      launch(cb);
      return;
    }
    Optional<Faults.Rule> fault = faults.take(cb.accountSid(), random);
    if (fault.isEmpty()) {
      launch(cb);
      return;
    }
    Faults.Rule rule = fault.get();
    LOG.info("{} - callback {} meets a sandbox fault: {}", cb.callSid(), cb.id(),
        rule.kind.wire());
    Timeline timeline = timelines.of(cb.accountSid());
    switch (rule.kind) {
      case DELAY -> at(cb, timeline.instant().plus(rule.delay), () -> launch(cb));
      case DUPLICATE -> {
        duplicates.add(cb.id());
        launch(cb);
      }
      case DROP -> {
        Instant at = timeline.instant();
        busyRun(() -> drop(cb, at));
      }
      case REORDER -> {
        synchronized (this) {
          reordered.computeIfAbsent(cb.accountSid(), k -> new ArrayList<>()).add(cb);
        }
        at(cb, timeline.instant().plus(rule.delay), () -> {
          if (unreorder(cb)) {
            launch(cb);
          }
        });
      }
    }
  }

  private synchronized boolean unreorder(StoredCallback cb) {
    List<StoredCallback> held = reordered.get(cb.accountSid());
    return held != null && held.remove(cb);
  }

  /** Starts an attempt; runs on the account's timeline, whose instant is the attempt's. */
  private void launch(StoredCallback cb) {
    Instant at = timelines.of(cb.accountSid()).instant();
    busyRun(() -> attempt(cb, at));
  }

  private void attempt(StoredCallback cb, Instant at) {
    Timeline timeline = timelines.of(cb.accountSid());
    if (!stillPending(cb)) {
      finish(cb);
      return;
    }
    if (!replays.contains(cb.id()) && !owned(cb)) {
      finish(cb);
      return;
    }
    String note = replays.remove(cb.id()) ? "replay" : null;
    Sender.Result result;
    try {
      result = send(cb);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (closed && !result.succeeded()) {
      return;
    }
    int tries = cb.tries() + 1;
    State state = State.FAILED;
    Instant due = at;
    if (result.succeeded()) {
      state = State.DELIVERED;
    } else if (result.retryable() && tries <= settings.retries()) {
      state = State.PENDING;
      Instant now = timeline.instant();
      due = (now.isAfter(at) ? now : at).plus(settings.retryDelay(tries, random.getAsDouble()));
    }
    if (state != State.PENDING) {
      settle(cb, new CallbackAttempt(0, cb.id(), at, cb.url(), result.status(),
          result.latencyMillis(), result.error(), note), state, tries, due);
    } else {
      record(cb, new CallbackAttempt(0, cb.id(), at, cb.url(), result.status(),
          result.latencyMillis(), result.error(), note), state, tries, due);
    }
    LOG.info("{} - callback {} ({}) attempt {} to {}: {}{}", cb.callSid(), cb.id(), cb.event(),
        tries, host(cb.url()), result.succeeded() ? "HTTP " + result.status() : result.error(),
        state == State.PENDING ? ", retry at " + due : state == State.FAILED ? ", gave up" : "");
    if (state == State.PENDING) {
      StoredCallback next = cb.after(State.PENDING, tries, due);
      at(next, due, () -> gate(next));
      return;
    }
    if (state == State.DELIVERED) {
      if (duplicates.remove(cb.id())) {
        duplicate(cb, timeline);
      }
      List<StoredCallback> held;
      synchronized (this) {
        held = reordered.remove(cb.accountSid());
      }
      if (held != null) {
        held.forEach(h -> soon(h, () -> launch(h)));
      }
    }
  }

  private void duplicate(StoredCallback cb, Timeline timeline) {
    Instant at = timeline.instant();
    try {
      Sender.Result again = send(cb);
      record(cb, new CallbackAttempt(0, cb.id(), at, cb.url(), again.status(),
          again.latencyMillis(), again.error(), "duplicate (sandbox fault)"), null, 0, at);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drop(StoredCallback cb, Instant at) {
    settle(cb, new CallbackAttempt(0, cb.id(), at, cb.url(), null, 0,
        "not sent: dropped by a sandbox fault", "drop (sandbox fault)"), State.FAILED,
        cb.tries() + 1, at);
    LOG.info("{} - callback {} ({}) dropped by a sandbox fault", cb.callSid(), cb.id(),
        cb.event());
  }

  /** False when the callback was deleted (the account was reset) or is no longer pending. */
  private boolean stillPending(StoredCallback cb) {
    try {
      boolean pending = store.callback(cb.id())
          .filter(c -> c.state() == State.PENDING).isPresent();
      if (!pending) {
        LOG.info("{} - callback {} is gone or no longer pending; not sent", cb.callSid(),
            cb.id());
      }
      return pending;
    } catch (StoreException e) {
      return true;
    }
  }

  /** False when another node owns the callback's call now (it took the call over). */
  private boolean owned(StoredCallback cb) {
    try {
      if (owns.test(cb.callSid())) {
        return true;
      }
      LOG.info("{} - callback {} belongs to another node now; not sent", cb.callSid(), cb.id());
      return false;
    } catch (StoreException e) {
      return true;
    }
  }

  private Sender.Result send(StoredCallback cb) throws InterruptedException {
    if (!allow.allows(cb.url())) {
      return Sender.Result.refused("not sent: host not in the server's callback allow-list");
    }
    String secret;
    try {
      secret = store.signingSecret(cb.accountSid()).orElse(null);
    } catch (StoreException e) {
      return new Sender.Result(null, 0, "not sent: store unavailable", true);
    }
    return sender.post(cb.url(), cb.body(), secret);
  }

  private void record(StoredCallback cb, CallbackAttempt attempt, State state, int tries,
      Instant due) {
    try {
      store.recordAttempt(attempt, state, tries, due);
    } catch (StoreException e) {
      LOG.error("{} - callback {}: attempt could not be recorded", cb.callSid(), cb.id(), e);
    }
  }

  /**
   * Takes a callback out of the pipeline and records its final state. Out first, so that a
   * replay (which needs that state) always finds it out; {@link #schedule} meanwhile leaves it
   * alone until the state is recorded.
   */
  private void settle(StoredCallback cb, CallbackAttempt attempt, State state, int tries,
      Instant due) {
    settling.add(cb.id());
    try {
      finish(cb);
      record(cb, attempt, state, tries, due);
    } finally {
      settling.remove(cb.id());
    }
  }

  /**
   * Takes a callback out of the pipeline; called before its final state is recorded, so that a
   * replay (which needs that state) always finds it out.
   */
  private void finish(StoredCallback cb) {
    faulted.remove(cb.id());
    active.remove(cb.id());
  }

  private void at(StoredCallback cb, Instant when, Runnable task) {
    timelines.of(cb.accountSid()).at(when, cb.callSid(), () -> {
      if (!closed) {
        task.run();
      }
    });
  }

  /** Runs {@code stage} on the account's timeline at once, counted as busy until it ran. */
  private void soon(StoredCallback cb, Runnable stage) {
    busy.up();
    timelines.of(cb.accountSid()).now(cb.callSid(), () -> {
      try {
        if (!closed) {
          stage.run();
        }
      } finally {
        busy.down();
      }
    });
  }

  private void busyRun(Runnable work) {
    busy.up();
    try {
      threads.execute(() -> {
        try {
          work.run();
        } finally {
          busy.down();
        }
      });
    } catch (RuntimeException e) {
      busy.down();
      LOG.debug("callback work refused while stopping: {}", e.toString());
    }
  }

  /**
   * Waits until no attempt runs, nothing released waits to run and no call waits for its Make
   * Call response; false on timeout.
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    return busy.await(timeout);
  }

  private static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "?" : host;
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
