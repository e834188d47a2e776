package io.patchbay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite data folder serves one server at a time. */
@SqliteOnly("the folder lock guards the SQLite file; servers on PostgreSQL share the database")
class FolderLockTest {
  @TempDir
  Path dir;

  private ServerConfig config() {
    return TestStores.config(dir);
  }

  @Test
  void secondServer_onTheSameSqliteFolder_isRefusedUntilTheFirstStops() {
    try (Patchbay first = Patchbay.start(config())) {
      assertThatThrownBy(() -> Patchbay.start(config()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another Patchbay server is using the data folder");
      assertThat(first.ports().http()).isPositive();
    }

    try (Patchbay again = Patchbay.start(config())) {
      assertThat(again.ports().http()).isPositive();
    }
  }
}
