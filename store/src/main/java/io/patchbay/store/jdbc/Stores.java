package io.patchbay.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.patchbay.store.Store;
import io.patchbay.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** Opens stores: the entry point of this module. */
public final class Stores {
  /** PostgreSQL connections per store unless told otherwise: HikariCP's own default. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
  private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  private Stores() {}

  /**
   * Opens the store at {@code location} with {@link #DEFAULT_POOL_SIZE} PostgreSQL connections;
   * see {@link #open(String, int)}.
   *
   * @throws IllegalArgumentException if {@code location} is blank or a URL of another kind
   * @throws StoreException if the store cannot be reached, created or migrated
   */
  public static Store open(String location) {
    return open(location, DEFAULT_POOL_SIZE);
  }

  /**
   * Opens the store at {@code location}, creating and migrating it as needed: a
   * {@code jdbc:postgresql://host:port/database?user=...&password=...} URL opens that PostgreSQL
   * database (see {@link #openPostgres}), and anything else is the path of a data folder that
   * holds a SQLite database (see {@link #openSqlite}).
   *
   * <p><b>Note:</b> other URLs ({@code jdbc:mysql:...}, or a libpq-style
   * {@code postgres://...}) are refused rather than taken for a folder name.
   *
   * @param poolSize the most PostgreSQL connections to hold; ignored for SQLite, which keeps a
   *     fixed set of its own
   * @throws IllegalArgumentException if {@code location} is blank or a URL of another kind, or
   *     {@code poolSize} is below 1
   * @throws StoreException if the store cannot be reached, created or migrated
   */
  public static Store open(String location, int poolSize) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("no store location given");
    }
    if (location.startsWith(POSTGRES_PREFIX)) {
      return openPostgres(location, poolSize);
    }
    if (location.startsWith("jdbc:") || location.contains("://")) {
      throw new IllegalArgumentException("unsupported store URL " + redact(location)
          + ": give a jdbc:postgresql://host:port/database URL or a data folder path");
    }
    return openSqlite(Path.of(location));
  }

  /**
   * Opens (creating and migrating as needed) the SQLite store in {@code dataDir}, in the file
   * {@code patchbay.db}.
   *
   * <p>The first SQLite store of a process keeps a copy of sqlite-jdbc's native library in
   * {@code $XDG_CACHE_HOME/patchbay} (else {@code ~/.cache/patchbay}) and loads it from there
   * ({@link SqliteNativeLibrary}); if that folder cannot be written, sqlite-jdbc copies the
   * library to the temporary folder as it does by default.
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
    SqliteNativeLibrary.useCachedCopy(SqliteNativeLibrary.defaultCacheRoot());
    migrate(url, "classpath:db/migration/sqlite");
    try {
      return new JdbcStore(new SqliteConnections(url));
    } catch (SQLException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot open " + url, e);
    }
  }

  /**
   * Opens the PostgreSQL store at {@code jdbcUrl} through a pool of at most {@code poolSize}
   * connections, and brings its schema up to date with the migrations in
   * {@code db/migration/postgresql}. The database must exist; the tables are made in the
   * connection's current schema ({@code public}, or the URL's {@code currentSchema}), which
   * must exist too.
   *
   * <p>Several processes may open the same database at once: Flyway holds a PostgreSQL
   * advisory lock while it migrates, so each migration runs once. It migrates on two
   * connections of its own, which it closes before this method returns.
   *
   * <p>Each store operation borrows one pooled connection for its duration; when all
   * {@code poolSize} are in use it waits up to 10 seconds for one, then throws
   * {@link StoreException}.
   *
   * <p><b>Note:</b> the URL may carry the credentials and any pgJDBC setting (for example
   * {@code sslmode}, {@code socketTimeout} or {@code options=-c statement_timeout=5000});
   * {@link Store#describe()} and error messages leave out everything after the {@code ?}.
   *
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL
   *     or {@code poolSize} is below 1
   * @throws StoreException if the database refuses the connection or the login, does not
   *     answer within pgJDBC's {@code connectTimeout} (10 seconds unless the URL says
   *     otherwise), or cannot be migrated
   */
  public static Store openPostgres(String jdbcUrl, int poolSize) {
    if (!jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + redact(jdbcUrl));
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size must be at least 1, not " + poolSize);
    }
    String description = redact(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("patchbay-store");
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    // One attempt at opening: a database that is down fails the start at once.
    config.setInitializationFailTimeout(1);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // A default the URL can override: it names this client in pg_stat_activity.
    config.addDataSourceProperty("ApplicationName", "patchbay");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE,
          "cannot connect to " + description + ": " + rootMessage(e), e);
    }
    // Flyway migrates on connections of its own, outside the pool: it holds two at once (one
    // keeps the advisory lock), which a pool of one could never give it.
    PGSimpleDataSource migrations = new PGSimpleDataSource();
    migrations.setApplicationName("patchbay");
    migrations.setURL(jdbcUrl);
    try {
      migrate(migrations, description, "classpath:db/migration/postgresql");
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new JdbcStore(new PostgresConnections(pool, description));
  }

  private static void migrate(String url, String location) {
    // A start on an up-to-date store (every start but the first after an upgrade) needs no
    // Flyway at all; the check answers no whenever in doubt, and Flyway then decides.
    try (Connection c = DriverManager.getConnection(url)) {
      if (MigrationCheck.isCurrent(c, Stores.class.getClassLoader(), folder(location))) {
        return;
      }
    } catch (SQLException e) {
      // Flyway opens the database itself below and reports what is wrong with it.
    }
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

  private static void migrate(DataSource dataSource, String description, String location) {
    // As for SQLite; on an up-to-date database this also skips Flyway's advisory lock, so
    // nodes starting together do not queue behind each other.
    try (Connection c = dataSource.getConnection()) {
      if (MigrationCheck.isCurrent(c, Stores.class.getClassLoader(), folder(location))) {
        return;
      }
    } catch (SQLException e) {
      // Flyway connects itself below and reports what is wrong.
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(location)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StoreException(StoreException.Kind.UNAVAILABLE,
          "cannot migrate " + description + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the value of a user's store option ({@code --store}, {@code PATCHBAY_STORE}): blank
   * for the SQLite file of the data folder, or a {@code jdbc:postgresql:} URL. A folder path is
   * refused there, though {@link #open} takes one: a typo must not start a second SQLite store
   * beside the data folder, outside the folder's lock.
   *
   * @throws IllegalArgumentException naming the value (without its credentials) otherwise
   */
  public static void checkStoreOption(String value) {
    if (value != null && !value.isBlank() && !value.startsWith(POSTGRES_PREFIX)) {
      throw new IllegalArgumentException("the store must be a jdbc:postgresql://host:port/"
          + "database URL, or empty for the SQLite file in the data folder: " + redact(value));
    }
  }

  /** The classpath folder of a Flyway {@code classpath:} location. */
  private static String folder(String location) {
    return location.substring("classpath:".length());
  }

  /** The URL without the {@code jdbc:} prefix, user info or parameters, for logs. */
  static String redact(String url) {
    String s = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    int scheme = s.indexOf("://");
    int at = s.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      s = s.substring(0, scheme + 3) + s.substring(at + 1);
    }
    return s;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
