package io.patchbay.store.jdbc;

import io.patchbay.store.Store;
import io.patchbay.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** Opens stores: the entry point of this module. */
public final class Stores {
  private Stores() {}

  /**
   * Opens (creating and migrating as needed) the SQLite store in {@code dataDir}, in the file
   * {@code patchbay.db}.
   *
   * @throws StoreException if the folder cannot be made or the database cannot be opened
   */
  public static Store openSqlite(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE,
          "cannot create data folder " + dataDir, e);
    }
    String url = "jdbc:sqlite:" + dataDir.resolve("patchbay.db").toAbsolutePath();
    migrate(url, "classpath:db/migration/sqlite");
    try {
      return new JdbcStore(new SqliteConnections(url));
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot open " + url, e);
    }
  }

  private static void migrate(String url, String location) {
    try {
      Flyway.configure()
          .dataSource(url, null, null)
          .locations(location)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE,
          "cannot migrate " + url + ": " + e.getMessage(), e);
    }
  }
}
