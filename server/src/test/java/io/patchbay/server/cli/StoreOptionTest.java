package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Region;
import io.patchbay.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --store} takes a {@code jdbc:postgresql:} URL or nothing: a folder path there would
 * open a second SQLite store beside the data folder, outside its lock.
 */
class StoreOptionTest {
  @TempDir
  Path dir;

  @Test
  void serverConfig_storeIsAFolderPath_isRefusedNamingIt() {
    String elsewhere = dir.resolve("elsewhere").toString();

    assertThatThrownBy(() -> new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, -1, 0,
        Region.SINGAPORE, Map.of(), 0, true, elsewhere, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql:").hasMessageContaining(elsewhere);
  }

  @Test
  void serverConfig_storeUrlWithPassword_isRefusedWithoutThePassword() {
    assertThatThrownBy(() -> new ServerConfig(dir, "127.0.0.1", 0, -1, 0, Region.SINGAPORE,
        Map.of(), 0, true, "postgres://pat:s3cret@db:5432/pb", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void serveAndCommands_storeIsAFolderPath_exit1AndCreateNothing() {
    Path data = dir.resolve("data");
    Path elsewhere = dir.resolve("elsewhere");

    int serve = Cli.run("serve", "--data", data.toString(), "--store", elsewhere.toString(),
        "--http-port", "0", "--https-port", "-1");
    int list = Cli.run("account", "list", "--data", data.toString(), "--store",
        elsewhere.toString());
    int flows = Cli.run("flow", "list", "--data", data.toString(), "--account",
        "patchbayaaaaaaaaaaaa", "--store", elsewhere.toString());

    assertThat(serve).isEqualTo(1);
    assertThat(list).isEqualTo(1);
    assertThat(flows).isEqualTo(1);
    assertThat(elsewhere).doesNotExist();
    assertThat(data.resolve("patchbay.db")).doesNotExist();
    assertThat(Files.exists(data.resolve("demo-account.json"))).isFalse();
  }
}
