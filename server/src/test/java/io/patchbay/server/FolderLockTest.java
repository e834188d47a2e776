package io.patchbay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Region;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite data folder serves one server at a time. */
class FolderLockTest {
  @TempDir
  Path dir;

  private ServerConfig config() {
    return new ServerConfig(dir, "127.0.0.1", 0, -1, 0, Region.SINGAPORE, Map.of(), 0, true);
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
