package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.CALL_ENDS;
import static io.patchbay.server.callbacks.Fixtures.WAIT;
import static io.patchbay.server.callbacks.Fixtures.advance;
import static io.patchbay.server.callbacks.Fixtures.fieldNames;
import static io.patchbay.server.callbacks.Fixtures.item;
import static io.patchbay.server.callbacks.Fixtures.log;
import static io.patchbay.server.callbacks.Fixtures.makeCall;
import static io.patchbay.server.callbacks.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.callbacks.Receiver.Received;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status callbacks over real HTTP to a real local receiver, on a manual clock. */
class CallbackDeliveryTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static Receiver receiver;
  static JsonNode sample;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dir);
    receiver = Receiver.start();
    try (InputStream in = CallbackDeliveryTest.class.getResourceAsStream(
        "/get-call-details-sample.json")) {
      sample = TestServer.JSON.readTree(in).at("/response/data");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  @BeforeEach
  void quiet() throws Exception {
    receiver.failNext(0, 500);
    advance(server, Duration.ofMinutes(10));
    receiver.drain(Duration.ZERO);
  }

  private JsonNode get(String callSid) {
    return server.send("GET", server.base() + "/calls/" + callSid, null).data();
  }

  @Test
  void subscribedEvents_defaultCall_eachArrivesOnceWithTheGetKeySet() throws Exception {
    String sid = makeCall(server, "[" + item("answered", receiver.url("/answered")) + ","
        + item("terminal", receiver.url("/terminal")) + "]");

    advance(server, Duration.ofSeconds(20));
    Received answered = receiver.take(WAIT);
    JsonNode talking = get(sid);
    advance(server, Duration.ofSeconds(40));
    Received terminal = receiver.take(WAIT);
    advance(server, Duration.ofMinutes(10));

    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(answered.path()).isEqualTo("/answered");
    assertThat(answered.header("Content-Type")).isEqualTo("application/json");
    assertThat(fieldNames(answered.json())).containsExactly("event_details", "call_details");
    assertThat(answered.eventType()).isEqualTo("answered");
    assertThat(answered.callSid()).isEqualTo(sid);
    assertThat(fieldNames(answered.json().get("call_details")))
        .isEqualTo(fieldNames(sample));
    assertThat(answered.json().get("call_details")).isEqualTo(talking);
    assertThat(answered.json().at("/call_details/customer_details/status").asText())
        .isEqualTo("in-progress");
    assertThat(terminal.path()).isEqualTo("/terminal");
    assertThat(terminal.eventType()).isEqualTo("terminal");
    assertThat(fieldNames(terminal.json().get("call_details"))).isEqualTo(fieldNames(sample));
    assertThat(terminal.json().get("call_details")).isEqualTo(get(sid));
    assertThat(terminal.json().at("/call_details/call_status").asText()).isEqualTo("completed");
    assertThat(terminal.header("X-Patchbay-Signature")).isNull();
  }

  @Test
  void itemWithoutEvent_meansTerminal_andNoAnsweredIsSent() throws Exception {
    String sid = makeCall(server, "[{\"url\":\"" + receiver.url("/only-terminal") + "\"}]");

    advance(server, Duration.ofMinutes(2));
    List<Received> got = receiver.drain(WAIT);

    assertThat(got).extracting(Received::eventType).containsExactly("terminal");
    assertThat(got.get(0).callSid()).isEqualTo(sid);
  }

  @Test
  void customerNeverAnswers_answeredSubscriber_getsNothing() throws Exception {
    String sid = makeCall(server, server.demo().agents().get(0).contactUri(), "+919000000002",
        "[" + item("answered", receiver.url("/a")) + "]");

    advance(server, Duration.ofMinutes(2));

    assertThat(get(sid).get("call_status").asText()).isEqualTo("customer_unanswered");
    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(log(server, sid).get("callbacks")).isEmpty();
  }

  @Test
  void receiverAnswering500Twice_getsTheIdenticalBodyThreeTimes() throws Exception {
    receiver.failNext(2, 500);
    String sid = makeCall(server, "[" + item("terminal", receiver.url("/flaky")) + "]");

    advance(server, CALL_ENDS);
    Received first = receiver.take(WAIT);
    advance(server, Duration.ofSeconds(7));
    Received second = receiver.take(WAIT);
    advance(server, Duration.ofSeconds(13));
    Received third = receiver.take(WAIT);
    advance(server, Duration.ofMinutes(10));

    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(Arrays.equals(first.body(), second.body())).isTrue();
    assertThat(Arrays.equals(first.body(), third.body())).isTrue();
    JsonNode callback = log(server, sid).get("callbacks").get(0);
    assertThat(callback.get("state").asText()).isEqualTo("delivered");
    assertThat(statuses(callback)).containsExactly(500, 500, 200);
    JsonNode attempt = callback.get("attempts").get(0);
    assertThat(attempt.get("error").asText()).isEqualTo("HTTP 500");
    assertThat(attempt.get("url").asText()).isEqualTo(receiver.url("/flaky"));
    assertThat(attempt.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(attempt.get("at").asText()).isNotEmpty();
    assertThat(callback.get("body")).isEqualTo(first.json());
  }

  @Test
  void receiverDownWhenTheCallEnds_receivesTheCallbackAfterItComesBack() throws Exception {
    receiver.stop();
    String sid;
    JsonNode pending;
    try {
      sid = makeCall(server, "[" + item("terminal", receiver.url("/down")) + "]");
      advance(server, CALL_ENDS);
      pending = log(server, sid).get("callbacks").get(0);
    } finally {
      receiver.restart();
    }
    advance(server, Duration.ofSeconds(7));
    Received late = receiver.take(WAIT);

    assertThat(pending.get("state").asText()).isEqualTo("pending");
    assertThat(pending.get("next_attempt_at").isTextual()).isTrue();
    assertThat(pending.at("/attempts/0/error").asText()).isEqualTo("connection refused");
    assertThat(pending.at("/attempts/0/response_status").isNull()).isTrue();
    assertThat(late.callSid()).isEqualTo(sid);
    assertThat(late.eventType()).isEqualTo("terminal");
    assertThat(statuses(log(server, sid).get("callbacks").get(0))).containsExactly(null, 200);
  }

  @Test
  void retriesExhausted_callbackFails_andAReplayDeliversIt() throws Exception {
    receiver.failNext(3, 503);
    String sid = makeCall(server, "[" + item("terminal", receiver.url("/replay")) + "]");
    advance(server, CALL_ENDS);
    advance(server, Duration.ofSeconds(7));
    advance(server, Duration.ofSeconds(13));
    List<Received> tries = receiver.take(3, WAIT);
    JsonNode failed = log(server, sid).get("callbacks").get(0);

    TestServer.Response replay = Fixtures.sandbox(server, "POST", "/calls/" + sid
        + "/callbacks/" + failed.get("id").asLong() + "/replay", null);
    Received replayed = receiver.take(WAIT);
    Fixtures.idle(server);
    JsonNode after = log(server, sid).get("callbacks").get(0);

    assertThat(tries).hasSize(3);
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(statuses(failed)).containsExactly(503, 503, 503);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(Arrays.equals(replayed.body(), tries.get(0).body())).isTrue();
    assertThat(after.get("state").asText()).isEqualTo("delivered");
    assertThat(statuses(after)).containsExactly(503, 503, 503, 200);
    assertThat(after.at("/attempts/3/note").asText()).isEqualTo("replay");
  }

  @Test
  void replay_unknownCallback_is404AndPendingIs400() throws Exception {
    receiver.stop();
    try {
      String sid = makeCall(server, "[" + item("terminal", receiver.url("/x")) + "]");
      advance(server, CALL_ENDS);
      long id = log(server, sid).at("/callbacks/0/id").asLong();

      TestServer.Response unknown = Fixtures.sandbox(server, "POST", "/calls/" + sid
          + "/callbacks/" + (id + 1000) + "/replay", null);
      TestServer.Response pending = Fixtures.sandbox(server, "POST", "/calls/" + sid
          + "/callbacks/" + id + "/replay", null);

      assertThat(unknown.status()).isEqualTo(404);
      assertThat(pending.status()).isEqualTo(400);
    } finally {
      receiver.restart();
    }
  }

  @Test
  void accountReset_whileACallbackIsPending_stopsItsRetries() throws Exception {
    receiver.stop();
    TestServer.Response reset;
    try {
      makeCall(server, "[" + item("terminal", receiver.url("/reset")) + "]");
      advance(server, CALL_ENDS);
      reset = Fixtures.sandbox(server, "DELETE", "/calls", null);
    } finally {
      receiver.restart();
    }
    advance(server, Duration.ofMinutes(10));

    assertThat(reset.status()).as(reset.body().toString()).isEqualTo(200);
    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(server.patchbay().store().pendingCallbacks()).isEmpty();
  }

  @Test
  void deliveryLog_unknownOrMalformedSid_answers3043Or3045() {
    TestServer.Response unknown = server.send("GET", server.base()
        + "/calls/0123456789abcdefghijklmnopqrstuv/callbacks", null);
    TestServer.Response malformed = server.send("GET", server.base()
        + "/calls/NOPE/callbacks", null);
    TestServer.Response noAuth = server.send("GET", server.base()
        + "/calls/0123456789abcdefghijklmnopqrstuv/callbacks", null, java.util.Map.of());

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo(3043);
    assertThat(malformed.errorCode()).isEqualTo(3045);
    assertThat(noAuth.status()).isEqualTo(401);
  }

  @Test
  void deliveryLog_controlPlane_showsTheSameLog() throws Exception {
    String sid = makeCall(server, "[" + item("terminal", receiver.url("/cp")) + "]");
    advance(server, Duration.ofMinutes(1));
    receiver.take(WAIT);

    TestServer.Response cp = Fixtures.sandbox(server, "GET", "/calls/" + sid + "/callbacks",
        null);

    assertThat(cp.status()).isEqualTo(200);
    assertThat(cp.data()).isEqualTo(log(server, sid));
  }
}
