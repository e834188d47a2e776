package io.patchbay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Region;
import io.patchbay.store.jdbc.Stores;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local CA at start: made and checked only when HTTPS listens. */
class StartCertificatesTest {
  @TempDir
  Path dir;

  @Test
  void start_httpsOff_makesNoCertificates() {
    try (Patchbay p = Patchbay.start(TestStores.config(dir))) {
      assertThat(p.ports().https()).isEqualTo(-1);
      assertThat(p.certificates().created()).isFalse();
      assertThat(p.certificates().caCertPath()).isEqualTo(dir.resolve("tls").resolve("ca.pem"));
    }

    assertThat(dir.resolve("tls")).doesNotExist();
  }

  @Test
  void start_httpsOn_makesTheLocalCaAndServesWithIt() {
    ServerConfig https = new ServerConfig(dir, "127.0.0.1", 0, 0, 0, Region.SINGAPORE, Map.of(),
        0, true, TestStores.store(dir), Stores.DEFAULT_POOL_SIZE);

    try (Patchbay p = Patchbay.start(https)) {
      assertThat(p.ports().https()).isPositive();
      assertThat(p.certificates().created()).isTrue();
      assertThat(p.certificates().caCertPath()).isRegularFile();
      assertThat(p.certificates().serverKeyPath()).isRegularFile();
    }
  }
}
