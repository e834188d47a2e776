package io.patchbay.server;

import io.patchbay.core.account.Region;
import io.patchbay.store.Store;
import io.patchbay.store.jdbc.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The store every test server and every test-opened store uses, chosen for the whole test JVM
 * by the system property {@value #PROPERTY}: {@code sqlite} (the default) keeps the data in
 * the data folder's SQLite file, {@code postgresql} keeps each data folder's data in a database
 * of its own on one embedded PostgreSQL ({@link TestPostgres}). The build runs the suite once
 * with each.
 *
 * <p>Every test reaches its store through here, so that no test builds a store URL itself.
 *
 * <p><b>Note:</b> {@code -Dtest=...} runs the chosen tests in both executions; a
 * {@code -Dpatchbay.test.store=...} given to Maven reaches both executions' JVMs and so runs
 * both on that store.
 */
public final class TestStores {
  /** The system property that chooses the store. */
  public static final String PROPERTY = "patchbay.test.store";

  private TestStores() {}

  /**
   * Whether this JVM's tests run on PostgreSQL.
   *
   * @throws IllegalStateException if {@value #PROPERTY} is neither {@code sqlite} nor
   *     {@code postgresql}, so that a misspelt value cannot fall back to SQLite unnoticed
   */
  public static boolean postgres() {
    String store = System.getProperty(PROPERTY, "sqlite");
    return switch (store) {
      case "sqlite" -> false;
      case "postgresql" -> true;
      default -> throw new IllegalStateException(
          PROPERTY + " must be sqlite or postgresql: " + store);
    };
  }

  /**
   * The standard test server on {@code dataDir}: loopback, plain HTTP on a free port, manual
   * clocks, Singapore, no rate limit, the demo account, on the chosen store.
   *
   * @throws IllegalStateException on PostgreSQL, if the embedded server did not start
   */
  public static ServerConfig config(Path dataDir) {
    return new ServerConfig(dataDir, "127.0.0.1", 0, -1, 0, Region.SINGAPORE, Map.of(), 0, true,
        store(dataDir), Stores.DEFAULT_POOL_SIZE);
  }

  /**
   * The {@link ServerConfig#store} for {@code dataDir}: a URL of its own database on
   * PostgreSQL, blank (the SQLite file in the folder) otherwise.
   *
   * @throws IllegalStateException on PostgreSQL, if the embedded server did not start
   */
  public static String store(Path dataDir) {
    return postgres() ? TestPostgres.url(dataDir) : "";
  }

  /**
   * The database of {@code dataDir} on the embedded PostgreSQL whatever the chosen store, for
   * the tests about PostgreSQL itself.
   *
   * @throws IllegalStateException if the embedded server did not start
   */
  public static String postgresUrl(Path dataDir) {
    return TestPostgres.url(dataDir);
  }

  /**
   * Opens the store of {@code dataDir}, as a server on that folder would.
   *
   * @throws io.patchbay.store.StoreException if it cannot be opened
   */
  public static Store open(Path dataDir) {
    return postgres() ? Stores.open(TestPostgres.url(dataDir)) : Stores.openSqlite(dataDir);
  }

  /** The CLI options that name {@code dataDir} and its store: {@code --data}, {@code --store}. */
  public static List<String> cliOptions(Path dataDir) {
    return postgres() ? List.of("--data", dataDir.toString(), "--store", store(dataDir))
        : List.of("--data", dataDir.toString());
  }
}
