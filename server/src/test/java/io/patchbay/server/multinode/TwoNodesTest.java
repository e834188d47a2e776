package io.patchbay.server.multinode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Region;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.EventType;
import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestStores;
import io.patchbay.server.cluster.Cluster;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.store.StoredCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Patchbay nodes in this JVM on the embedded PostgreSQL (one database per test), each with
 * its own data folder and ports, on manual clocks: they serve the same account and calls, and when
 * one dies the other finishes its live calls.
 */
class TwoNodesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String AGENT_1 = "+919876500001";
  private static final String AGENT_2 = "+919876500002";

  @TempDir
  Path dir;

  @BeforeAll
  static void linuxOnly() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "linux only");
  }

  /** The test's own database, so that each test starts on an empty one. */
  private String freshDatabase() {
    return TestStores.postgresUrl(dir);
  }

  private Patchbay node(String url, String name) {
    return Patchbay.start(new ServerConfig(dir.resolve(name), "127.0.0.1", 0, -1, 0,
        Region.SINGAPORE, Map.of(), 0, true, url, 4));
  }

  @Test
  void twoNodes_oneDatabase_serveTheSameAccountAndCalls() throws Exception {
    String url = freshDatabase();
    try (Patchbay a = node(url, "a"); Patchbay b = node(url, "b")) {
      DemoAccount demo = a.createdDemo().orElseThrow();

      HttpResponse<String> made = makeCall(a, demo, AGENT_1);
      assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
      String sid = callSid(made);
      HttpResponse<String> readOnB = send(b, demo, "GET", "/calls/" + sid, null);
      HttpResponse<String> busyOnB = makeCall(b, demo, AGENT_1);
      HttpResponse<String> otherAgentOnB = makeCall(b, demo, AGENT_2);

      assertThat(b.createdDemo()).isEmpty();
      assertThat(a.nodeId()).isNotEqualTo(b.nodeId());
      assertThat(readOnB.statusCode()).as(readOnB.body()).isEqualTo(200);
      assertThat(TestServer.JSON.readTree(readOnB.body()).at("/response/data/call_sid")
          .asText()).isEqualTo(sid);
      assertThat(busyOnB.statusCode()).as(busyOnB.body()).isEqualTo(409);
      assertThat(TestServer.JSON.readTree(busyOnB.body()).at("/response/error_data/code")
          .asInt()).isEqualTo(10706);
      assertThat(otherAgentOnB.statusCode()).as(otherAgentOnB.body()).isEqualTo(200);
      assertThat(a.store().callOwner(sid)).contains(a.nodeId());
      assertThat(a.store().callOwner(callSid(otherAgentOnB))).contains(b.nodeId());
      // Neither node takes the other's live call while both beat.
      Thread.sleep(Cluster.SCAN.multipliedBy(2).toMillis());
      assertThat(a.store().callOwner(sid)).contains(a.nodeId());
      assertThat(lastEvent(b, sid)).isNotEqualTo(EventType.TERMINAL);
    }
  }

  @Test
  void nodeDiesMidCall_otherNodeFinishesItsCallsWithinTheBound() throws Exception {
    String url = freshDatabase();
    Patchbay a = node(url, "a");
    try (Patchbay b = node(url, "b")) {
      DemoAccount demo = a.createdDemo().orElseThrow();
      String onA;
      String onB;
      try {
        onA = callSid(makeCall(a, demo, AGENT_1));
        onB = callSid(makeCall(b, demo, AGENT_2));
      } finally {
        a.crash();
      }
      long crashed = System.nanoTime();
      Duration bound = Cluster.STALE.plus(Cluster.SCAN).plus(Cluster.HEARTBEAT)
          .plusSeconds(3);
      long deadline = crashed + bound.toNanos();
      while (lastEvent(b, onA) != EventType.TERMINAL && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long handoverMillis = (System.nanoTime() - crashed) / 1_000_000;
      System.out.printf("node crash to its call terminal on the other node: %d ms%n",
          handoverMillis);

      assertThat(lastEvent(b, onA)).as("terminal within %s", bound)
          .isEqualTo(EventType.TERMINAL);
      assertThat(handoverMillis).isGreaterThanOrEqualTo(Cluster.STALE.toMillis() - 1000);
      assertThat(b.store().callOwner(onA)).contains(b.nodeId());
      JsonNode details = TestServer.JSON.readTree(send(b, demo, "GET", "/calls/" + onA, null)
          .body()).at("/response/data");
      assertThat(details.get("call_status").asText()).isNotEqualTo("in-progress");
      assertThat(lastEvent(b, onB)).isNotEqualTo(EventType.TERMINAL);
      // The dead node's agent is free again: a new call with it is admitted on b.
      HttpResponse<String> again = makeCall(b, demo, AGENT_1);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }
  }

  @Test
  void nodeClosed_otherNodeTakesItsCallsAtTheNextScan() throws Exception {
    String url = freshDatabase();
    Patchbay a = node(url, "a");
    try (Patchbay b = node(url, "b")) {
      DemoAccount demo = a.createdDemo().orElseThrow();
      String onA;
      try {
        onA = callSid(makeCall(a, demo, AGENT_1));
      } finally {
        a.close();
      }
      long closed = System.nanoTime();
      long deadline = closed + Cluster.SCAN.plus(Cluster.HEARTBEAT).plusSeconds(3).toNanos();
      while (lastEvent(b, onA) != EventType.TERMINAL && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      System.out.printf("node close to its call terminal on the other node: %d ms%n",
          (System.nanoTime() - closed) / 1_000_000);

      assertThat(lastEvent(b, onA)).isEqualTo(EventType.TERMINAL);
    }
  }

  private static EventType lastEvent(Patchbay p, String sid) {
    List<CallEvent> events = p.store().callBySid(sid).map(StoredCall::events).orElseThrow();
    return events.get(events.size() - 1).type();
  }

  private static String callSid(HttpResponse<String> made) throws Exception {
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    return TestServer.JSON.readTree(made.body()).at("/response/data/call_sid").asText();
  }

  private static HttpResponse<String> makeCall(Patchbay p, DemoAccount demo, String agent)
      throws Exception {
    return send(p, demo, "POST", "/calls", "{\"from\":{\"user_contact_uri\":\"" + agent
        + "\"},\"to\":{\"customer_contact_uri\":\"+919812345678\"},"
        + "\"virtual_number\":\"+918045680001\"}");
  }

  private static HttpResponse<String> send(Patchbay p, DemoAccount demo, String method,
      String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + p.ports().http() + "/v2/accounts/" + demo.accountSid() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", TestServer.basic(demo.apiKey(), demo.apiToken()))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
