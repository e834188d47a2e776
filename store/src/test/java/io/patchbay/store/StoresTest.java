package io.patchbay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.store.jdbc.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link Stores#open} picks an adapter from a location; PostgresStoreTest opens URLs. */
class StoresTest {
  @TempDir
  Path dir;

  @Test
  void open_folderPath_opensSqliteInThatFolder() {
    Path data = dir.resolve("data");

    try (Store store = Stores.open(data.toString())) {
      assertThat(store.describe()).contains(data.resolve("patchbay.db").toString());
      assertThat(store.accounts()).isEmpty();
    }

    assertThat(data.resolve("patchbay.db")).isRegularFile();
  }

  @Test
  void open_blank_throwsIllegalArgument() {
    assertThatThrownBy(() -> Stores.open(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void open_otherJdbcUrl_throwsIllegalArgumentWithoutTheCredentials() {
    assertThatThrownBy(() -> Stores.open("jdbc:mysql://db.test:3306/patchbay?password=s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mysql://db.test:3306/patchbay")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void open_libpqStyleUrl_throwsIllegalArgumentWithoutTheCredentials() {
    assertThatThrownBy(() -> Stores.open("postgres://pb:s3cret@db.test:5432/patchbay"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://db.test:5432/patchbay")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void open_postgresUrlWithPoolSizeZero_throwsIllegalArgument() {
    assertThatThrownBy(() -> Stores.open("jdbc:postgresql://127.0.0.1:5432/patchbay", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
