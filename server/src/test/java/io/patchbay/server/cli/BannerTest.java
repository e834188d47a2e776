package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Region;
import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import io.patchbay.server.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up banner names only the listeners that are on. */
class BannerTest {
  @TempDir
  Path dir;

  private static String banner(Patchbay p) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Banner.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), p);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void print_httpsOff_showsNoCaAndAPlainHttpExample() {
    try (Patchbay p = Patchbay.start(TestStores.config(dir))) {
      String text = banner(p);

      assertThat(text).contains("http://localhost:" + p.ports().http() + "/v2/accounts/")
          .contains("curl -s -X POST http://")
          .doesNotContain("https://").doesNotContain(":-1").doesNotContain("Local CA")
          .doesNotContain("--cacert");
    }
  }

  @Test
  void print_bothListeners_showsBothBasesTheCaAndAnHttpsExample() {
    ServerConfig both = TestStores.config(dir);
    both = new ServerConfig(both.dataDir(), "127.0.0.1", 0, 0, 0, Region.SINGAPORE, Map.of(), 0,
        true, both.store(), both.storePoolSize());
    try (Patchbay p = Patchbay.start(both)) {
      String text = banner(p);

      assertThat(text).contains("http://localhost:" + p.ports().http() + "/v2/accounts/")
          .contains("https://localhost:" + p.ports().https() + "/v2/accounts/")
          .contains("Local CA: ").contains("curl -s -X POST https://").contains("--cacert");
    }
  }
}
