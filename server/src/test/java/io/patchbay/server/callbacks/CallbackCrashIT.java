package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.callbacks.Receiver.Received;
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
 * The packaged server killed with SIGKILL while callbacks are pending, then started again on
 * the same data: each pending callback is delivered exactly once, and a call the kill left live
 * is finished with its terminal callback. The receiver is down while the first call ends, so
 * nothing was sent before the kill.
 */
class CallbackCrashIT {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path tmp;

  @Test
  void killDashNineWhilePending_restartDeliversEachCallbackExactlyOnce() throws Exception {
    Path jar = copyOfJar();
    Path data = tmp.resolve("data");
    int port = freePort();
    String ended;
    String live;
    try (Receiver receiver = Receiver.start()) {
      receiver.stop();
      Process first = serve(jar, data, port, "first");
      try {
        ended = makeCall(data, port, 0, "[" + item("terminal", receiver.url("/t1")) + ","
            + item("terminal", receiver.url("/t2")) + "]");
        // The call turns terminal at 41 s; a first retry waits at least 4 s.
        advance(data, port, 42);
        live = makeCall(data, port, 1, "[" + item("terminal", receiver.url("/live")) + "]");
        JsonNode log = get(data, port, "/calls/" + ended + "/callbacks");
        assertThat(log.get("callbacks")).hasSize(2);
        for (JsonNode cb : log.get("callbacks")) {
          assertThat(cb.get("state").asText()).isEqualTo("pending");
        }
      } finally {
        first.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
      receiver.restart();

      Process second = serve(jar, data, port, "second");
      try {
        List<Received> got = receiver.take(3, Duration.ofSeconds(30));
        advance(data, port, 3600);
        List<Received> more = receiver.drain(Duration.ofSeconds(1));

        assertThat(got).extracting(r -> r.path() + " " + r.callSid())
            .containsExactlyInAnyOrder("/t1 " + ended, "/t2 " + ended, "/live " + live);
        assertThat(got).extracting(Received::eventType).containsOnly("terminal");
        assertThat(more).isEmpty();
        for (String sid : List.of(ended, live)) {
          for (JsonNode cb : get(data, port, "/calls/" + sid + "/callbacks").get("callbacks")) {
            assertThat(cb.get("state").asText()).isEqualTo("delivered");
            assertThat(Fixtures.statuses(cb).stream().filter(s -> s != null && s == 200))
                .hasSize(1);
          }
        }
      } finally {
        second.destroy();
        if (!second.waitFor(20, TimeUnit.SECONDS)) {
          second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
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

  /** Starts {@code serve} and waits (bounded) until its control plane answers. */
  private Process serve(Path jar, Path data, int port, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve",
        "--data", data.toString(), "--host", "127.0.0.1", "--http-port", String.valueOf(port),
        "--https-port", "-1", "--speed", "0", "--rate-limit", "0"));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(tmp.resolve(name + ".out").toFile())
        .redirectError(tmp.resolve(name + ".err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
    Process p = pb.start();
    for (int i = 0; i < 1200; i++) {
      if (!p.isAlive()) {
        throw new AssertionError("serve exited:\n" + Files.readString(
            tmp.resolve(name + ".err")));
      }
      if (Files.exists(data.resolve("admin-token"))
          && Files.exists(data.resolve("demo-account.json"))) {
        try {
          if (controlPlane(data, port, "GET", "/clock", null).statusCode() == 200) {
            return p;
          }
        } catch (IOException | RuntimeException e) {
          // Not listening yet.
        }
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("serve did not answer within 60 s");
  }

  private static JsonNode demo(Path data) throws IOException {
    return TestServer.JSON.readTree(data.resolve("demo-account.json").toFile());
  }

  private static HttpResponse<String> controlPlane(Path data, int port, String method,
      String path, String body) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + "/_sim/v1/accounts/"
        + demo(data).get("account_sid").asText() + path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer "
            + Files.readString(data.resolve("admin-token")).trim())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void advance(Path data, int port, int seconds) throws Exception {
    HttpResponse<String> r = controlPlane(data, port, "POST", "/clock",
        "{\"advance_seconds\":" + seconds + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static JsonNode get(Path data, int port, String path) throws Exception {
    HttpResponse<String> r = controlPlane(data, port, "GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body()).at("/response/data");
  }

  private static String makeCall(Path data, int port, int agent, String callbacks)
      throws Exception {
    JsonNode d = demo(data);
    String body = "{\"from\":{\"user_contact_uri\":\""
        + d.at("/agents/" + agent + "/contact_uri").asText()
        + "\"},\"to\":{\"customer_contact_uri\":\"+919812345678\"},\"virtual_number\":\""
        + d.get("virtual_number").asText() + "\",\"status_callback\":" + callbacks + "}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/v2/accounts/" + d.get("account_sid").asText() + "/calls"))
        .header("Authorization", TestServer.basic(d.get("api_key").asText(),
            d.get("api_token").asText()))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body()).at("/response/data/call_sid").asText();
  }
}
