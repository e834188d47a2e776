package io.patchbay.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET call details with an Authorization header verified before, which the server answers
 * without its router: the same answers, failures, limits, faults and metrics as the first read.
 */
class QuickPathTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static String terminal;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    terminal = server.send("POST", server.base() + "/calls",
        server.callBody(server.demo().agents().get(0).contactUri(), "+919812345678"))
        .data().get("call_sid").asText();
    server.advance(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Response get(String callSid) {
    return server.send("GET", server.base() + "/calls/" + callSid, null);
  }

  @Test
  void get_repeatedWithAVerifiedHeader_answersAsTheFirstReadWithItsOwnRequestIds() {
    List<Response> reads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      reads.add(get(terminal));
    }

    Response first = reads.get(0);
    assertThat(reads).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.raw().headers().firstValue("ETag"))
          .isEqualTo(first.raw().headers().firstValue("ETag"));
      assertThat(r.body().get("request_id").asText()).matches("[0-9a-f]{32}");
      assertThat(withoutRequestId(r)).isEqualTo(withoutRequestId(first));
    });
    assertThat(reads.stream().map(r -> r.body().get("request_id").asText()).distinct())
        .hasSize(4);
  }

  private static JsonNode withoutRequestId(Response r) {
    return ((ObjectNode) r.body().deepCopy()).without("request_id");
  }

  @Test
  void get_unknownOrMalformedSidWithAVerifiedHeader_is404InTheEnvelope() {
    get(terminal);

    Response unknown = get("0123456789abcdefghijklmnopqrstuv");
    Response malformed = get("0123456789abcdefghijklmnopqrstu");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo(3043);
    assertThat(malformed.status()).isEqualTo(404);
    assertThat(malformed.errorCode()).isEqualTo(3045);
  }

  @Test
  void get_verifiedHeaderForAnotherAccountOrRegion_is401WithTheChallenge() {
    get(terminal);

    Response other = server.send("GET", server.root()
        + "/v2/accounts/patchbayzzzzzzzzzzzz/calls/" + terminal, null);
    Response mumbai = server.send("GET", server.base() + "/calls/" + terminal, null,
        Map.of("Authorization", server.auth(), "Host", "ccm-api.in.exotel.com"));

    for (Response r : List.of(other, mumbai)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo(1010);
      assertThat(r.raw().headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"Patchbay\"");
    }
  }

  @Test
  void get_armedErrorFault_isAnsweredByTheFaultOnceThenNormally() {
    get(terminal);
    assertThat(server.sim("POST", "/faults", "{\"kind\":\"error_500\"}").status())
        .isEqualTo(200);

    Response faulted = get(terminal);
    Response after = get(terminal);

    assertThat(faulted.status()).isEqualTo(500);
    assertThat(faulted.errorCode()).isEqualTo(3042);
    assertThat(after.status()).isEqualTo(200);
  }

  @Test
  void get_overTheAccountsRateLimit_is429WithRetryAfter() {
    get(terminal);
    assertThat(server.sim("PUT", "/rate-limit", "{\"per_minute\":3}").status())
        .isEqualTo(200);
    try {
      List<Integer> statuses = new ArrayList<>();
      Response last = null;
      for (int i = 0; i < 5; i++) {
        last = get(terminal);
        statuses.add(last.status());
      }

      assertThat(statuses).contains(429);
      assertThat(last.status()).isEqualTo(429);
      assertThat(last.errorCode()).isEqualTo(1011);
      assertThat(last.raw().headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
    } finally {
      server.sim("PUT", "/rate-limit", "{\"per_minute\":null}");
    }
  }

  @Test
  void metrics_readsWithAVerifiedHeader_areCountedAsEveryResponse() throws Exception {
    get(terminal);
    long before = successes();

    for (int i = 0; i < 5; i++) {
      get(terminal);
    }

    assertThat(successes() - before).isGreaterThanOrEqualTo(5);
  }

  private static long successes() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.root() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("patchbay_http_responses_total\\{status=\"2xx\"\\} ([0-9.]+)")
        .matcher(r.body());
    assertThat(m.find()).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
