package io.patchbay.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared steps of the callback tests against a {@link TestServer}. */
final class Fixtures {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String CUSTOMER = "+919812345678";
  /**
   * Just past the default call's terminal instant (41 s): advancing by this much runs the first
   * attempt of a terminal callback, and no retry (the first waits at least 4 s).
   */
  static final Duration CALL_ENDS = Duration.ofSeconds(42);

  private Fixtures() {}

  /** Places a call with {@code callbacks} (a JSON array) and returns its sid. */
  static String makeCall(TestServer server, String agent, String callbacks) {
    return makeCall(server, agent, CUSTOMER, callbacks);
  }

  /** Places a call from {@code agent} to {@code customer} with {@code callbacks}. */
  static String makeCall(TestServer server, String agent, String customer, String callbacks) {
    String body = server.callBody(agent, customer);
    Response made = server.send("POST", server.base() + "/calls",
        body.substring(0, body.length() - 1) + ",\"status_callback\":" + callbacks + "}");
    assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
    return made.data().get("call_sid").asText();
  }

  /** A call from the first demo agent with {@code callbacks}. */
  static String makeCall(TestServer server, String callbacks) {
    return makeCall(server, server.demo().agents().get(0).contactUri(), callbacks);
  }

  static String item(String event, String url) {
    return "{\"event\":\"" + event + "\",\"url\":\"" + url + "\"}";
  }

  /** A request to the control plane. */
  static Response sandbox(TestServer server, String method, String path, String body) {
    return server.send(method, server.root() + "/_sim/v1/accounts/"
        + server.demo().accountSid() + path, body,
        Map.of("Authorization", "Bearer " + server.patchbay().adminToken()));
  }

  /** The call's delivery log, from the public extension endpoint. */
  static JsonNode log(TestServer server, String callSid) {
    Response r = server.send("GET", server.base() + "/calls/" + callSid + "/callbacks", null);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.data();
  }

  /** Waits until no delivery attempt runs. */
  static void idle(TestServer server) throws InterruptedException {
    assertThat(server.patchbay().callbacks().awaitIdle(WAIT)).as("callbacks idle").isTrue();
  }

  /** Advances the demo account's clock, then waits for the attempts it started. */
  static void advance(TestServer server, Duration amount) throws InterruptedException {
    server.advance(amount);
    idle(server);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<Integer> statuses(JsonNode callback) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode a : callback.get("attempts")) {
      out.add(a.get("response_status").isNull() ? null : a.get("response_status").asInt());
    }
    return out;
  }
}
