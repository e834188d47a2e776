package io.patchbay.server.call;

import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.EventType;
import io.patchbay.server.callbacks.Callbacks;
import io.patchbay.server.recordings.Recordings;
import io.patchbay.store.Store;
import io.patchbay.telephony.call.CallRecorder;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each step of a driven call to its live log and queues it for the store, on the
 * account's timeline, which goes on with its next task without waiting for the disk.
 *
 * <p>Why: every call of an account runs on one timeline thread, so a timeline that waited for
 * each event's commit (some 12 a call) would place at most a few hundred calls a second. The
 * store commits the events of many calls together instead ({@code GroupCommit}), in the order
 * they were queued.
 *
 * <p>What keeps it safe: readers see an event only once it is durable ({@link LiveCall}); an
 * event's callbacks are stored in its transaction and scheduled only once that committed; a
 * terminal call leaves the live calls, for the terminal cache, only once its terminal event is
 * durable. A crash loses at most a tail of events that nobody has seen, and the next start
 * finishes those calls from what was stored ({@code CallService.recover}).
 *
 * <p><b>Note:</b> on a manual clock each event is durable before the step goes on (see
 * {@link #append}).
 */
final class LiveRecorder implements CallRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRecorder.class);

  /** How a call's details are rendered: by the call service, which knows the accounts. */
  interface Details {
    /** The details of {@code call} with {@code log}, as GET call details answers them. */
    byte[] render(Call call, List<CallEvent> log);

    /** The terminal cache's entry for {@code call} with its whole {@code log}. */
    TerminalCache.Rendered cached(Call call, List<CallEvent> log);
  }

  private final Map<String, LiveCall> live;
  private final TerminalCache terminal;
  private final Store store;
  private final Timelines timelines;
  private final Callbacks callbacks;
  private final Recordings recordings;
  private final Details details;

  LiveRecorder(Map<String, LiveCall> live, TerminalCache terminal, Store store,
      Timelines timelines, Callbacks callbacks, Recordings recordings, Details details) {
    this.live = live;
    this.terminal = terminal;
    this.store = store;
    this.timelines = timelines;
    this.callbacks = callbacks;
    this.recordings = recordings;
    this.details = details;
  }

  /**
   * Appends the event to the call's live log and queues it, with the callbacks it fires, for the
   * store. On a manual clock, waits until it is durable: a manual clock moves only when told
   * (tests, the control plane), and whoever advanced it then reads a store that holds
   * everything that happened on the way, while a callback fires within the advance, at its
   * event's instant. The speed of a running clock is not wanted there.
   */
  @Override
  public void append(Call call, EventType type, int leg, Map<String, String> data) {
    LiveCall c = live.get(call.sid());
    if (c == null) {
      LOG.warn("{} - event {} for a call that is not live, dropped", call.sid(), type.wire());
      return;
    }
    Timeline timeline = timelines.of(call.accountSid());
    CallEvent event = c.append(timeline.instant(), type, leg, data);
    // Rendered here, on the timeline, so that the store's writer thread only publishes it.
    TerminalCache.Rendered cached = type == EventType.TERMINAL
        ? details.cached(call, c.all()) : null;
    CompletableFuture<Void> durable = callbacks.appendLater(call, () -> c.before(event.seq()),
        event, log -> details.render(call, log))
        .whenComplete((ok, failure) -> stored(c, event, cached, failure));
    LOG.debug("{} - {} leg {}", call.sid(), type.wire(), leg);
    if (timeline.clock().isManual()) {
      durable.handle((ok, failure) -> null).join();
    }
  }

  /** Runs on the store's writer thread once {@code event} is durable, or failed: short. */
  private void stored(LiveCall c, CallEvent event, TerminalCache.Rendered cached,
      Throwable failure) {
    String sid = c.call.sid();
    if (failure != null) {
      c.stuck();
      LOG.error("{} - event {} could not be stored; the call is finished at the next start",
          sid, event.type().wire(), failure);
      if (event.type() == EventType.TERMINAL) {
        live.remove(sid, c);
      }
      return;
    }
    c.durableThrough(event.seq());
    if (cached != null) {
      // Cached before it leaves the live calls, so that a read finds it in one or the other.
      c.ifKept(() -> terminal.put(sid, cached));
      live.remove(sid, c);
    }
  }

  /** Queues the release of the call's agents after its events (waits on a manual clock). */
  @Override
  public void legsDown(Call call) {
    CompletableFuture<List<String>> freed = store.releaseCallAgentsLater(call.accountSid(),
        call.sid()).whenComplete((users, e) -> {
          if (e != null) {
            LOG.error("{} - agents not freed: they stay busy until a reset", call.sid(), e);
          }
        });
    if (timelines.of(call.accountSid()).clock().isManual()) {
      freed.handle((users, e) -> null).join();
    }
  }

  @Override
  public void beforeTerminal(Call call) {
    LiveCall c = live.get(call.sid());
    if (c == null || !call.options().recording()) {
      return;
    }
    List<Long> conversations = CallDetailsRules.conversationSeconds(c.all());
    boolean dual = "dual".equals(call.options().recordingChannels());
    for (int i = 0; i < conversations.size(); i++) {
      recordings.write(call.accountSid(), call.sid(), i, conversations.get(i), dual);
      append(call, EventType.RECORDING_READY, 0,
          Map.of("url", recordings.path(call.accountSid(), call.sid(), i)));
    }
  }

  @Override
  public boolean onDoNotCallList(Call call) {
    return store.isDoNotCall(call.accountSid(), call.customerUri());
  }
}
