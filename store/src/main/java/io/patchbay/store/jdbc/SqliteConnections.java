package io.patchbay.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections to one SQLite file: a small pool of readers and one writer behind a lock.
 *
 * <p>Why a lock: SQLite has a single writer anyway, and queueing writers here is cheaper and
 * fairer than letting them spin on {@code SQLITE_BUSY}. Writes begin {@code IMMEDIATE} so that
 * another process on the same file (the CLI) is waited for through {@code busy_timeout} instead
 * of failing a transaction half-way. A {@link ReentrantLock}, not {@code synchronized}, so that
 * virtual threads waiting here do not pin their carrier.
 *
 * <p>Why the writer stays in auto-commit mode and each write sends {@code BEGIN IMMEDIATE}
 * itself: with auto-commit off, sqlite-jdbc begins the next transaction as soon as
 * {@code setAutoCommit(false)} or {@code commit()} returns. With {@code IMMEDIATE} that means
 * this connection would hold the database's write lock for as long as the store is open, and no
 * second store on the same file (the CLI beside the server) could ever write, or even open.
 */
final class SqliteConnections implements Connections {
  private static final int READERS = 4;
  /** How often the checkpointer copies the WAL into the database file. */
  private static final long CHECKPOINT_EVERY_MILLIS = 200;
  /** WAL pages (4 KiB) at which the writer checkpoints by itself; SQLite's default is 1,000. */
  private static final int WRITER_CHECKPOINT_PAGES = 20_000;

  private final String url;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final Connection writer;
  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement rollback;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Thread checkpointer;
  private volatile boolean closed;

  SqliteConnections(String url) throws SQLException {
    this.url = url;
    this.writer = open();
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint=" + WRITER_CHECKPOINT_PAGES);
    }
    this.begin = writer.prepareStatement("BEGIN IMMEDIATE");
    this.commit = writer.prepareStatement("COMMIT");
    this.rollback = writer.prepareStatement("ROLLBACK");
    for (int i = 0; i < READERS; i++) {
      readers.add(open());
    }
    Connection c = open();
    this.checkpointer = Thread.ofPlatform().daemon().name("sqlite-checkpointer")
        .start(() -> checkpoints(c));
  }

  /**
   * Copies committed pages from the WAL into the database file every
   * {@link #CHECKPOINT_EVERY_MILLIS}, on a connection of its own, so that a commit only appends
   * to the WAL. By default the committing writer checkpoints every 1,000 pages, fsyncs
   * included, while it holds the write lock (bench/README.md). {@code PASSIVE} never blocks the
   * writer or the readers; if this thread ever falls behind, the writer checkpoints by itself
   * at {@link #WRITER_CHECKPOINT_PAGES}.
   */
  private void checkpoints(Connection c) {
    try (c; Statement s = c.createStatement()) {
      while (!closed) {
        Thread.sleep(CHECKPOINT_EVERY_MILLIS);
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      if (!closed) {
        System.getLogger(SqliteConnections.class.getName()).log(System.Logger.Level.WARNING,
            "background checkpoints stopped; the writer checkpoints by itself: " + e);
      }
    }
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("journal_mode", "WAL");
    props.setProperty("synchronous", "NORMAL");
    props.setProperty("busy_timeout", "10000");
    props.setProperty("foreign_keys", "true");
    // Nothing here reads generated keys (inserts say RETURNING): without this, sqlite-jdbc
    // matches every statement against a regex and runs SELECT last_insert_rowid() after each
    // insert.
    props.setProperty("jdbc.get_generated_keys", "false");
    return StatementCache.wrap(DriverManager.getConnection(url, props));
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", e);
    }
    try {
      return work.apply(c);
    } finally {
      readers.add(c);
    }
  }

  @Override
  public <T> T write(Work<T> work) throws SQLException {
    writeLock.lock();
    try {
      begin.execute();
      try {
        T result = work.apply(writer);
        commit.execute();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          rollback.execute();
        } catch (SQLException failed) {
          e.addSuppressed(failed);
        }
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    closed = true;
    checkpointer.interrupt();
    try {
      checkpointer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeLock.lock();
    try {
      closeQuietly(begin);
      closeQuietly(commit);
      closeQuietly(rollback);
      closeQuietly(writer);
      Connection c;
      while ((c = readers.poll()) != null) {
        closeQuietly(c);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing at shutdown: nothing useful can be done with the failure.
    }
  }
}
