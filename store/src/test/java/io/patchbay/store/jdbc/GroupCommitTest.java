package io.patchbay.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer queue over a fake database that keeps a list: what a transaction adds is kept when
 * it commits and dropped when it rolls back, so batching, ordering and failures show in the list.
 */
class GroupCommitTest {
  private final FakeDatabase db = new FakeDatabase();
  private final GroupCommit writes = new GroupCommit(db);

  /** A database of strings; one transaction at a time, as the writer runs them. */
  private static final class FakeDatabase implements Connections {
    final List<String> committed = new ArrayList<>();
    final List<Integer> transactionSizes = new ArrayList<>();
    final CountDownLatch firstTransaction = new CountDownLatch(1);
    volatile CountDownLatch holdFirst = new CountDownLatch(0);
    boolean closed;
    private List<String> open;

    void add(String row) {
      open.add(row);
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
      return work.apply(null);
    }

    @Override
    public synchronized <T> T write(Work<T> work) throws SQLException {
      open = new ArrayList<>();
      firstTransaction.countDown();
      try {
        holdFirst.await();
      } catch (InterruptedException e) {
        throw new SQLException(e);
      }
      try {
        T result = work.apply(null);
        committed.addAll(open);
        transactionSizes.add(open.size());
        return result;
      } finally {
        open = null;
      }
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @AfterEach
  void close() {
    writes.close();
  }

  private Connections.Work<String> adds(String row) {
    return c -> {
      db.add(row);
      return row;
    };
  }

  /** Holds the writer in a first transaction while the test queues more. */
  private CompletableFuture<String> holdTheWriter() throws InterruptedException {
    db.holdFirst = new CountDownLatch(1);
    CompletableFuture<String> first = writes.later("first", adds("first"));
    db.firstTransaction.await();
    return first;
  }

  @Test
  void later_writesQueuedWhileOneCommits_commitTogetherInQueueOrder() throws Exception {
    CompletableFuture<String> first = holdTheWriter();
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(writes.later("w" + i, adds("w" + i)));
    }
    CompletableFuture<Object> barrier = writes.later("barrier", c -> null);

    db.holdFirst.countDown();
    barrier.join();

    assertThat(first.join()).isEqualTo("first");
    assertThat(queued).extracting(CompletableFuture::join)
        .containsExactly("w0", "w1", "w2", "w3", "w4");
    assertThat(db.committed).containsExactly("first", "w0", "w1", "w2", "w3", "w4");
    assertThat(db.transactionSizes).containsExactly(1, 5);
  }

  @Test
  void later_oneWriteOfABatchThrows_failsAloneAndTheOthersCommitInOrder() throws Exception {
    CompletableFuture<String> first = holdTheWriter();
    CompletableFuture<String> a = writes.later("a", adds("a"));
    CompletableFuture<String> bad = writes.later("bad", c -> {
      db.add("half of bad");
      throw new SQLException("constraint failed");
    });
    CompletableFuture<String> b = writes.later("b", adds("b"));
    CompletableFuture<Object> barrier = writes.later("barrier", c -> null);

    db.holdFirst.countDown();
    barrier.join();

    assertThat(first.join()).isEqualTo("first");
    assertThat(a.join()).isEqualTo("a");
    assertThat(b.join()).isEqualTo("b");
    assertThatThrownBy(bad::join).cause().isInstanceOf(StoreException.class)
        .hasMessage("bad failed").hasCauseInstanceOf(SQLException.class);
    assertThat(db.committed).containsExactly("first", "a", "b");
  }

  @Test
  void write_workThrowsRuntimeException_throwsItToTheCaller() {
    IllegalStateException thrown = new IllegalStateException("bad row");

    assertThatThrownBy(() -> writes.write(c -> {
      throw thrown;
    })).isSameAs(thrown);
    assertThat(db.committed).isEmpty();
  }

  @Test
  void write_workThrowsSqlException_throwsItToTheCaller() {
    assertThatThrownBy(() -> writes.write(c -> {
      throw new SQLException("disk full");
    })).isInstanceOf(SQLException.class).hasMessage("disk full");
  }

  @Test
  void write_fromWhatFollowsAQueuedWrite_runsAtOnceInsteadOfWaitingForItself() {
    CompletableFuture<String> nested = writes.later("outer", adds("outer"))
        .thenApply(done -> {
          try {
            return writes.write(adds("inner"));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });

    assertThat(nested.join()).isEqualTo("inner");
    assertThat(db.committed).containsExactly("outer", "inner");
  }

  @Test
  void close_writesStillQueued_commitsThemThenClosesTheDatabase() throws Exception {
    CompletableFuture<String> first = holdTheWriter();
    CompletableFuture<String> queued = writes.later("queued", adds("queued"));
    Thread closer = Thread.ofVirtual().start(writes::close);

    db.holdFirst.countDown();
    closer.join();

    assertThat(first).isCompleted();
    assertThat(queued.join()).isEqualTo("queued");
    assertThat(db.closed).isTrue();
  }

  @Test
  void later_afterClose_failsWithStoreException() {
    writes.close();

    CompletableFuture<String> late = writes.later("late", adds("late"));

    assertThatThrownBy(late::join).hasCauseInstanceOf(StoreException.class);
    assertThat(db.committed).isEmpty();
  }

  @Test
  void later_moreThanABatch_neverPutsMoreThanMaxBatchInOneTransaction() throws Exception {
    CompletableFuture<String> first = holdTheWriter();
    AtomicInteger done = new AtomicInteger();
    int count = GroupCommit.MAX_BATCH + 10;
    for (int i = 0; i < count; i++) {
      writes.later("w", adds("w")).thenRun(done::incrementAndGet);
    }
    CompletableFuture<Object> barrier = writes.later("barrier", c -> null);

    db.holdFirst.countDown();
    barrier.join();

    assertThat(first).isCompleted();
    assertThat(done.get()).isEqualTo(count);
    assertThat(db.transactionSizes).allMatch(n -> n <= GroupCommit.MAX_BATCH);
    assertThat(db.committed).hasSize(count + 1);
  }
}
