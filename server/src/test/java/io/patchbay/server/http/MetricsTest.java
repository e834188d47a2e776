package io.patchbay.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint counts responses and live calls, and names no tenant. */
class MetricsTest {
  @TempDir
  Path dir;

  @Test
  void metrics_afterACallAndAFailure_countsThemWithoutTenantData() throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      server.send("POST", server.base() + "/calls",
          server.callBody("+919876500001", "+919812345678"));
      server.send("GET", server.base() + "/calls/0123456789abcdefghijklmnopqrstuv", null);

      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(server.root() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("text/plain"));
      assertThat(r.body())
          .containsPattern("patchbay_http_responses_total\\{status=\"2xx\"\\} [1-9]")
          .containsPattern("patchbay_http_responses_total\\{status=\"4xx\"\\} [1-9]");
      assertThat(r.body()).contains("patchbay_live_calls 1.0");
      assertThat(r.body()).doesNotContain(server.demo().accountSid())
          .doesNotContain("9876500001");
    }
  }
}
