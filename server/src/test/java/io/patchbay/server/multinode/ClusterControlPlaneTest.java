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
import io.patchbay.server.demo.DemoAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox control plane on two nodes of one embedded PostgreSQL, as a client behind a load
 * balancer sees it: a request may reach either node, and acts where the state lives (per-call
 * actions on the node driving the call, settings on every node).
 */
class ClusterControlPlaneTest {
  private static final String AGENT_1 = "+919876500001";
  private static final String AGENT_2 = "+919876500002";

  @TempDir
  Path dir;

  @BeforeAll
  static void linuxOnly() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "linux only");
  }

  /** A node on {@code url} with its own data folder holding {@code adminToken}. */
  private Patchbay node(String url, String name, String adminToken) throws Exception {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    Files.writeString(data.resolve("admin-token"), adminToken + "\n");
    return Patchbay.start(new ServerConfig(data, "127.0.0.1", 0, -1, 0, Region.SINGAPORE,
        Map.of(), 0, true, url, 4));
  }

  /** Two nodes on one fresh database, and a client of each for the demo account. */
  private record Nodes(Patchbay a, Patchbay b, Client ca, Client cb) implements AutoCloseable {
    @Override
    public void close() {
      try (b) {
        a.close();
      }
    }
  }

  private Nodes twoNodes(String tokenOfA, String tokenOfB) throws Exception {
    String url = TestStores.postgresUrl(dir);
    Patchbay a = node(url, "a", tokenOfA);
    Patchbay b;
    try {
      b = node(url, "b", tokenOfB);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    Client ca = new Client(a, a.createdDemo().orElseThrow());
    return new Nodes(a, b, ca, new Client(b, ca.demo));
  }

  @Test
  void clockAndHangup_sentToTheOtherNode_driveTheCallWhereItLives() throws Exception {
    try (Nodes n = twoNodes("shared-admin-token-1", "shared-admin-token-1")) {
      Patchbay a = n.a();
      Patchbay b = n.b();
      Client ca = n.ca();
      Client cb = n.cb();
      String sid = ca.makeCall(AGENT_1);

      TestServer.Response clock = cb.sim("POST", "/clock", "{\"advance_seconds\":15}");
      JsonNode talking = cb.details(sid);
      TestServer.Response hangup = cb.sim("POST", "/calls/" + sid + "/legs/2/hangup", null);
      cb.sim("POST", "/clock", "{\"advance_seconds\":120}");
      JsonNode ended = ca.details(sid);

      assertThat(a.store().callOwner(sid)).contains(a.nodeId());
      assertThat(clock.status()).as(clock.raw().body()).isEqualTo(200);
      // Both nodes moved the account's clock (b's was read from the store, to the millisecond).
      assertThat(a.timelines().of(ca.demo.accountSid()).clock().instant()
          .truncatedTo(ChronoUnit.MILLIS))
          .isEqualTo(b.timelines().of(ca.demo.accountSid()).clock().instant()
              .truncatedTo(ChronoUnit.MILLIS));
      assertThat(talking.get("call_state").asText()).isEqualTo("active");
      assertThat(talking.at("/customer_details/status").asText()).isEqualTo("in-progress");
      assertThat(hangup.status()).as(hangup.raw().body()).isEqualTo(200);
      assertThat(hangup.data().get("call_sid").asText()).isEqualTo(sid);
      assertThat(ended.get("call_state").asText()).isEqualTo("terminal");
      assertThat(ended.get("call_status").asText()).isEqualTo("completed");
      assertThat(ended.get("total_talk_time").asInt()).isBetween(1, 15);
    }
  }

  @Test
  void phoneBehaviourAndAnswer_sentToTheOtherNode_applyOnTheDrivingNode() throws Exception {
    try (Nodes n = twoNodes("shared-admin-token-2", "shared-admin-token-2")) {
      Patchbay a = n.a();
      Client ca = n.ca();
      Client cb = n.cb();

      TestServer.Response slow = cb.sim("PUT", "/phones/" + AGENT_2.replace("+", "%2B"),
          "{\"outcome\":\"answer\",\"ring_seconds\":50}");
      String sid = ca.makeCall(AGENT_2);
      cb.sim("POST", "/clock", "{\"advance_seconds\":10}");
      TestServer.Response answer = cb.sim("POST", "/calls/" + sid + "/legs/1/answer", null);
      List<CallEvent> agentLeg = a.store().callBySid(sid).orElseThrow().events().stream()
          .filter(e -> e.leg() == 1).toList();
      Instant rang = at(agentLeg, EventType.LEG_RINGING);
      Instant answered = at(agentLeg, EventType.LEG_ANSWERED);

      assertThat(slow.status()).as(slow.raw().body()).isEqualTo(200);
      assertThat(a.behaviours().list(ca.demo.accountSid())).containsKey(AGENT_2);
      // Answered when forced, 10 s into the 50 s of ringing that node a was told about.
      assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
      assertThat(Duration.between(rang, answered)).isBetween(Duration.ofSeconds(8),
          Duration.ofSeconds(10));
    }
  }

  @Test
  void reset_onOneNode_deletesTheCallsDrivenByBoth() throws Exception {
    try (Nodes n = twoNodes("shared-admin-token-3", "shared-admin-token-3")) {
      Patchbay a = n.a();
      Patchbay b = n.b();
      Client ca = n.ca();
      Client cb = n.cb();
      ca.makeCall(AGENT_1);
      cb.makeCall(AGENT_2);

      TestServer.Response reset = cb.sim("DELETE", "/calls", null);

      assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
      assertThat(reset.data().get("deleted_calls").asInt()).isEqualTo(2);
      assertThat(a.store().countCalls(ca.demo.accountSid())).isZero();
      assertThat(a.store().liveCallSids()).isEmpty();
      // Neither node still runs timers of a deleted call.
      assertThat(a.timelines().of(ca.demo.accountSid()).pending()).isZero();
      assertThat(b.timelines().of(ca.demo.accountSid()).pending()).isZero();
      // Both agents are free on both nodes: nothing is left driving the deleted calls.
      ca.makeCall(AGENT_2);
      cb.makeCall(AGENT_1);
    }
  }

  @Test
  void perCallAction_nodesWithOtherAdminTokens_answer502NamingTheTokenFile() throws Exception {
    try (Nodes n = twoNodes("token-of-node-a", "token-of-node-b")) {
      Patchbay a = n.a();
      Client ca = n.ca();
      Client cb = n.cb();
      String sid = ca.makeCall(AGENT_1);

      TestServer.Response hangup = cb.sim("POST", "/calls/" + sid + "/legs/1/hangup", null);

      assertThat(hangup.status()).as(hangup.raw().body()).isEqualTo(502);
      assertThat(hangup.errorCode()).isEqualTo(9502);
      assertThat(hangup.description()).contains(a.nodeId()).contains("admin-token");
      assertThat(ca.details(sid).get("call_state").asText()).isEqualTo("active");
    }
  }

  private static Instant at(List<CallEvent> events, EventType type) {
    return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow(
        () -> new AssertionError("no " + type + " in " + events)).at();
  }

  /** HTTP to one node, with the demo account's credentials and that node's admin token. */
  private static final class Client {
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).build();
    private final Patchbay node;
    private final DemoAccount demo;

    Client(Patchbay node, DemoAccount demo) {
      this.node = node;
      this.demo = demo;
    }

    String base() {
      return "http://127.0.0.1:" + node.ports().http();
    }

    String makeCall(String agent) {
      TestServer.Response r = send("POST", base() + "/v2/accounts/" + demo.accountSid()
          + "/calls", "{\"from\":{\"user_contact_uri\":\"" + agent + "\"},\"to\":{"
          + "\"customer_contact_uri\":\"+919812345678\"},\"virtual_number\":\""
          + demo.virtualNumber() + "\"}", Map.of("Authorization", auth()));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      return r.data().get("call_sid").asText();
    }

    JsonNode details(String sid) {
      TestServer.Response r = send("GET", base() + "/v2/accounts/" + demo.accountSid()
          + "/calls/" + sid, null, Map.of("Authorization", auth()));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
      return r.data();
    }

    TestServer.Response sim(String method, String path, String body) {
      return send(method, base() + "/_sim/v1/accounts/" + demo.accountSid() + path, body,
          Map.of("Authorization", "Bearer " + node.adminToken()));
    }

    private static TestServer.Response send(String method, String url, String body,
        Map<String, String> headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(b::header);
      try {
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Response(r.statusCode(), r, TestServer.JSON.readTree(r.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + url, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private String auth() {
      return TestServer.basic(demo.apiKey(), demo.apiToken());
    }
  }
}
