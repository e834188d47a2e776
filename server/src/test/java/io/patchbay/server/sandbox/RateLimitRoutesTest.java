package io.patchbay.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.Patchbay;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account's own rate limit overrides the server default and survives a restart. */
class RateLimitRoutesTest {
  @TempDir
  Path dir;

  @Test
  void perAccountLimit_overridesTheDefaultAndSurvivesARestart() {
    String unknown = server429Count();

    try (Patchbay again = Patchbay.start(TestStores.config(dir))) {
      String sid = again.store().accounts().get(0).sid();

      assertThat(again.store().rateLimits()).containsEntry(sid, 3);
    }
    assertThat(unknown).isEqualTo("429 after 3, then served again with per_minute 0");
  }

  private String server429Count() {
    try (TestServer server = TestServer.start(dir)) {
      Response bad = server.sim("PUT", "/rate-limit", "{\"per_minute\":-1}");
      Response missing = server.sim("PUT", "/rate-limit", "{}");
      Response set = server.sim("PUT", "/rate-limit", "{\"per_minute\":3}");
      int ok = 0;
      Response limited = null;
      for (int i = 0; i < 4; i++) {
        Response r = server.send("GET", server.base() + "/calls/x", null);
        if (r.status() == 429) {
          limited = r;
          break;
        }
        ok++;
      }
      server.sim("PUT", "/rate-limit", "{\"per_minute\":0}");
      Response free = server.send("GET", server.base() + "/calls/x", null);
      server.sim("PUT", "/rate-limit", "{\"per_minute\":3}");

      assertThat(bad.status()).isEqualTo(400);
      assertThat(missing.description()).contains("per_minute");
      assertThat(set.data().get("per_minute").asInt()).isEqualTo(3);
      assertThat(limited).isNotNull();
      assertThat(limited.errorCode()).isEqualTo(1011);
      assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
      assertThat(free.status()).isEqualTo(404);
      return (limited.status() == 429 ? "429 after " + ok : "none")
          + ", then served again with per_minute 0";
    }
  }
}
