package io.patchbay.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.server.TestStores;
import io.patchbay.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routes with a quick handler, served before the router once the header is verified: the
 * router's choice still wins (an earlier route, a query, an odd path, another method), and an
 * empty quick answer falls to the route's blocking handler.
 */
class QuickRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path dir;

  private static Store store;
  private static Vertx vertx;
  private static ApiServer server;
  private static String base;
  private static String auth;

  @BeforeAll
  static void start() {
    store = TestStores.open(dir);
    String sid = Sids.newAccountSid();
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    store.createAccount(new Account(sid, "quick routes", Region.SINGAPORE,
        Account.DEFAULT_ZONE, true, Instant.EPOCH),
        new ApiCredential(key, sid, TokenHasher.hash(key, token)));
    auth = "Basic " + Base64.getEncoder().encodeToString(
        (key + ":" + token).getBytes(StandardCharsets.UTF_8));
    vertx = Vertx.vertx();
    server = new ApiServer(vertx, new Authenticator(store),
        new Regions(Map.of(), Region.SINGAPORE), new RateLimiter(Clock.systemUTC(), 0), "admin");
    server.route(HttpMethod.GET, "/v2/accounts/:sid/things/special",
        r -> Reply.ok(json("special", r)));
    server.route(HttpMethod.GET, "/v2/accounts/:sid/things/:id",
        r -> r.param("id").startsWith("miss") ? Optional.empty()
            : Optional.of(Reply.ok(json("quick", r))),
        r -> Reply.ok(json("blocking", r)));
    base = "http://127.0.0.1:" + server.listen("127.0.0.1", 0, -1, null, null).http()
        + "/v2/accounts/" + sid + "/things/";
    assertThat(answeredBy("first")).as("reads the store, verifies the header")
        .isEqualTo("blocking");
    assertThat(answeredBy("second")).isEqualTo("quick");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().await();
    store.close();
  }

  private static byte[] json(String route, Request r) {
    return ("{\"route\":\"" + route + "\",\"id\":\"" + r.param("id") + "\",\"query\":"
        + r.query().size() + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", auth)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String answeredBy(String path) {
    try {
      JsonNode body = JSON.readTree(send("GET", path).body());
      return body.at("/response/data/route").asText(body.at("/response/code").asText());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path, e);
    }
  }

  @Test
  void get_pathOfAnEarlierRoute_isServedByThatRoute() {
    assertThat(answeredBy("special")).isEqualTo("special");
    assertThat(answeredBy("specials")).isEqualTo("quick");
  }

  @Test
  void get_emptyQuickAnswer_isServedByTheBlockingHandler() {
    assertThat(answeredBy("miss-1")).isEqualTo("blocking");
  }

  @Test
  void get_withAQuery_goesThroughTheRouterWithItsQuery() throws Exception {
    JsonNode body = JSON.readTree(send("GET", "abc?x=1&y=2").body());

    assertThat(body.at("/response/data/route").asText()).isEqualTo("quick");
    assertThat(body.at("/response/data/query").asInt()).isEqualTo(2);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"a%62c", "abc/", "a.b"})
  void get_pathToDecodeOrNormalise_isAnsweredAsTheRouterDoes(String path) throws Exception {
    HttpResponse<String> r = send("GET", path);
    JsonNode body = JSON.readTree(r.body());

    assertThat(r.statusCode()).isIn(200, 404);
    assertThat(body.get("http_code").asInt()).isEqualTo(r.statusCode());
    if (r.statusCode() == 200) {
      assertThat(body.at("/response/data/id").asText()).isIn("abc", "abc/", "a.b");
    }
  }

  @Test
  void otherMethodOnAQuickPath_is405InTheEnvelope() throws Exception {
    HttpResponse<String> r = send("DELETE", "abc");

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(r.body()).at("/response/error_data/code").asInt()).isEqualTo(9405);
  }

  @Test
  void plain_onlyUndecodedSegments_areTaken() {
    assertThat(QuickRoutes.plain("/v2/accounts/a_b-9/calls/xyz")).isTrue();
    for (String path : new String[] {null, "", "/", "v2/x", "/v2//x", "/v2/x/", "/v2/%41",
        "/v2/a.b", "/v2/a b", "/v2/\u00e9"}) {
      assertThat(QuickRoutes.plain(path)).as(String.valueOf(path)).isFalse();
    }
  }
}
