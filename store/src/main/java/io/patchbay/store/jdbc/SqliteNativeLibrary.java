package io.patchbay.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Points sqlite-jdbc at a copy of its native library kept in a cache folder, so that a start
 * loads it directly. Left alone, sqlite-jdbc copies the library (1.1 MB) out of its jar into the
 * temporary folder at every start, under a new name, and compares the copy with the jar's entry
 * a byte at a time: about 0.15 s of CPU a start on the 2-core VM (docs/architecture.md,
 * "Start-up and memory").
 *
 * <p>The copy lives in {@code <cache>/sqlite-jdbc-<version>/<os>/<arch>/} and is used only when
 * its size and CRC-32 match the jar's entry (the CRC comes from the jar's directory, so checking
 * reads the copy once and the jar not at all); otherwise it is written again, to a temporary
 * file renamed into place, so a reader never sees half a library.
 *
 * <p><b>Note:</b> this only ever saves time. If {@code org.sqlite.lib.path} is already set, the
 * library is not in a jar, or the folder cannot be written, nothing is set and sqlite-jdbc loads
 * the library its own way, as before.
 */
final class SqliteNativeLibrary {
  /** sqlite-jdbc's system property: the folder to load the library from, if it is there. */
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  /** sqlite-jdbc's system property: the library's file name in that folder. */
  static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private SqliteNativeLibrary() {}

  /**
   * Makes sure {@code cacheRoot} holds a copy of the library that matches the jar, and sets
   * sqlite-jdbc's properties to load it. Must run before the first SQLite connection of the
   * process; later calls find the library loaded and change nothing that matters.
   *
   * @param cacheRoot a folder of this user's (created if missing)
   * @return the library file used, or empty if sqlite-jdbc is left to load it its own way
   */
  static synchronized Optional<Path> useCachedCopy(Path cacheRoot) {
    if (System.getProperty(PATH_PROPERTY) != null) {
      return Optional.empty();
    }
    Optional<Path> file = cachedCopy(cacheRoot);
    file.ifPresent(f -> {
      System.setProperty(PATH_PROPERTY, f.getParent().toString());
      System.setProperty(NAME_PROPERTY, f.getFileName().toString());
    });
    return file;
  }

  /**
   * The copy of the library in {@code cacheRoot}, written first if it is missing or does not
   * match the jar; sets nothing.
   *
   * @return empty if the library is not in a jar, the copy cannot be written, or
   *     {@code cacheRoot} is relative (a user without a home folder: never write into the
   *     working folder)
   */
  static Optional<Path> cachedCopy(Path cacheRoot) {
    if (!cacheRoot.isAbsolute()) {
      return Optional.empty();
    }
    try {
      String folder = LibraryLoaderUtil.getNativeLibResourcePath();
      String name = LibraryLoaderUtil.getNativeLibName();
      URL url = SQLiteJDBCLoader.class.getResource(folder + "/" + name);
      if (url == null) {
        return Optional.empty();
      }
      URLConnection connection = url.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return Optional.empty();
      }
      jar.setUseCaches(false);
      Path dir = cacheRoot.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
          .resolve(folder.replaceFirst("^/?org/sqlite/native/?", ""));
      Path file = dir.resolve(name);
      try (var jarFile = jar.getJarFile()) {
        JarEntry entry = jar.getJarEntry();
        if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
          return Optional.empty();
        }
        if (!matches(file, entry)) {
          Files.createDirectories(dir);
          Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
          try {
            try (InputStream in = jarFile.getInputStream(entry)) {
              Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!matches(tmp, entry)) {
              return Optional.empty();
            }
            try {
              Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
              Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
          } finally {
            Files.deleteIfExists(tmp);
          }
        }
      }
      return Optional.of(file);
    } catch (IOException | RuntimeException e) {
      // Unwritable cache, odd jar, a sqlite-jdbc without these helpers: its own way still works.
      return Optional.empty();
    }
  }

  /**
   * The user's cache folder for Patchbay: $XDG_CACHE_HOME/patchbay when that is an absolute
   * path (the XDG rule), else ~/.cache/patchbay; relative when there is no home folder.
   */
  static Path defaultCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home", ""), ".cache");
    return base.resolve("patchbay");
  }

  private static boolean matches(Path file, JarEntry entry) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file));
    return crc.getValue() == entry.getCrc();
  }
}
