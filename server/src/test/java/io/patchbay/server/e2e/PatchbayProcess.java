package io.patchbay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar running {@code patchbay serve} as a separate process on loopback, with a
 * manual clock, fixed free ports and its output in files. Only the readiness wait polls; calls
 * progress through {@link #advanceClock}.
 */
final class PatchbayProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int READY_POLLS = 1200;
  private static final long POLL_MILLIS = 50;
  private static final int START_ATTEMPTS = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static Path jarCopy;

  private final Process process;
  private final Path dataDir;
  private final Path stdout;
  private final Path stderr;
  private final int httpPort;
  private final int httpsPort;
  private long startupMillis;

  private PatchbayProcess(Process process, Path dataDir, Path stdout, Path stderr, int httpPort,
      int httpsPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.stdout = stdout;
    this.stderr = stderr;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /** The executable jar under test, from the {@code patchbay.jar} system property. */
  static Path jar() {
    String property = System.getProperty("patchbay.jar");
    assertThat(property).as("system property patchbay.jar (set by failsafe)").isNotBlank();
    Path jar = Path.of(property);
    assertThat(jar).as("the packaged jar; run the package phase first").isRegularFile();
    return jar;
  }

  /**
   * A private copy of the jar and its {@code lib/}, made once per test JVM, so that a build
   * repackaging target/ meanwhile cannot swap classes under a running server. It also proves
   * the jar needs nothing but its {@code lib/} folder.
   */
  static synchronized Path jarCopy() {
    if (jarCopy == null) {
      try {
        Path source = jar();
        Path dir = Files.createTempDirectory("patchbay-it-");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (Stream<Path> libs = Files.list(source.resolveSibling("lib"))) {
          for (Path l : (Iterable<Path>) libs::iterator) {
            Files.copy(l, lib.resolve(l.getFileName()));
          }
        }
        jarCopy = Files.copy(source, dir.resolve(source.getFileName()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the packaged jar", e);
      }
    }
    return jarCopy;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // Best effort: it is a temporary folder.
    }
  }

  /** The {@code java} launcher of the JDK running the tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A command running the packaged jar with {@code args}. */
  static List<String> jarCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
        "-jar", jarCopy().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** A process builder without the caller's PATCHBAY_* variables, so options decide alone. */
  static ProcessBuilder builder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
    return pb;
  }

  /**
   * Starts {@code serve} on {@code dataDir} with a manual clock and no rate limit, and returns
   * once the control plane answered 200 and the banner shows both ports. Output goes to files
   * under {@code logDir}.
   */
  static PatchbayProcess start(Path dataDir, Path logDir) throws Exception {
    Files.createDirectories(logDir);
    for (int attempt = 1; ; attempt++) {
      int[] ports = freePorts();
      String name = "serve-" + System.nanoTime();
      Path out = logDir.resolve(name + ".out");
      Path err = logDir.resolve(name + ".err");
      ProcessBuilder pb = builder(jarCommand("serve", "--data", dataDir.toString(),
          "--host", "127.0.0.1", "--http-port", String.valueOf(ports[0]),
          "--https-port", String.valueOf(ports[1]), "--speed", "0", "--rate-limit", "0"))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      long started = System.nanoTime();
      PatchbayProcess p = new PatchbayProcess(pb.start(), dataDir, out, err, ports[0], ports[1]);
      try {
        if (p.awaitReady()) {
          p.startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          System.out.printf("Patchbay process start to first 200: %d ms (http %d, https %d)%n",
              p.startupMillis, p.httpPort, p.httpsPort);
          // HTTP serves before HTTPS is bound; the banner comes once both listen.
          assertThat(p.awaitOutput("  HTTPS  https://localhost:" + p.httpsPort
              + System.lineSeparator()))
              .as("banner with the HTTPS port:\n%s", p.logs()).isTrue();
          assertThat(p.stdout()).contains("  HTTP   http://localhost:" + p.httpPort
              + System.lineSeparator());
          return p;
        }
      } catch (Exception | Error e) {
        p.close();
        throw e;
      }
      // It exited before answering: retry only when another process took a port meanwhile.
      String logs = p.logs();
      p.close();
      boolean portTaken = logs.toLowerCase(Locale.ROOT).contains("address already in use");
      if (attempt >= START_ATTEMPTS || !portTaken) {
        fail("patchbay serve exited before answering (exit " + p.process.exitValue() + "):\n"
            + logs);
      }
    }
  }

  /** Two distinct free loopback ports, held together while chosen. */
  private static int[] freePorts() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket a = new ServerSocket(0, 1, loopback);
        ServerSocket b = new ServerSocket(0, 1, loopback)) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }

  /** Polls the control plane's clock until it answers 200; false if the process exited. */
  private boolean awaitReady() throws InterruptedException {
    for (int i = 0; i < READY_POLLS; i++) {
      if (!process.isAlive()) {
        return false;
      }
      if (Files.exists(dataDir.resolve("admin-token"))
          && Files.exists(dataDir.resolve("demo-account.json"))) {
        try {
          HttpResponse<String> r = controlPlane("GET", "/clock", null);
          if (r.statusCode() == 200) {
            return true;
          }
        } catch (IOException | RuntimeException e) {
          // Not listening yet, or the files are still being written.
        }
      }
      Thread.sleep(POLL_MILLIS);
    }
    fail("patchbay serve did not answer 200 within " + READY_POLLS * POLL_MILLIS + " ms:\n"
        + logs());
    return false;
  }

  /** Waits (bounded) until the process's stdout contains {@code text}; false if it never does. */
  boolean awaitOutput(String text) throws InterruptedException {
    for (int i = 0; i < READY_POLLS; i++) {
      if (stdout().contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        return stdout().contains(text);
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }

  /** Advances the demo account's manual clock through the control plane. */
  JsonNode advanceClock(int seconds) throws Exception {
    HttpResponse<String> r = controlPlane("POST", "/clock",
        "{\"advance_seconds\":" + seconds + "}");
    assertThat(r.statusCode()).as("clock advance: %s", r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> controlPlane(String method, String path, String body)
      throws IOException, InterruptedException {
    URI uri = URI.create(httpBase() + "/_sim/v1/accounts/" + demo().get("account_sid").asText()
        + path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + adminToken())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The demo account's file: account_sid, api_key, api_token, agents, numbers. */
  JsonNode demo() {
    try {
      return JSON.readTree(dataDir.resolve("demo-account.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String adminToken() throws IOException {
    return Files.readString(dataDir.resolve("admin-token")).trim();
  }

  Path caCert() {
    return dataDir.resolve("tls").resolve("ca.pem");
  }

  int httpPort() {
    return httpPort;
  }

  int httpsPort() {
    return httpsPort;
  }

  String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  String httpsBase() {
    return "https://localhost:" + httpsPort;
  }

  /** The HTTPS base with the demo credentials in the URL, as real clients write it. */
  String httpsBaseWithDemoCredentials() {
    JsonNode d = demo();
    return "https://" + d.get("api_key").asText() + ":" + d.get("api_token").asText()
        + "@localhost:" + httpsPort;
  }

  long startupMillis() {
    return startupMillis;
  }

  String stdout() {
    return read(stdout);
  }

  /** Both output files, for failure messages. */
  String logs() {
    return "--- stdout\n" + read(stdout) + "--- stderr\n" + read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Sends SIGTERM and waits (bounded) for the process to exit.
   *
   * @return true if it exited by itself, false if it had to be killed
   */
  boolean stop() throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(20, TimeUnit.SECONDS)) {
      return true;
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
