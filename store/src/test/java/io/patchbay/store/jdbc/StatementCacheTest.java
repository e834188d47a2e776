package io.patchbay.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statements kept on an in-memory SQLite connection. */
class StatementCacheTest {
  private static final String INSERT = "INSERT INTO t (v) VALUES (?)";
  private static final String COUNT = "SELECT COUNT(*) FROM t WHERE v = ?";

  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite::memory:"));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private long count(String v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COUNT)) {
      ps.setString(1, v);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private PreparedStatement unwrap(PreparedStatement ps) throws SQLException {
    return ps.unwrap(PreparedStatement.class);
  }

  @Test
  void prepareStatement_sameSqlAfterClose_reusesTheStatementWithFreshParameters()
      throws SQLException {
    PreparedStatement first;
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, "a");
      ps.executeUpdate();
      first = unwrap(ps);
    }
    PreparedStatement second;
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, "b");
      ps.executeUpdate();
      second = unwrap(ps);
    }

    assertThat(second).isSameAs(first);
    assertThat(count("a")).isEqualTo(1);
    assertThat(count("b")).isEqualTo(1);
    assertThat(count("a")).isEqualTo(1);
  }

  @Test
  void prepareStatement_sameSqlWhileTheFirstIsOpen_givesAnotherStatement()
      throws SQLException {
    try (PreparedStatement outer = c.prepareStatement(INSERT);
        PreparedStatement inner = c.prepareStatement(INSERT)) {
      outer.setString(1, "outer");
      inner.setString(1, "inner");
      inner.executeUpdate();
      outer.executeUpdate();

      assertThat(unwrap(inner)).isNotSameAs(unwrap(outer));
    }

    assertThat(count("outer")).isEqualTo(1);
    assertThat(count("inner")).isEqualTo(1);
  }

  @Test
  void close_keptStatementHandedOut_reportsItClosedToItsHolder() throws SQLException {
    PreparedStatement ps = c.prepareStatement(INSERT);

    ps.close();

    assertThat(ps.isClosed()).isTrue();
  }

  @Test
  void close_connection_closesTheKeptStatements() throws SQLException {
    PreparedStatement kept;
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      kept = unwrap(ps);
    }

    c.close();

    assertThat(kept.isClosed()).isTrue();
    assertThat(c.isClosed()).isTrue();
  }
}
