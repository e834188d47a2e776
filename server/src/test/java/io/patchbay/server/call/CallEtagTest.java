package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity tags of call details over real HTTP: a terminal call's details carry a weak tag of
 * their bytes, and {@code If-None-Match} naming it answers 304; a live call's carry none.
 */
class CallEtagTest {
  private static final String TAG = "W/\"[A-Za-z0-9_-]{22}\"";

  @TempDir
  static Path dir;

  static TestServer server;
  static String terminal;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    terminal = makeCall(0);
    server.advance(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String makeCall(int agent) {
    return server.send("POST", server.base() + "/calls",
        server.callBody(server.demo().agents().get(agent).contactUri(), "+919812345678"))
        .data().get("call_sid").asText();
  }

  private static HttpResponse<String> get(String callSid, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(Map.of("Authorization", server.auth()));
    all.putAll(headers);
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create(server.base() + "/calls/" + callSid)).GET();
    all.forEach(b::header);
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String etag(HttpResponse<String> r) {
    return r.headers().firstValue("ETag").orElse(null);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return TestServer.JSON.readTree(r.body());
  }

  @Test
  void get_terminalCall_carriesTheSameWeakEtagOnEveryRead() throws IOException {
    HttpResponse<String> first = get(terminal, Map.of());
    HttpResponse<String> second = get(terminal, Map.of());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).at("/response/data/call_state").asText()).isEqualTo("terminal");
    assertThat(etag(first)).matches(TAG).isEqualTo(etag(second));
    assertThat(json(first).at("/response/data")).isEqualTo(json(second).at("/response/data"));
    assertThat(json(first).get("request_id")).as("the envelope differs: hence a weak tag")
        .isNotEqualTo(json(second).get("request_id"));
  }

  @Test
  void get_ifNoneMatchNamingTheEtag_is304WithTheEtagAndNoBody() {
    String tag = etag(get(terminal, Map.of()));

    for (String header : new String[] {tag, tag.substring(2), "\"x\", " + tag, "*"}) {
      HttpResponse<String> r = get(terminal, Map.of("If-None-Match", header));

      assertThat(r.statusCode()).as(header).isEqualTo(304);
      assertThat(r.body()).as(header).isEmpty();
      assertThat(etag(r)).as(header).isEqualTo(tag);
      assertThat(r.headers().firstValue("Content-Length")).as(header).isEmpty();
      assertThat(r.headers().firstValue("Content-Type")).as(header).isEmpty();
    }
  }

  @Test
  void get_ifNoneMatchOnTwoHeaderLines_isOneListAndMatchesTheSecond() throws IOException {
    String tag = etag(get(terminal, Map.of()));
    URI base = URI.create(server.base());

    String status;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.getOutputStream().write(("GET " + base.getPath() + "/calls/" + terminal
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + server.auth()
          + "\r\nIf-None-Match: \"x\"\r\nIf-None-Match: " + tag
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }

    assertThat(status).isEqualTo("HTTP/1.1 304 Not Modified");
  }

  @Test
  void get_ifNoneMatchOfAnotherTag_is200WithTheDetails() throws IOException {
    String tag = etag(get(terminal, Map.of()));

    HttpResponse<String> r = get(terminal, Map.of("If-None-Match", "W/\"AAAAAAAAAAAAAAAAAAAAAA\""));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(etag(r)).isEqualTo(tag);
    assertThat(json(r).at("/response/data/call_sid").asText()).isEqualTo(terminal);
  }

  @Test
  void get_liveCall_hasNoEtagAndIgnoresIfNoneMatch() throws IOException {
    String live = makeCall(1);
    try {
      HttpResponse<String> r = get(live, Map.of("If-None-Match", "*"));

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).at("/response/data/call_state").asText()).isEqualTo("active");
      assertThat(etag(r)).isNull();
    } finally {
      server.advance(Duration.ofMinutes(2));
    }
  }

  @Test
  void get_matchingIfNoneMatchWithAWrongToken_is401NotA304() throws IOException {
    String tag = etag(get(terminal, Map.of()));

    HttpResponse<String> r = get(terminal, Map.of("If-None-Match", tag,
        "Authorization", TestServer.basic(server.demo().apiKey(), "wrong")));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).at("/response/error_data/code").asInt()).isEqualTo(1010);
    assertThat(etag(r)).isNull();
  }

  @Test
  void get_matchingIfNoneMatchOfAnotherAccountsCall_is404NotA304() {
    String tag = etag(get(terminal, Map.of()));

    HttpResponse<String> r = get("0123456789abcdefghijklmnopqrstuv", Map.of("If-None-Match",
        tag));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(etag(r)).isNull();
  }

  @Test
  void get_throughTheRouterWithAnArmedFault_carriesTheEtagAndAnswers304Too() {
    String tag = etag(get(terminal, Map.of()));
    arm("{\"kind\":\"delay\",\"delay_ms\":1,\"count\":2}");

    HttpResponse<String> full = get(terminal, Map.of());
    HttpResponse<String> notModified = get(terminal, Map.of("If-None-Match", tag));

    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(etag(full)).isEqualTo(tag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(etag(notModified)).isEqualTo(tag);
    assertThat(server.sim("GET", "/faults", null).body().toString()).doesNotContain("delay");
  }

  private static void arm(String fault) {
    assertThat(server.sim("POST", "/faults", fault).status()).isEqualTo(200);
  }
}
