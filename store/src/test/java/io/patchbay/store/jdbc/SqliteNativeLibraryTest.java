package io.patchbay.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The cached copy of sqlite-jdbc's native library (the process-wide properties stay unset). */
class SqliteNativeLibraryTest {
  @TempDir
  Path cache;

  @Test
  void cachedCopy_emptyCache_writesTheJarsLibrary() throws Exception {
    Optional<Path> copy = SqliteNativeLibrary.cachedCopy(cache);

    assertThat(copy).isPresent();
    assertThat(copy.get())
        .startsWith(cache.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()));
    assertThat(copy.get().getFileName().toString())
        .isEqualTo(LibraryLoaderUtil.getNativeLibName());
    assertThat(Files.readAllBytes(copy.get())).isEqualTo(jarBytes());
    try (var files = Files.list(copy.get().getParent())) {
      assertThat(files).containsExactly(copy.get());
    }
  }

  @Test
  void cachedCopy_matchingCopy_keepsIt() throws Exception {
    Path first = SqliteNativeLibrary.cachedCopy(cache).orElseThrow();
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(first, old);

    Path second = SqliteNativeLibrary.cachedCopy(cache).orElseThrow();

    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second)).isEqualTo(old);
  }

  @Test
  void cachedCopy_damagedCopy_writesItAgain() throws Exception {
    Path first = SqliteNativeLibrary.cachedCopy(cache).orElseThrow();
    byte[] damaged = Files.readAllBytes(first);
    damaged[damaged.length / 2] ^= 1;
    Files.write(first, damaged);

    Path second = SqliteNativeLibrary.cachedCopy(cache).orElseThrow();

    assertThat(Files.readAllBytes(second)).isEqualTo(jarBytes());
  }

  @Test
  void cachedCopy_cacheIsAFile_empty() throws Exception {
    Path file = Files.writeString(cache.resolve("not-a-folder"), "x");

    assertThat(SqliteNativeLibrary.cachedCopy(file)).isEmpty();
  }

  @Test
  void cachedCopy_relativeCacheFolder_emptyAndWritesNothing() {
    Path relative = Path.of("patchbay-cache-test-" + System.nanoTime());

    assertThat(SqliteNativeLibrary.cachedCopy(relative)).isEmpty();
    assertThat(relative).doesNotExist();
  }

  private static byte[] jarBytes() throws Exception {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/"
        + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
