package io.patchbay.server.hardening;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A digest of every row of every table of a store, SQLite or PostgreSQL, read through its own
 * connection: two equal digests mean the store holds the same data. New tables are included by
 * themselves.
 *
 * <p><b>Note:</b> the {@code nodes} table is left out: on PostgreSQL each server rewrites its
 * heartbeat there every second, whatever the requests do. A PostgreSQL connection is kept per
 * URL until the JVM exits, since opening one costs more than the reading (the matrix takes
 * some 1,700 snapshots).
 */
final class StoreSnapshot {
  private static final Map<String, Connection> POSTGRES = new HashMap<>();

  private StoreSnapshot() {}

  /**
   * The digest of the committed content of the store at {@code location}: a
   * {@code jdbc:postgresql:} URL, or a data folder holding {@code patchbay.db}.
   *
   * @throws IllegalStateException if the store cannot be read
   */
  static String of(String location) {
    boolean postgres = location.startsWith("jdbc:postgresql:");
    String url = postgres ? location
        : "jdbc:sqlite:" + Path.of(location, "patchbay.db").toAbsolutePath() + "?open_mode=1";
    try (Connection sqlite = postgres ? null : DriverManager.getConnection(url);
        Statement s = (postgres ? postgres(url) : sqlite).createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery(postgres
          ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
              + " ORDER BY tablename"
          : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (r.next()) {
          if (!r.getString(1).equals("nodes")) {
            tables.add(r.getString(1));
          }
        }
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String table : tables) {
        sha.update(table.getBytes(StandardCharsets.UTF_8));
        try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = r.getMetaData().getColumnCount();
          List<String> rows = new ArrayList<>();
          while (r.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              row.append(r.getString(i)).append('\u0001');
            }
            rows.add(row.toString());
          }
          rows.sort(null);
          for (String row : rows) {
            sha.update(row.getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (SQLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read the store " + location, e);
    }
  }

  private static synchronized Connection postgres(String url) throws SQLException {
    Connection c = POSTGRES.get(url);
    if (c == null || c.isClosed()) {
      c = DriverManager.getConnection(url);
      POSTGRES.put(url, c);
    }
    return c;
  }
}
