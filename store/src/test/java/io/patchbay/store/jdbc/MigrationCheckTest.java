package io.patchbay.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.store.Store;
import io.patchbay.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that lets a start on an up-to-date store skip Flyway, on SQLite. */
class MigrationCheckTest {
  private static final String SQLITE = "db/migration/sqlite";
  private static final ClassLoader LOADER = MigrationCheckTest.class.getClassLoader();

  @TempDir
  Path dir;

  @Test
  void isCurrent_storeMigratedByFlyway_true() throws Exception {
    migrated();

    try (Connection c = connect()) {
      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isTrue();
    }
  }

  @Test
  void checksum_everyMigration_isTheOneFlywayStored() throws Exception {
    migrated();
    Map<String, MigrationCheck.Migration> files = MigrationCheck.onClasspath(LOADER, SQLITE);

    try (Connection c = connect()) {
      assertThat(files).isNotEmpty().isEqualTo(MigrationCheck.applied(c));
    }
  }

  @Test
  void isCurrent_emptyDatabase_false() throws Exception {
    try (Connection c = connect()) {
      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isFalse();
    }
  }

  @Test
  void isCurrent_latestMigrationNotApplied_false() throws Exception {
    migrated();
    try (Connection c = connect()) {
      execute(c, "DELETE FROM flyway_schema_history WHERE installed_rank ="
          + " (SELECT MAX(installed_rank) FROM flyway_schema_history)");

      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isFalse();
    }
  }

  @Test
  void isCurrent_failedMigration_false() throws Exception {
    migrated();
    try (Connection c = connect()) {
      execute(c, "UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");

      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isFalse();
    }
  }

  @Test
  void isCurrent_editedMigration_false() throws Exception {
    migrated();
    try (Connection c = connect()) {
      execute(c, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isFalse();
    }
  }

  @Test
  void isCurrent_migrationNewerThanTheseFiles_false() throws Exception {
    migrated();
    try (Connection c = connect()) {
      execute(c, "INSERT INTO flyway_schema_history (installed_rank, version, description,"
          + " type, script, checksum, installed_by, execution_time, success) VALUES (999,"
          + " '999', 'from a newer build', 'SQL', 'V999__from_a_newer_build.sql', 1, 'test', 0,"
          + " 1)");

      assertThat(MigrationCheck.isCurrent(c, LOADER, SQLITE)).isFalse();
    }
  }

  @Test
  void open_editedMigration_leftToFlywayWhichReportsIt() throws Exception {
    migrated();
    try (Connection c = connect()) {
      execute(c, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
    }

    // The check answers no, so Flyway runs and fails validation as it always did.
    assertThatThrownBy(() -> Stores.openSqlite(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void onClasspath_missingFolder_empty() throws Exception {
    assertThat(MigrationCheck.onClasspath(LOADER, "db/migration/none")).isEmpty();
  }

  @Test
  void onClasspath_folderInAJar_readsItsMigrations() throws Exception {
    Path jar = jar(Map.of("db/m/V1__first_one.sql", "CREATE TABLE a (x);\n",
        "db/m/V1_1__second.sql", "CREATE TABLE b (x);\n", "db/other/V7__elsewhere.sql", ""));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Map<String, MigrationCheck.Migration> found = MigrationCheck.onClasspath(loader, "db/m");

      assertThat(found).containsOnlyKeys("1", "1.1");
      assertThat(found.get("1").description()).isEqualTo("first one");
      assertThat(found.get("1").checksum()).isEqualTo(checksum("CREATE TABLE a (x);\n"));
    }
  }

  @Test
  void onClasspath_repeatableMigrationInTheFolder_empty() throws Exception {
    Path jar = jar(Map.of("db/m/V1__first.sql", "CREATE TABLE a (x);\n",
        "db/m/R__view.sql", "CREATE VIEW v AS SELECT 1;\n"));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(MigrationCheck.onClasspath(loader, "db/m")).isEmpty();
    }
  }

  @Test
  void onClasspath_subFolder_empty() throws Exception {
    Path jar = jar(Map.of("db/m/V1__first.sql", "CREATE TABLE a (x);\n",
        "db/m/more/V2__second.sql", "CREATE TABLE b (x);\n"));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(MigrationCheck.onClasspath(loader, "db/m")).isEmpty();
    }
  }

  @Test
  void checksum_lineBreaksAndByteOrderMark_ignoredAsFlywayDoes() throws Exception {
    int plain = checksum("CREATE TABLE a (x);\nCREATE TABLE b (y);\n");

    assertThat(checksum("CREATE TABLE a (x);\r\nCREATE TABLE b (y);")).isEqualTo(plain);
    assertThat(checksum("\uFEFFCREATE TABLE a (x);\nCREATE TABLE b (y);\n")).isEqualTo(plain);
    assertThat(checksum("CREATE TABLE a (x);\nCREATE TABLE b (z);\n")).isNotEqualTo(plain);
  }

  private void migrated() {
    try (Store store = Stores.openSqlite(dir)) {
      assertThat(store.describe()).contains("patchbay.db");
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("patchbay.db"));
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int checksum(String text) throws IOException {
    return MigrationCheck.checksum(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A jar with these files and their folders' entries, as Maven packs resources. */
  private Path jar(Map<String, String> files) throws IOException {
    Path jar = Files.createTempFile(dir, "migrations", ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      Set<String> folders = new TreeSet<>();
      for (String name : files.keySet()) {
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
          folders.add(name.substring(0, i + 1));
        }
      }
      for (String folder : folders) {
        zip.putNextEntry(new JarEntry(folder));
        zip.closeEntry();
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new JarEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }
}
