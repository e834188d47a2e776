package io.patchbay.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
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

  private final String url;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();

  SqliteConnections(String url) throws SQLException {
    this.url = url;
    this.writer = open();
    for (int i = 0; i < READERS; i++) {
      readers.add(open());
    }
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("journal_mode", "WAL");
    props.setProperty("synchronous", "NORMAL");
    props.setProperty("busy_timeout", "10000");
    props.setProperty("foreign_keys", "true");
    return DriverManager.getConnection(url, props);
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
      execute("BEGIN IMMEDIATE");
      try {
        T result = work.apply(writer);
        execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      closeQuietly(writer);
      Connection c;
      while ((c = readers.poll()) != null) {
        closeQuietly(c);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing at shutdown: nothing useful can be done with the failure.
    }
  }
}
