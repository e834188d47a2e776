package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.callbacks.Receiver.Received;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers on one embedded PostgreSQL (started by this JVM), with running clocks at
 * 50x: calls are made through both, one server is killed with SIGKILL while a call it drives is
 * live, and every call still reaches terminal with its terminal callback delivered exactly
 * once. Nothing is in flight at the kill: the callbacks of the calls that ended before it were
 * seen delivered first.
 */
class TwoNodesCallbackIT {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
  /** Talks 10 s after answering: a call of about 18 s on the clock, 0.4 s of wall time. */
  private static final String SHORT_CALL = "+919001000010";
  /** Talks 1000 s after answering: about 20 s of wall time at 50x. */
  private static final String LONG_CALL = "+919001001000";

  @TempDir
  Path tmp;

  private record Node(Process process, Path data, int port) {}

  @Test
  void twoNodesOneKilledMidCall_everyCallTerminalWithOneCallbackEach() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "linux only");
    Path jar = copyOfJar();
    List<Node> started = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Receiver receiver = Receiver.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Node a = serve(jar, url, "a", null, started);
      String account = demo(a.data()).get("account_sid").asText();
      Node b = serve(jar, url, "b", account, started);
      List<String> sids = new ArrayList<>();

      // Round 1: a call through each node, both end normally.
      sids.add(makeCall(a, a, 0, SHORT_CALL, receiver.url("/a1")));
      sids.add(makeCall(a, b, 1, SHORT_CALL, receiver.url("/b1")));
      List<Received> first = receiver.take(2, Duration.ofSeconds(30));
      for (String sid : sids) {
        awaitDelivered(a, b, sid, Duration.ofSeconds(30));
      }

      // Round 2: a long call through each node; a dies while both are live.
      String onA = makeCall(a, a, 0, LONG_CALL, receiver.url("/a2"));
      String onB = makeCall(a, b, 1, LONG_CALL, receiver.url("/b2"));
      sids.add(onA);
      sids.add(onB);
      awaitTalking(a, b, onA, Duration.ofSeconds(30));
      awaitTalking(a, b, onB, Duration.ofSeconds(30));
      a.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      long killed = System.nanoTime();
      Received taken = receiver.take(Duration.ofSeconds(30));
      long handoverMillis = (System.nanoTime() - killed) / 1_000_000;
      Received other = receiver.take(Duration.ofSeconds(60));
      for (String sid : sids) {
        awaitDelivered(a, b, sid, Duration.ofSeconds(30));
      }
      List<Received> more = receiver.drain(Duration.ofSeconds(3));
      System.out.printf("SIGKILL of a node to the terminal callback of its call from the"
          + " other: %d ms%n", handoverMillis);

      List<Received> all = new ArrayList<>(first);
      all.add(taken);
      all.add(other);
      assertThat(all).extracting(r -> r.path() + " " + r.callSid())
          .containsExactlyInAnyOrder("/a1 " + sids.get(0), "/b1 " + sids.get(1),
              "/a2 " + onA, "/b2 " + onB);
      assertThat(all).extracting(Received::eventType).containsOnly("terminal");
      assertThat(more).isEmpty();
      assertThat(taken.callSid()).isEqualTo(onA);
      for (String sid : sids) {
        JsonNode callbacks = get(a, b, "/calls/" + sid + "/callbacks").get("callbacks");
        assertThat(callbacks).hasSize(1);
        assertThat(Fixtures.statuses(callbacks.get(0))).containsExactly(200);
      }
      // Both legs were up when a died: b closes them, and the call completed.
      assertThat(details(a, b, onA).get("call_status").asText()).isEqualTo("completed");
      assertThat(details(a, b, onA).get("call_state").asText()).isEqualTo("terminal");
    } finally {
      for (Node n : started) {
        n.process().destroy();
        if (!n.process().waitFor(20, TimeUnit.SECONDS)) {
          n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void awaitDelivered(Node demoNode, Node via, String sid, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode callbacks = get(demoNode, via, "/calls/" + sid + "/callbacks").get("callbacks");
      boolean delivered = callbacks.size() > 0;
      for (JsonNode cb : callbacks) {
        delivered &= cb.get("state").asText().equals("delivered");
      }
      if (delivered) {
        return;
      }
      assertThat(System.nanoTime()).as("%s delivered within %s: %s", sid, timeout, callbacks)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits (bounded) until both legs of the call answered, read through {@code via}. */
  private static void awaitTalking(Node demoNode, Node via, String sid, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode events = TestServer.JSON.readTree(api(demoNode, via, "/calls/" + sid + "/legs"))
          .at("/response/data/events");
      int answered = 0;
      for (JsonNode e : events) {
        answered += e.path("type").asText().equals("leg_answered") ? 1 : 0;
        assertThat(e.path("type").asText()).as("%s ended early", sid).isNotEqualTo("terminal");
      }
      if (answered >= 2) {
        return;
      }
      assertThat(System.nanoTime()).as("%s talking within %s: %s", sid, timeout, events)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static JsonNode details(Node demoNode, Node via, String sid) throws Exception {
    return TestServer.JSON.readTree(api(demoNode, via, "/calls/" + sid)).at("/response/data");
  }

  private static String api(Node demoNode, Node via, String path) throws Exception {
    JsonNode d = demo(demoNode.data());
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + via.port() + "/v2/accounts/" + d.get("account_sid").asText() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", TestServer.basic(d.get("api_key").asText(),
            d.get("api_token").asText())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** A private copy of the packaged jar and its lib/, safe from a build repackaging it. */
  private Path copyOfJar() throws IOException {
    String property = System.getProperty("patchbay.jar");
    assertThat(property).as("system property patchbay.jar (set by failsafe)").isNotBlank();
    Path source = Path.of(property);
    assertThat(source).as("the packaged jar; run the package phase first").isRegularFile();
    Path dir = Files.createDirectories(tmp.resolve("app"));
    Path lib = Files.createDirectories(dir.resolve("lib"));
    try (Stream<Path> libs = Files.list(source.resolveSibling("lib"))) {
      for (Path l : (Iterable<Path>) libs::iterator) {
        Files.copy(l, lib.resolve(l.getFileName()));
      }
    }
    return Files.copy(source, dir.resolve(source.getFileName()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code serve} on the database and waits (bounded) until its control plane answers
   * for {@code account} (null: the demo account it creates).
   */
  private Node serve(Path jar, String url, String name, String account, List<Node> started)
      throws Exception {
    Path data = tmp.resolve(name);
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve",
        "--store", url, "--data", data.toString(), "--host", "127.0.0.1",
        "--http-port", String.valueOf(port), "--https-port", "-1", "--speed", "50",
        "--rate-limit", "0"));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(tmp.resolve(name + ".out").toFile())
        .redirectError(tmp.resolve(name + ".err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
    Node node = new Node(pb.start(), data, port);
    started.add(node);
    for (int i = 0; i < 1200; i++) {
      if (!node.process().isAlive()) {
        throw new AssertionError("serve exited:\n" + Files.readString(
            tmp.resolve(name + ".err")));
      }
      if (Files.exists(data.resolve("admin-token"))
          && (account != null || Files.exists(data.resolve("demo-account.json")))) {
        try {
          String sid = account != null ? account : demo(data).get("account_sid").asText();
          if (controlPlane(node, sid, "GET", "/clock").statusCode() == 200) {
            return node;
          }
        } catch (IOException | RuntimeException e) {
          // Not listening yet, or the files are still being written.
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not answer within 60 s");
  }

  private static JsonNode demo(Path data) throws IOException {
    return TestServer.JSON.readTree(data.resolve("demo-account.json").toFile());
  }

  private static HttpResponse<String> controlPlane(Node node, String account, String method,
      String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + node.port() + "/_sim/v1/accounts/" + account
        + path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer "
            + Files.readString(node.data().resolve("admin-token")).trim())
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(Node demoNode, Node via, String path) throws Exception {
    HttpResponse<String> r = controlPlane(via, demo(demoNode.data()).get("account_sid")
        .asText(), "GET", path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body()).at("/response/data");
  }

  private static String makeCall(Node demoNode, Node via, int agent, String customer,
      String callbackUrl) throws Exception {
    JsonNode d = demo(demoNode.data());
    String body = "{\"from\":{\"user_contact_uri\":\""
        + d.at("/agents/" + agent + "/contact_uri").asText()
        + "\"},\"to\":{\"customer_contact_uri\":\"" + customer + "\"},\"virtual_number\":\""
        + d.get("virtual_number").asText() + "\",\"status_callback\":["
        + item("terminal", callbackUrl) + "]}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + via.port() + "/v2/accounts/" + d.get("account_sid").asText() + "/calls"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", TestServer.basic(d.get("api_key").asText(),
            d.get("api_token").asText()))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body()).at("/response/data/call_sid").asText();
  }
}
