package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.WAIT;
import static io.patchbay.server.callbacks.Fixtures.advance;
import static io.patchbay.server.callbacks.Fixtures.item;
import static io.patchbay.server.callbacks.Fixtures.log;
import static io.patchbay.server.callbacks.Fixtures.makeCall;
import static io.patchbay.server.callbacks.Fixtures.sandbox;
import static io.patchbay.server.callbacks.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.callbacks.Receiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's callback faults, set through the control plane, against a real receiver. */
class CallbackFaultsTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dir);
    receiver = Receiver.start();
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

  @AfterEach
  void clearFaults() {
    sandbox(server, "DELETE", "/callback-faults", null);
  }

  private String terminalCall(String path) {
    return makeCall(server, "[" + item("terminal", receiver.url(path)) + "]");
  }

  private Response fault(String json) {
    Response r = sandbox(server, "POST", "/callback-faults", json);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r;
  }

  @Test
  void dropOnce_firstCallbackIsNeverSent_theNextOneIs() throws Exception {
    fault("{\"kind\":\"drop\",\"count\":1}");

    String dropped = terminalCall("/drop");
    advance(server, Duration.ofMinutes(2));
    List<Received> nothing = receiver.drain(Duration.ofMillis(300));
    String sent = terminalCall("/drop");
    advance(server, Duration.ofMinutes(2));
    Received next = receiver.take(WAIT);

    assertThat(nothing).isEmpty();
    JsonNode cb = log(server, dropped).at("/callbacks/0");
    assertThat(cb.get("state").asText()).isEqualTo("failed");
    assertThat(cb.at("/attempts/0/note").asText()).startsWith("drop");
    assertThat(next.callSid()).isEqualTo(sent);
  }

  @Test
  void duplicateOnce_receiverGetsTheIdenticalRequestTwice() throws Exception {
    fault("{\"kind\":\"duplicate\"}");

    String sid = terminalCall("/dup");
    advance(server, Duration.ofMinutes(2));
    List<Received> got = receiver.take(2, WAIT);

    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(Arrays.equals(got.get(0).body(), got.get(1).body())).isTrue();
    JsonNode cb = log(server, sid).at("/callbacks/0");
    assertThat(cb.get("state").asText()).isEqualTo("delivered");
    assertThat(statuses(cb)).containsExactly(200, 200);
    assertThat(cb.at("/attempts/1/note").asText()).startsWith("duplicate");
  }

  @Test
  void delay_holdsTheFirstAttemptForDelayMsOfTheAccountsClock() throws Exception {
    fault("{\"kind\":\"delay\",\"count\":1,\"delay_ms\":30000}");

    String sid = terminalCall("/delay");
    advance(server, Duration.ofMinutes(1));
    List<Received> early = receiver.drain(Duration.ofMillis(300));
    advance(server, Duration.ofSeconds(31));
    Received late = receiver.take(WAIT);

    assertThat(early).isEmpty();
    assertThat(late.callSid()).isEqualTo(sid);
  }

  @Test
  void reorder_answeredIsHeldUntilTheTerminalCallbackIsDelivered() throws Exception {
    fault("{\"kind\":\"reorder\",\"count\":1}");

    String sid = makeCall(server, "[" + item("answered", receiver.url("/r")) + ","
        + item("terminal", receiver.url("/r")) + "]");
    advance(server, Duration.ofSeconds(20));
    List<Received> held = receiver.drain(Duration.ofMillis(300));
    advance(server, Duration.ofSeconds(40));
    List<Received> got = receiver.take(2, WAIT);

    assertThat(held).isEmpty();
    assertThat(got).extracting(Received::eventType).containsExactly("terminal", "answered");
    assertThat(got).extracting(Received::callSid).containsOnly(sid);
  }

  @Test
  void dropByRate1_appliesToEveryCallbackUntilCleared() throws Exception {
    Response listed = fault("{\"kind\":\"drop\",\"rate\":1}");

    terminalCall("/rate");
    advance(server, Duration.ofMinutes(2));
    terminalCall("/rate");
    advance(server, Duration.ofMinutes(2));
    List<Received> none = receiver.drain(Duration.ofMillis(300));
    sandbox(server, "DELETE", "/callback-faults", null);
    terminalCall("/rate");
    advance(server, Duration.ofMinutes(2));

    assertThat(listed.data().at("/faults/0/kind").asText()).isEqualTo("drop");
    assertThat(listed.data().at("/faults/0/rate").asDouble()).isEqualTo(1.0);
    assertThat(none).isEmpty();
    assertThat(receiver.take(WAIT).eventType()).isEqualTo("terminal");
    assertThat(sandbox(server, "GET", "/callback-faults", null).data().get("faults")).isEmpty();
  }

  @Test
  void addFault_invalidBodies_are400() {
    List<String> bodies = List.of("{\"kind\":\"explode\"}", "{\"kind\":\"drop\",\"count\":0}",
        "{\"kind\":\"drop\",\"rate\":2}", "{\"kind\":\"drop\",\"count\":1,\"rate\":0.5}",
        "{\"kind\":\"delay\",\"delay_ms\":-1}", "[1]", "not json");

    for (String body : bodies) {
      Response r = sandbox(server, "POST", "/callback-faults", body);
      assertThat(r.status()).as(body).isEqualTo(400);
    }
  }
}
