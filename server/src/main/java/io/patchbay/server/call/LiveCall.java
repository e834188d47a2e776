package io.patchbay.server.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.EventType;
import io.patchbay.telephony.call.CallDriver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call this process drives: its log in memory, so reads need no store round trip. Appends come
 * from the account's timeline; reads from any thread take a snapshot.
 *
 * <p>Two views of the one log. The driver's ({@link #all}) holds every event appended; the
 * readers' ({@link #snapshot}) only the events the store has made durable, so that nothing a
 * client has read can vanish in a crash. The timeline queues each event for the store and goes
 * on (see {@code CallbackStore.appendLater}); the store commits them in order and
 * {@link #durableThrough} moves the readers' view on.
 */
final class LiveCall {
  final Call call;
  final String agentUserId;
  private final List<CallEvent> events = new ArrayList<>();
  private int durable;
  private boolean stuck;
  private boolean dropped;
  volatile CallDriver driver;

  /** A call whose log holds {@code created} only, not durable yet. */
  LiveCall(Call call, String agentUserId, CallEvent created) {
    this.call = call;
    this.agentUserId = agentUserId;
    this.events.add(created);
  }

  /** Appends an event with the next sequence number to the driver's view. */
  synchronized CallEvent append(Instant at, EventType type, int leg, Map<String, String> data) {
    CallEvent event = new CallEvent(events.size(), at, type, leg, data);
    events.add(event);
    return event;
  }

  /** The events before sequence number {@code seq}, durable or not. */
  synchronized List<CallEvent> before(int seq) {
    return List.copyOf(events.subList(0, seq));
  }

  /** Every event appended, durable or not: the driver's view. */
  synchronized List<CallEvent> all() {
    return List.copyOf(events);
  }

  /** Event {@code seq} (and so every one before it) is durable. */
  synchronized void durableThrough(int seq) {
    if (!stuck) {
      durable = Math.max(durable, Math.min(seq + 1, events.size()));
    }
  }

  /**
   * An event could not be stored: the readers' view stays where it is, since what follows it
   * would describe a log the store does not have.
   */
  synchronized void stuck() {
    stuck = true;
  }

  /** The durable events: what readers see. */
  synchronized List<CallEvent> snapshot() {
    return List.copyOf(events.subList(0, durable));
  }

  /** Whether no event is durable yet (the call's creation is still being stored). */
  synchronized boolean unseen() {
    return durable == 0;
  }

  /** The call was taken out of the live calls by a reset: {@link #ifKept} does nothing. */
  synchronized void drop() {
    dropped = true;
  }

  /**
   * Runs {@code publish} unless the call was dropped, and with a drop waiting for it: a
   * reset that drops the call after this clears what {@code publish} published.
   */
  synchronized void ifKept(Runnable publish) {
    if (!dropped) {
      publish.run();
    }
  }
}
