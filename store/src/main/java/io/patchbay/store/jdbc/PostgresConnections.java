package io.patchbay.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to one PostgreSQL database from a HikariCP pool.
 *
 * <p>A read borrows a connection in auto-commit mode, so each statement sees what was committed
 * when it started. A write borrows one, runs the work in a {@code READ COMMITTED} transaction
 * and commits, or rolls back when the work throws. That isolation is enough for the store's
 * writes because each of them decides with a conditional statement, not with a read followed by
 * a write: {@code createCall}'s {@code UPDATE users ... WHERE active_call_sid IS NULL} waits for
 * a concurrent transaction that updated the same user and then re-checks the condition against
 * what that transaction committed, so of two calls racing for one agent exactly one wins, across
 * connections and across processes.
 *
 * <p>The connections bind strings through {@link PostgresText}, which stands U+FFFD in for
 * U+0000, a character PostgreSQL text cannot hold.
 *
 * <p><b>Note:</b> writers are not queued here as they are for SQLite: PostgreSQL locks rows, so
 * up to the pool's size of writes run at once, and a caller waits for a free connection at most
 * the pool's connection timeout before the operation fails.
 */
final class PostgresConnections implements Connections {
  private final HikariDataSource pool;
  private final String description;

  /**
   * Takes ownership of {@code pool}: {@link #close} closes it.
   *
   * @param description where the data lives, without credentials
   */
  PostgresConnections(HikariDataSource pool, String description) {
    this.pool = pool;
    this.description = description;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection c = PostgresText.wrap(pool.getConnection())) {
      return work.apply(c);
    }
  }

  /**
   * Runs {@code work} in one transaction. The connection goes back to the pool with auto-commit
   * on again: HikariCP restores the state a borrower changed when it is returned.
   */
  @Override
  public <T> T write(Work<T> work) throws SQLException {
    try (Connection c = PostgresText.wrap(pool.getConnection())) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
  }
}
