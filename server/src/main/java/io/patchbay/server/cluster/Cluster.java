package io.patchbay.server.cluster;

import io.patchbay.store.NodeStore;
import io.patchbay.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one node of several on one database. A shared node heartbeats every
 * {@link #HEARTBEAT} (wall clock) and, every {@link #SCAN}, takes over the calls whose owner
 * has not beaten for {@link #STALE}: calls still live, or with a pending callback. An
 * exclusive node (SQLite: one process per database) takes over every call not its own once,
 * at start, as a restart always did, and needs no heartbeat.
 *
 * <p>Each call taken goes to the {@code takeOver} action exactly once per claim; the store's
 * conditional update makes sure that two nodes never both take one call.
 */
public final class Cluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  /** How often a shared node writes its heartbeat. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(1);
  /** How long without a heartbeat before a node's calls are taken over. */
  public static final Duration STALE = Duration.ofSeconds(5);
  /** How often a shared node looks for calls to take over. */
  public static final Duration SCAN = Duration.ofSeconds(2);

  private final NodeStore store;
  private final String nodeId;
  private final boolean exclusive;
  private final Consumer<String> takeOver;
  private final Clock wall;
  private volatile boolean stopped;
  private Thread loop;

  private Cluster(NodeStore store, String nodeId, boolean exclusive, Consumer<String> takeOver,
      Clock wall) {
    this.store = store;
    this.nodeId = nodeId;
    this.exclusive = exclusive;
    this.takeOver = takeOver;
    this.wall = wall;
  }

  /** A new random node id, such as {@code node-3f9a0c1d2e4b}. */
  public static String newNodeId() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    return "node-" + HexFormat.of().formatHex(b);
  }

  /**
   * Joins the database as node {@code nodeId}: beats once, takes over what needs an owner (in
   * this thread, before returning), then, when shared, keeps beating and scanning on a virtual
   * thread until {@link #close}.
   *
   * @param exclusive true when no other node can use the database (SQLite)
   * @param takeOver finishes or resumes one call taken over; runs on this node's thread
   * @throws StoreException if the first heartbeat or claim fails
   */
  public static Cluster start(NodeStore store, String nodeId, boolean exclusive,
      Consumer<String> takeOver) {
    Cluster c = new Cluster(store, nodeId, exclusive, takeOver, Clock.systemUTC());
    if (!exclusive) {
      store.heartbeat(nodeId, c.wall.instant());
    }
    int taken = c.claim();
    LOG.info("{} - node joined the store ({}), {} call(s) taken over", nodeId,
        exclusive ? "exclusive" : "shared", taken);
    if (!exclusive) {
      c.loop = Thread.ofVirtual().name("cluster-" + nodeId).start(c::run);
    }
    return c;
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Takes over every call that needs an owner and has no live one.
   *
   * @return how many calls were taken
   */
  int claim() {
    Instant staleBefore = exclusive ? Instant.ofEpochMilli(Long.MAX_VALUE)
        : wall.instant().minus(STALE);
    List<String> claimed = store.claimCalls(nodeId, staleBefore);
    for (String callSid : claimed) {
      LOG.info("{} - taken over by node {}", callSid, nodeId);
      try {
        takeOver.accept(callSid);
      } catch (RuntimeException e) {
        LOG.error("{} - take-over by node {} failed", callSid, nodeId, e);
      }
    }
    return claimed.size();
  }

  private void run() {
    long beats = 0;
    long scanEvery = Math.max(1, SCAN.toMillis() / HEARTBEAT.toMillis());
    while (!stopped) {
      try {
        Thread.sleep(HEARTBEAT);
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) {
        return;
      }
      try {
        store.heartbeat(nodeId, wall.instant());
        if (++beats % scanEvery == 0) {
          claim();
        }
      } catch (StoreException e) {
        LOG.warn("{} - heartbeat or scan failed: {}", nodeId, e.toString());
      } catch (RuntimeException e) {
        LOG.error("{} - heartbeat or scan failed", nodeId, e);
      }
    }
  }

  /**
   * Stops beating and scanning without telling the store, as if this process had died: other
   * nodes take its calls over once its heartbeat is {@link #STALE}.
   */
  public void halt() {
    stopped = true;
    Thread t = loop;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops, and removes this node's heartbeat so that other nodes take its calls at once. */
  @Override
  public void close() {
    halt();
    if (exclusive) {
      return;
    }
    try {
      store.forgetNode(nodeId);
    } catch (RuntimeException e) {
      LOG.warn("{} - could not remove the node's heartbeat: {}", nodeId, e.toString());
    }
  }
}
