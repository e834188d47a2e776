package io.patchbay.store.jdbc;

import io.patchbay.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's writer: every write of a store queues here, and one thread of its own runs what
 * is queued, up to {@link #MAX_BATCH} writes at a time, in one transaction, then completes each
 * write's future with its own result.
 *
 * <p>Why: a transaction's commit is the expensive part of a small write (SQLite's WAL append and
 * lock hand-over, PostgreSQL's round trip and WAL flush), and a running call writes about 15 of
 * them. Committing the writes of many calls and requests together pays that once per batch,
 * while every caller still learns of its own write only once it is durable.
 *
 * <p>Order: writes commit in the order they were queued, whichever thread queued them, so a
 * write that a caller waited for is durable with every write queued before it. A write that
 * fails does not fail the others: the batch is rolled back and the writes before the failing
 * one run again without it, so each write has the outcome it would have alone, in order. A
 * write must therefore be safe to run again after a rollback (touch nothing but the connection,
 * and build its result afresh).
 *
 * <p>Futures complete on the writer thread, in queue order: what a caller chains onto one must
 * be short. It may write (a {@link #write} on the writer thread runs at once, in a transaction
 * of its own) but should not: the writer waits for it.
 *
 * <p><b>Note:</b> at most {@link #MAX_QUEUED} writes wait; queueing another blocks while the
 * queue is full, which slows a producer (a call timeline) down to what the database commits.
 */
final class GroupCommit implements Connections {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  /** The most writes in one transaction: bounds a batch's time and a caller's wait. */
  static final int MAX_BATCH = 1_000;
  /** The most writes waiting; more block their producer. */
  static final int MAX_QUEUED = 20_000;

  private final Connections db;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private final Thread writer;
  private boolean closed;

  /** One queued write and the future its caller holds. */
  private static final class Pending<T> {
    final Connections.Work<T> work;
    final CompletableFuture<T> done = new CompletableFuture<>();
    T result;

    Pending(Connections.Work<T> work) {
      this.work = work;
    }

    void apply(Connection c) throws SQLException {
      result = work.apply(c);
    }
  }

  /** Starts the writer thread of {@code db}, which this takes over: {@link #close} closes it. */
  GroupCommit(Connections db) {
    this.db = db;
    this.writer = Thread.ofPlatform().daemon().name("store-writer").start(this::loop);
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    return db.read(work);
  }

  /**
   * Queues {@code work} and waits until it is committed (on the writer thread: runs it in a
   * transaction of its own at once).
   *
   * @throws SQLException what the work or the commit threw
   * @throws StoreException when the store is closed
   */
  @Override
  public <T> T write(Work<T> work) throws SQLException {
    if (Thread.currentThread() == writer) {
      return db.write(work);
    }
    try {
      return queue(work).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Queues {@code work} and returns at once (unless the queue is full).
   *
   * @param what the operation, for the message of a failure
   * @return completes with the work's result once it is committed, or exceptionally with a
   *     {@link StoreException} (a {@link RuntimeException} of the work passes as it is)
   */
  <T> CompletableFuture<T> later(String what, Work<T> work) {
    return queue(work).exceptionallyCompose(e -> CompletableFuture.failedFuture(
        e instanceof SQLException ? new StoreException(StoreException.Kind.UNAVAILABLE,
            what + " failed", e) : e));
  }

  private <T> CompletableFuture<T> queue(Work<T> work) {
    Pending<T> p = new Pending<>(work);
    lock.lock();
    try {
      // The writer itself (what follows a write, queueing another) must never wait for room.
      while (!closed && queue.size() >= MAX_QUEUED && Thread.currentThread() != writer) {
        room.awaitUninterruptibly();
      }
      if (closed) {
        p.done.completeExceptionally(new StoreException(StoreException.Kind.UNAVAILABLE,
            "the store is closed", null));
        return p.done;
      }
      queue.add(p);
      if (queue.size() == 1) {
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
    return p.done;
  }

  @Override
  public String describe() {
    return db.describe();
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          queued.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
        room.signalAll();
      } finally {
        lock.unlock();
      }
      commit(batch);
      batch.clear();
    }
  }

  private void commit(List<Pending<?>> batch) {
    int from = 0;
    while (from < batch.size()) {
      from = commit(batch, from, batch.size());
    }
  }

  /**
   * Commits {@code batch[from, to)} in one transaction and completes those writes.
   *
   * <p>When write {@code f} throws, the transaction is rolled back, writes {@code from} to
   * {@code f - 1} are committed again without it, and then {@code f} runs in a transaction of
   * its own: the outcome of running each write alone, in order. A failing {@code BEGIN} or
   * {@code COMMIT} fails every write of the range.
   *
   * @return the index of the first write not completed yet
   */
  private int commit(List<Pending<?>> batch, int from, int to) {
    int[] at = {-1};
    try {
      db.write(c -> {
        for (int i = from; i < to; i++) {
          at[0] = i;
          batch.get(i).apply(c);
        }
        at[0] = to;
        return null;
      });
    } catch (SQLException | RuntimeException e) {
      int failed = at[0];
      if (failed < from || failed == to) {
        for (int i = from; i < to; i++) {
          complete(batch.get(i), e);
        }
        return to;
      }
      if (to - from == 1) {
        complete(batch.get(from), e);
        return to;
      }
      LOG.debug("write {} of a batch of {} failed ({}); committing the others without it",
          failed - from + 1, to - from, e.toString());
      int done = failed == from ? from : commit(batch, from, failed);
      if (done < failed) {
        return done;
      }
      // Alone, as it would have run: a failure that came from the company it kept (a deadlock
      // with another node's batch on PostgreSQL) goes away, its own (a duplicate) comes again.
      return commit(batch, failed, failed + 1);
    } catch (Error e) {
      for (int i = from; i < to; i++) {
        batch.get(i).done.completeExceptionally(e);
      }
      throw e;
    }
    for (int i = from; i < to; i++) {
      complete(batch.get(i), null);
    }
    return to;
  }

  /** Completes {@code p}; what a caller chained onto it must not stop the writer. */
  private static <T> void complete(Pending<T> p, Throwable failure) {
    try {
      if (failure == null) {
        p.done.complete(p.result);
      } else {
        p.done.completeExceptionally(failure);
      }
    } catch (RuntimeException e) {
      LOG.error("what followed a write failed", e);
    }
  }

  /** Commits every queued write, stops the writer thread and closes the connections. */
  @Override
  public void close() {
    boolean first;
    lock.lock();
    try {
      first = !closed;
      closed = true;
      queued.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() == writer) {
      // What follows a write closed the store: the writer stops after this batch, and the
      // connections stay open until the process ends.
      return;
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (first) {
      db.close();
    }
  }
}
