package io.patchbay.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a {@link JdbcStore} gets its connections: reads may run side by side, writes run in a
 * transaction that commits when the work returns and rolls back when it throws.
 */
public interface Connections extends AutoCloseable {
  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  <T> T read(Work<T> work) throws SQLException;

  <T> T write(Work<T> work) throws SQLException;

  /** A short name for logs. */
  String describe();

  @Override
  void close();
}
