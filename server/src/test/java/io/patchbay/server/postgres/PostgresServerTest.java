package io.patchbay.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Region;
import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole Patchbay on an embedded PostgreSQL: a call placed, finished and read back. */
class PostgresServerTest {
  @TempDir
  Path dir;

  @Test
  void patchbayOnPostgres_placesACallAndKeepsItAcrossARestart() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "linux only");
    ServerConfig config = new ServerConfig(dir, "127.0.0.1", 0, -1, 0, Region.SINGAPORE,
        Map.of(), 0, true, TestStores.postgresUrl(dir), 4);
    String callSid;
    DemoAccount demo;
    try (Patchbay p = Patchbay.start(config)) {
      demo = p.createdDemo().orElseThrow();
      HttpResponse<String> made = send(p, demo, "POST", "/calls", "{\"from\":{"
          + "\"user_contact_uri\":\"+919876500001\"},\"to\":{\"customer_contact_uri\":"
          + "\"+919812345678\"},\"virtual_number\":\"+918045680001\"}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
      callSid = TestServer.JSON.readTree(made.body()).at("/response/data/call_sid").asText();
      p.timelines().of(demo.accountSid()).advance(Duration.ofMinutes(2));
      assertThat(p.store().describe()).doesNotContain("password");
    }

    try (Patchbay again = Patchbay.start(config)) {
      JsonNode data = TestServer.JSON.readTree(send(again, demo, "GET", "/calls/" + callSid,
          null).body()).at("/response/data");

      assertThat(again.createdDemo()).isEmpty();
      assertThat(data.get("call_status").asText()).isEqualTo("completed");
      assertThat(data.get("total_talk_time").asInt()).isEqualTo(30);
    }
  }

  private static HttpResponse<String> send(Patchbay p, DemoAccount demo, String method,
      String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + p.ports().http() + "/v2/accounts/" + demo.accountSid() + path))
        .header("Authorization", TestServer.basic(demo.apiKey(), demo.apiToken()))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
