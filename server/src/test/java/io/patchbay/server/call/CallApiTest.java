package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Make Call and call details over real HTTP, on a manual clock. */
class CallApiTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static JsonNode sample;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(dir);
    try (InputStream in = CallApiTest.class.getResourceAsStream(
        "/get-call-details-sample.json")) {
      sample = TestServer.JSON.readTree(in);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private String agent(int i) {
    return server.demo().agents().get(i).contactUri();
  }

  private Response makeCall(String body) {
    return server.send("POST", server.base() + "/calls", body);
  }

  private Response get(String callSid) {
    return server.send("GET", server.base() + "/calls/" + callSid, null);
  }

  @Test
  void makeCall_demoAgent_returnsActiveCallWithTheSampleKeySet() {
    Response made = makeCall(server.callBody(agent(0), "+919812345678"));

    assertThat(made.status()).isEqualTo(200);
    assertThat(fieldNames(made.body())).isEqualTo(fieldNames(sample));
    assertThat(fieldNames(made.data())).isEqualTo(fieldNames(sample.at("/response/data")));
    assertThat(made.body().get("method").asText()).isEqualTo("POST");
    assertThat(made.body().get("request_id").asText()).matches("[0-9a-f]{32}");
    assertThat(made.data().get("call_sid").asText()).matches("[0-9a-z]{32}");
    assertThat(made.data().get("call_state").asText()).isEqualTo("active");
    assertThat(made.data().get("call_status").isNull()).isTrue();
    assertThat(made.data().at("/customer_details/contact_name").asText()).isEqualTo("Ravi Kumar");

    Response read = get(made.data().get("call_sid").asText());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.data().get("call_state").asText()).isEqualTo("active");
    for (String key : List.of("call_status", "end_time", "total_duration", "total_talk_time",
        "recordings")) {
      assertThat(read.data().get(key).isNull()).as(key).isTrue();
    }
    server.advance(Duration.ofMinutes(2));
  }

  @Test
  void defaultCall_afterItsTimers_isTerminalCompletedWithThirtySecondsOfTalk() {
    String body = server.callBody(agent(1), "09812345678");
    Response made = makeCall(body.substring(0, body.length() - 1) + ",\"custom_field\":\"t-1\"}");
    String sid = made.data().get("call_sid").asText();

    server.advance(Duration.ofSeconds(20));
    JsonNode talking = get(sid).data();
    server.advance(Duration.ofSeconds(30));
    JsonNode done = get(sid).data();

    assertThat(talking.get("call_state").asText()).isEqualTo("active");
    assertThat(talking.at("/assigned_agent_details/status").asText()).isEqualTo("in-progress");
    assertThat(talking.at("/customer_details/status").asText()).isEqualTo("in-progress");
    assertThat(done.get("call_state").asText()).isEqualTo("terminal");
    assertThat(done.get("call_status").asText()).isEqualTo("completed");
    assertThat(done.get("total_talk_time").asInt()).isEqualTo(30);
    assertThat(done.get("total_duration").asInt()).isEqualTo(38);
    assertThat(done.get("recordings").isArray()).isTrue();
    assertThat(done.get("recordings")).isEmpty();
    OffsetDateTime start = OffsetDateTime.parse(done.get("start_time").asText());
    OffsetDateTime end = OffsetDateTime.parse(done.get("end_time").asText());
    assertThat(Duration.between(start, end).toSeconds()).isEqualTo(38);
    assertThat(done.get("end_time").asText()).endsWith("+05:30");
    assertThat(typesOf(done)).isEqualTo(typesOf(sample.at("/response/data")));
  }

  @Test
  void makeCall_realIntegrationBodies_areAcceptedUnchanged() {
    String preSerialised = "{\"from\":{\"user_contact_uri\":\"09876500001\"},"
        + "\"to\":{\"customer_contact_uri\":\"09812345678\"},"
        + "\"virtual_number\":\"+918045680001\","
        + "\"status_callback\":[{\"event\":\"terminal\",\"url\":\"http://127.0.0.1:9/cb\"}]}";
    Response first = server.send("POST", server.base() + "/calls", preSerialised,
        Map.of("Authorization", server.auth()));
    server.advance(Duration.ofMinutes(2));
    String byUserId = "{\"from\":{\"user_id\":\"" + server.demo().agents().get(1).userId()
        + "\"},\"to\":{\"customer_contact_uri\":\"+919812345678\"},"
        + "\"virtual_number\":\"+918045680001\",\"recording\":true,"
        + "\"max_time_limit\":\"600\",\"attempt_time_out\":\"45\",\"custom_field\":\"ticket-1\"}";
    Response second = makeCall(byUserId);
    server.advance(Duration.ofMinutes(2));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.data().at("/assigned_agent_details/contact_uri").asText())
        .isEqualTo("+919876500001");
    assertThat(first.data().at("/customer_details/contact_uri").asText())
        .isEqualTo("+919812345678");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.data().get("custom_field").asText()).isEqualTo("ticket-1");
    assertThat(get(second.data().get("call_sid").asText()).data().get("call_status").asText())
        .isEqualTo("completed");
  }

  @Test
  void makeCall_jsonSentAsAFormLikeCurlDashD_isStillReadAsJson() {
    String body = server.callBody(agent(0), "+919812345678");
    body = body.substring(0, body.length() - 1) + ",\"custom_field\":\"50% off "
        + "x".repeat(1500) + "\"}";

    Response r = server.send("POST", server.base() + "/calls", body, Map.of(
        "Authorization", server.auth(),
        "Content-Type", "application/x-www-form-urlencoded"));
    server.advance(Duration.ofMinutes(2));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.data().get("custom_field").asText()).startsWith("50% off xxx");
  }

  @Test
  void getCall_unknownSid_is404With3043() {
    Response r = get("0123456789abcdefghijklmnopqrstuv");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo(3043);
    assertThat(r.body().at("/response/status").asText()).isEqualTo("failure");
    assertThat(r.data().isNull()).isTrue();
  }

  @Test
  void getCall_malformedSid_is404With3045() {
    assertThat(get("NOT-A-SID").errorCode()).isEqualTo(3045);
    assertThat(get("abc").status()).isEqualTo(404);
  }

  @Test
  void getCall_wrongToken_is401With1010AndAChallenge() {
    Response r = server.send("GET", server.base() + "/calls/0123456789abcdefghijklmnopqrstuv",
        null, Map.of("Authorization", TestServer.basic(server.demo().apiKey(), "wrong")));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo(1010);
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Basic realm="));
  }

  @Test
  void getCall_noCredentialsOrOtherAccountOrOtherRegion_is401With1010() {
    String other = server.root() + "/v2/accounts/someoneelse/calls";
    Response none = server.send("GET", server.base() + "/calls/x", null, Map.of());
    Response otherAccount = server.send("POST", other, "{}");
    Response otherRegion = server.send("GET", server.base() + "/calls/x", null,
        Map.of("Authorization", server.auth(), "Host", "ccm-api.in.exotel.com"));

    assertThat(List.of(none.status(), otherAccount.status(), otherRegion.status()))
        .containsOnly(401);
    assertThat(List.of(none.errorCode(), otherAccount.errorCode(), otherRegion.errorCode()))
        .containsOnly(1010);
    assertThat(otherRegion.description()).contains("ccm-api.exotel.com");
  }

  @Test
  void unknownPathAndWrongMethod_answerInTheEnvelope() {
    Response unknown = server.send("GET", server.root() + "/v2/nothing/here", null);
    Response method = server.send("DELETE", server.base() + "/calls", null);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("http_code").asInt()).isEqualTo(404);
    assertThat(unknown.body().at("/response/status").asText()).isEqualTo("failure");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.body().get("method").asText()).isEqualTo("DELETE");
  }

  @Test
  void makeCall_oversizedBody_is413InTheEnvelope() {
    String huge = "{\"custom_field\":\"" + "x".repeat(200_000) + "\"}";

    Response r = makeCall(huge);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().at("/response/error_data/code").isInt()).isTrue();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  /** Each key with its JSON type, nested objects included; total_duration may be a number. */
  static Map<String, String> typesOf(JsonNode data) {
    Map<String, String> types = new java.util.TreeMap<>();
    data.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (v.isObject()) {
        v.fields().forEachRemaining(n -> types.put(e.getKey() + "." + n.getKey(),
            n.getValue().getNodeType().name()));
      } else if (!e.getKey().equals("total_duration") && !v.isNull()) {
        types.put(e.getKey(), v.getNodeType().name());
      }
    });
    return types;
  }
}
