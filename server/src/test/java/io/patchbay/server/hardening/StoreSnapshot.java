package io.patchbay.server.hardening;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of every row of every table of a SQLite store, read through its own connection: two
 * equal digests mean the store holds the same data. New tables are included by themselves.
 */
final class StoreSnapshot {
  private StoreSnapshot() {}

  /** The digest of {@code database}'s committed content. */
  static String of(Path database) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath()
        + "?open_mode=1");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
          + " ORDER BY name")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String table : tables) {
        sha.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
            sha.update(row.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (SQLException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read " + database, e);
    }
  }
}
