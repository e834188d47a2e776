package io.patchbay.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
 */
final class SqliteConnections implements Connections {
  private static final int READERS = 4;

  private final String url;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();

  SqliteConnections(String url) throws SQLException {
    this.url = url;
    this.writer = open(true);
    for (int i = 0; i < READERS; i++) {
      readers.add(open(false));
    }
  }

  private Connection open(boolean forWrites) throws SQLException {
    Properties props = new Properties();
    props.setProperty("journal_mode", "WAL");
    props.setProperty("synchronous", "NORMAL");
    props.setProperty("busy_timeout", "10000");
    props.setProperty("foreign_keys", "true");
    if (forWrites) {
      props.setProperty("transaction_mode", "IMMEDIATE");
    }
    Connection c = DriverManager.getConnection(url, props);
    if (forWrites) {
      c.setAutoCommit(false);
    }
    return c;
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
      try {
        T result = work.apply(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
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
