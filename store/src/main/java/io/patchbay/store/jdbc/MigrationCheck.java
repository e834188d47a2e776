package io.patchbay.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Tells, without Flyway, whether a database already holds exactly the migrations of a classpath
 * folder, so that a start on an up-to-date store skips Flyway: loading, configuring and running
 * it (scan, lock, validate) took, with the local CA that HTTPS-less starts now skip as well,
 * about a fifth of a start's CPU (docs/architecture.md, "Start-up and memory").
 *
 * <p>The store is current when its {@code flyway_schema_history} holds, for every
 * {@code V<version>__<description>.sql} file of the folder and for nothing else, one successful
 * {@code SQL} row with the same version, description and checksum. That is what Flyway's own
 * validation compares for such files; the checksum is computed as Flyway computes it (CRC32 of
 * each line's UTF-8 bytes without its line break, a byte order mark dropped), and a test checks
 * it against the checksums Flyway stores.
 *
 * <p><b>Note:</b> the answer is only ever used to skip work. Whenever it is not a clear yes (a
 * file of another kind in the folder, such as a repeatable or Java migration, a failed or extra
 * row, no history table, a folder that cannot be listed), {@link #isCurrent} says no and the
 * caller runs Flyway, which then migrates or reports the problem as before.
 */
final class MigrationCheck {
  /** Flyway's default history table. */
  static final String HISTORY_TABLE = "flyway_schema_history";

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.+)\\.sql");

  private MigrationCheck() {}

  /** One versioned SQL migration, as Flyway records it. */
  record Migration(String version, String description, int checksum) {}

  /**
   * Whether the database on {@code c} already has every migration of {@code folder} and no
   * other, all successful, with the checksums of the files as they are now.
   *
   * @param folder a classpath folder such as {@code db/migration/sqlite}, without a leading slash
   * @return false also when the question cannot be answered: the caller then runs Flyway
   */
  static boolean isCurrent(Connection c, ClassLoader loader, String folder) {
    Map<String, Migration> expected;
    try {
      expected = onClasspath(loader, folder);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
    if (expected.isEmpty()) {
      return false;
    }
    try {
      Map<String, Migration> applied = applied(c);
      return applied != null && applied.equals(expected);
    } catch (SQLException e) {
      // No history table yet (an empty store), or a database we cannot read it from.
      return false;
    }
  }

  /**
   * The migrations in {@code folder}, by version; empty if the folder is missing or holds any
   * file that is not a versioned SQL migration (Flyway alone knows what to do with those).
   *
   * @throws IOException if the folder or a file in it cannot be read
   */
  static Map<String, Migration> onClasspath(ClassLoader loader, String folder)
      throws IOException {
    URL url = loader.getResource(folder);
    if (url == null) {
      return Map.of();
    }
    List<String> names = switch (url.getProtocol()) {
      case "file" -> filesIn(url);
      case "jar" -> entriesUnder(url, folder);
      default -> List.of();
    };
    Map<String, Migration> out = new HashMap<>();
    for (String name : names) {
      Matcher m = VERSIONED.matcher(name);
      if (!m.matches()) {
        return Map.of();
      }
      String version = m.group(1).replace('_', '.');
      String description = m.group(2).replace('_', ' ');
      int checksum;
      try (InputStream in = loader.getResourceAsStream(folder + "/" + name)) {
        if (in == null) {
          return Map.of();
        }
        checksum = checksum(in);
      }
      if (out.put(version, new Migration(version, description, checksum)) != null) {
        return Map.of();
      }
    }
    return out;
  }

  /**
   * The successful SQL migrations recorded in the history table, by version; null if the table
   * holds any other row (failed, repeatable, baseline, schema marker).
   *
   * @throws SQLException if the table is missing or cannot be read
   */
  static Map<String, Migration> applied(Connection c) throws SQLException {
    Map<String, Migration> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, description, type, checksum, success FROM "
            + HISTORY_TABLE)) {
      while (rs.next()) {
        String version = rs.getString(1);
        int checksum = rs.getInt(4);
        boolean hasChecksum = !rs.wasNull();
        if (version == null || !"SQL".equals(rs.getString(3)) || !hasChecksum
            || !rs.getBoolean(5)) {
          return null;
        }
        if (out.put(version, new Migration(version, rs.getString(2), checksum)) != null) {
          return null;
        }
      }
    }
    return out;
  }

  /**
   * Flyway's checksum of one SQL file (its {@code ChecksumCalculator}): CRC32 over the UTF-8
   * bytes of each line without its line break, with a byte order mark at the start dropped.
   *
   * @throws IOException if the stream cannot be read
   */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8), 4096);
    String line = reader.readLine();
    if (line != null && line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    while (line != null) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
      line = reader.readLine();
    }
    return (int) crc.getValue();
  }

  private static List<String> filesIn(URL url) throws IOException {
    Path dir;
    try {
      dir = Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  private static List<String> entriesUnder(URL url, String folder) throws IOException {
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return List.of();
    }
    // Not the JDK's shared cache: this jar is read once, and closed here.
    jar.setUseCaches(false);
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    List<String> names = new ArrayList<>();
    try (JarFile file = jar.getJarFile()) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith(prefix) && name.length() > prefix.length()) {
          // A sub-folder's entries keep their slash: no migration name matches them, so a
          // folder Flyway would scan deeper is left to Flyway.
          names.add(name.substring(prefix.length()));
        }
      }
    }
    return names;
  }
}
