package io.patchbay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 part 5, crash safety, on the packaged jar as separate processes on loopback (manual
 * clock, logs at DEBUG): a stream of Make Calls is cut by {@code kill -9} at random moments,
 * and after each restart every call_sid answered before the kill is present and reaches
 * terminal; SIGTERM lets a request in flight finish and the process exit;
 * {@code PATCHBAY_RATE_LIMIT} and {@code --rate-limit} set the server's limit; and no log line
 * of any of these processes holds a token or a full phone number. Every loop is bounded and
 * every process is destroyed.
 */
class CrashSafetyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KILLS = 3;
  private static final int AGENTS = 24;
  private static final int CLIENTS = 6;
  private static final Map<String, String> LIMIT_5 = Map.of("PATCHBAY_RATE_LIMIT", "5");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @TempDir
  Path tmp;

  private final List<Server> started = new ArrayList<>();
  private final Set<String> numbers = Collections.synchronizedSet(new LinkedHashSet<>());

  @AfterEach
  void destroyEverything() throws InterruptedException {
    for (Server s : started) {
      s.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void makeCallStream_killedWithSigkillAtRandomMoments_losesNoReturnedCall() throws Exception {
    long seed = Long.getLong("patchbay.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("crash test seed " + seed + " (-Dpatchbay.crash.seed to replay)");
    Path data = tmp.resolve("data");
    Server server = start(data, LIMIT_5, "--rate-limit", "0");
    List<String> agents = createAgents(server);
    Set<String> returned = Collections.synchronizedSet(new LinkedHashSet<>());
    int attempts = 0;

    for (int kill = 1; kill <= KILLS; kill++) {
      CallStream stream = new CallStream(server, agents, returned);
      stream.start();
      long before = returned.size();
      stream.awaitCalls(5);
      LockSupport.parkNanos(Duration.ofMillis(100 + random.nextInt(900)).toNanos());
      server.process.destroyForcibly();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("killed").isTrue();
      stream.stop();
      attempts += stream.attempts.get();
      System.out.printf("kill %d: %d calls returned in this run, %d attempts%n", kill,
          returned.size() - before, stream.attempts.get());
      server = start(data, LIMIT_5, "--rate-limit", "0");
      assertReturnedCallsPresentAndTerminal(server, returned);
    }
    server.stop();

    assertThat(returned).as("calls made before the kills").hasSizeGreaterThan(KILLS * 5);
    System.out.printf("HARDENING-FIGURES CrashSafetyIT kills=%d callsReturned=%d "
        + "makeCallAttempts=%d callsLost=0%n", KILLS, returned.size(), attempts);
    assertNoSecretOrNumberInLogs();
  }

  /**
   * The same on a running clock (speed 1000, as the benchmark runs): there a call's timeline
   * queues its events for the store without waiting for them, and the kill lands while many
   * calls are half-way. After each restart every returned call is present and reaches terminal,
   * the ones the kill left live through recovery.
   */
  @Test
  void makeCallStream_runningClockKilledWithSigkill_losesNoReturnedCall() throws Exception {
    long seed = Long.getLong("patchbay.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("crash test (running clock) seed " + seed);
    Path data = tmp.resolve("data");
    String[] running = {"--rate-limit", "0", "--speed", "1000"};
    Server server = start(data, LIMIT_5, running);
    List<String> agents = createAgents(server);
    Set<String> returned = Collections.synchronizedSet(new LinkedHashSet<>());

    for (int kill = 1; kill <= KILLS; kill++) {
      CallStream stream = new CallStream(server, agents, returned, false);
      stream.start();
      long before = returned.size();
      stream.awaitCalls(20);
      LockSupport.parkNanos(Duration.ofMillis(100 + random.nextInt(900)).toNanos());
      server.process.destroyForcibly();
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("killed").isTrue();
      stream.stop();
      System.out.printf("kill %d (running clock): %d calls returned in this run%n", kill,
          returned.size() - before);
      server = start(data, LIMIT_5, running);
      assertReturnedCallsTurnTerminal(server, returned);
    }
    server.stop();

    assertThat(returned).as("calls made before the kills").hasSizeGreaterThan(KILLS * 20);
    assertNoSecretOrNumberInLogs();
  }

  @Test
  void sigterm_whileAMakeCallIsInFlight_answersItThenExits() throws Exception {
    Path data = tmp.resolve("data");
    Server server = start(data, Map.of(), "--rate-limit", "0");
    String agent = server.demo.path("agents").get(0).path("contact_uri").asText();
    numbers.add("+919812345678");
    HttpResponse<String> armed = server.admin("POST", "/faults",
        "{\"kind\":\"delay\",\"delay_ms\":2000}");
    assertThat(armed.statusCode()).as(armed.body()).isEqualTo(200);

    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() ->
        server.makeCall(agent, "+919812345678"));
    for (int i = 0; i < 500 && armedFaults(server) > 0; i++) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    server.process.destroy();
    HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
    boolean exited = server.process.waitFor(30, TimeUnit.SECONDS);

    assertThat(answer.statusCode()).as("the in-flight request: %s", answer.body())
        .isEqualTo(200);
    assertThat(exited).as("exited after SIGTERM").isTrue();
    assertThat(JSON.readTree(answer.body()).at("/response/data/call_sid").asText())
        .matches("[0-9a-z]{32}");
    assertNoSecretOrNumberInLogs();
  }

  /**
   * {@code PATCHBAY_RATE_LIMIT} sets the server's default. (That {@code --rate-limit 0} wins
   * over the variable is shown by the crash test, whose servers get both and take hundreds of
   * requests a minute without a 429.)
   */
  @Test
  void rateLimit_fromTheEnvironment_setsTheServerDefault() throws Exception {
    Server limited = start(tmp.resolve("limited"), LIMIT_5);
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      answers.add(limited.get("/users?limit=1"));
    }
    limited.stop();

    List<HttpResponse<String>> refused = answers.stream()
        .filter(a -> a.statusCode() == 429).toList();
    assertThat(refused).as("5 per minute: 11 requests span at most two windows").isNotEmpty();
    for (HttpResponse<String> r : refused) {
      assertThat(r.headers().firstValue("Retry-After").orElse("")).matches("[0-9]+");
      assertThat(JSON.readTree(r.body()).at("/response/error_data/code").asInt())
          .isEqualTo(1011);
    }
  }

  // ---- the stream of Make Calls

  /** Client threads placing calls, and one advancing the clock so agents free up. */
  private final class CallStream {
    private final Server server;
    private final List<String> agents;
    private final Set<String> returned;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger madeHere = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    private final List<Future<?>> work = new ArrayList<>();

    private final boolean advancing;

    CallStream(Server server, List<String> agents, Set<String> returned) {
      this(server, agents, returned, true);
    }

    /** A stream; {@code advancing} adds the client that advances a manual clock. */
    CallStream(Server server, List<String> agents, Set<String> returned, boolean advancing) {
      this.server = server;
      this.agents = agents;
      this.returned = returned;
      this.advancing = advancing;
    }

    void start() {
      AtomicInteger next = new AtomicInteger();
      for (int c = 0; c < CLIENTS; c++) {
        work.add(pool.submit(() -> {
          for (int i = 0; i < 100_000 && running.get(); i++) {
            String agent = agents.get(Math.floorMod(next.getAndIncrement(), agents.size()));
            String customer = String.format("+9198123%05d", 10_000 + i % 50_000);
            numbers.add(customer);
            attempts.incrementAndGet();
            HttpResponse<String> r;
            try {
              r = server.makeCall(agent, customer);
            } catch (RuntimeException e) {
              return;
            }
            if (r.statusCode() == 200) {
              try {
                returned.add(JSON.readTree(r.body()).at("/response/data/call_sid").asText());
                madeHere.incrementAndGet();
              } catch (IOException e) {
                throw new AssertionError("a 200 that is not JSON: " + r.body(), e);
              }
            } else {
              assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            }
          }
        }));
      }
      if (!advancing) {
        return;
      }
      work.add(pool.submit(() -> {
        for (int i = 0; i < 100_000 && running.get(); i++) {
          try {
            server.admin("POST", "/clock", "{\"advance_seconds\":20}");
          } catch (RuntimeException e) {
            return;
          }
        }
      }));
    }

    /** Waits (bounded) until {@code n} calls were made in this run. */
    void awaitCalls(int n) {
      for (int i = 0; i < 3_000 && madeHere.get() < n; i++) {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      assertThat(madeHere.get()).as("calls made before the kill").isGreaterThanOrEqualTo(n);
    }

    void stop() throws Exception {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
      for (Future<?> f : work) {
        f.get();
      }
    }
  }

  private static List<String> createAgents(Server server) throws IOException {
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String number = String.format("+9198760%05d", 20_000 + i);
      HttpResponse<String> r = server.send("POST", "/users", "{\"first_name\":\"Crash\","
          + "\"last_name\":\"Agent\",\"device_contact_uri\":\"" + number + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      agents.add(number);
    }
    return agents;
  }

  private void assertReturnedCallsPresentAndTerminal(Server server, Set<String> returned)
      throws IOException {
    List<String> sids;
    synchronized (returned) {
      sids = new ArrayList<>(returned);
    }
    server.admin("POST", "/clock", "{\"advance_seconds\":600}");
    List<String> lost = new ArrayList<>();
    List<String> notTerminal = new ArrayList<>();
    for (String sid : sids) {
      HttpResponse<String> r = server.get("/calls/" + sid);
      if (r.statusCode() != 200) {
        lost.add(sid + " " + r.statusCode());
      } else if (!JSON.readTree(r.body()).at("/response/data/call_state").asText()
          .equals("terminal")) {
        notTerminal.add(sid);
      }
    }
    assertThat(lost).as("calls answered before the kill and missing after it").isEmpty();
    assertThat(notTerminal).as("calls not terminal after restart and 10 minutes").isEmpty();
  }

  /** On a running clock: every returned call is present and turns terminal (bounded wait). */
  private void assertReturnedCallsTurnTerminal(Server server, Set<String> returned)
      throws IOException {
    List<String> waiting;
    synchronized (returned) {
      waiting = new ArrayList<>(returned);
    }
    List<String> lost = new ArrayList<>();
    for (int round = 0; round < 300 && !waiting.isEmpty(); round++) {
      List<String> still = new ArrayList<>();
      for (String sid : waiting) {
        HttpResponse<String> r = server.get("/calls/" + sid);
        if (r.statusCode() != 200) {
          lost.add(sid + " " + r.statusCode());
        } else if (!JSON.readTree(r.body()).at("/response/data/call_state").asText()
            .equals("terminal")) {
          still.add(sid);
        }
      }
      waiting = still;
      if (!waiting.isEmpty()) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    assertThat(lost).as("calls answered before the kill and missing after it").isEmpty();
    assertThat(waiting).as("calls not terminal 30 s after the restart").isEmpty();
  }

  private static int armedFaults(Server server) {
    try {
      return JSON.readTree(server.admin("GET", "/faults", null).body())
          .at("/response/data/armed").asInt();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Every log line (stderr) of every process: no token, no full phone number. */
  private void assertNoSecretOrNumberInLogs() throws IOException {
    List<String> secrets = new ArrayList<>();
    for (Server s : started) {
      secrets.add(s.adminToken);
      secrets.add(s.demo.path("api_token").asText());
      s.demo.path("agents").forEach(a -> numbers.add(a.path("contact_uri").asText()));
    }
    int lines = 0;
    int debug = 0;
    for (Server s : started) {
      List<String> log = Files.readAllLines(s.stderr, StandardCharsets.UTF_8);
      lines += log.size();
      debug += (int) log.stream().filter(l -> l.contains(" DEBUG ")).count();
      for (String line : log) {
        for (String secret : secrets) {
          assertThat(line).as("a token in %s", s.stderr).doesNotContain(secret);
        }
        synchronized (numbers) {
          for (String n : numbers) {
            assertThat(line).as("the full number %s in %s", n, s.stderr)
                .doesNotContain(n.substring(3));
          }
        }
      }
    }
    assertThat(debug).as("DEBUG lines were written").isPositive();
    System.out.printf("HARDENING-FIGURES CrashSafetyIT logLinesScanned=%d%n", lines);
  }

  // ---- processes

  /** One {@code patchbay serve} process with its demo credentials. */
  private final class Server {
    final Process process;
    final int port;
    final Path stderr;
    JsonNode demo;
    String adminToken;

    Server(Process process, int port, Path stderr) {
      this.process = process;
      this.port = port;
      this.stderr = stderr;
    }

    HttpResponse<String> makeCall(String agent, String customer) {
      return send("POST", "/calls", "{\"from\":{\"user_contact_uri\":\"" + agent + "\"},"
          + "\"to\":{\"customer_contact_uri\":\"" + customer + "\"},"
          + "\"virtual_number\":\"" + demo.path("virtual_number").asText() + "\"}");
    }

    HttpResponse<String> get(String path) {
      return send("GET", path, null);
    }

    HttpResponse<String> send(String method, String path, String body) {
      String basic = Base64.getEncoder().encodeToString((demo.path("api_key").asText() + ":"
          + demo.path("api_token").asText()).getBytes(StandardCharsets.UTF_8));
      return request(method, "/v2/accounts/" + demo.path("account_sid").asText() + path, body,
          "Basic " + basic);
    }

    HttpResponse<String> admin(String method, String path, String body) {
      return request(method, "/_sim/v1/accounts/" + demo.path("account_sid").asText() + path,
          body, "Bearer " + adminToken);
    }

    private HttpResponse<String> request(String method, String path, String body,
        String auth) {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(20))
          .header("Authorization", auth)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body))
          .build();
      try {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("no exit within 30 s of SIGTERM");
      }
    }
  }

  /**
   * Starts {@code serve} on {@code data} on a free loopback port with a manual clock and
   * DEBUG logs, and returns once the control plane answers.
   */
  private Server start(Path data, Map<String, String> env, String... args) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of("serve", "--data", data.toString(),
        "--host", "127.0.0.1", "--http-port", String.valueOf(port), "--https-port", "-1"));
    if (!List.of(args).contains("--speed")) {
      command.addAll(List.of("--speed", "0"));
    }
    command.addAll(List.of(args));
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    String name = "serve-" + started.size();
    ProcessBuilder pb = PatchbayProcess.builder(
        PatchbayProcess.jarCommand(command.toArray(String[]::new)))
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".err").toFile());
    pb.environment().put("PATCHBAY_LOG_LEVEL", "DEBUG");
    pb.environment().putAll(env);
    Server server = new Server(pb.start(), port, logs.resolve(name + ".err"));
    started.add(server);
    for (int i = 0; i < 1_200; i++) {
      assertThat(server.process.isAlive()).as("serve exited: %s",
          Files.exists(server.stderr) ? Files.readString(server.stderr) : "").isTrue();
      if (Files.exists(data.resolve("admin-token"))
          && Files.exists(data.resolve("demo-account.json"))) {
        try {
          server.demo = JSON.readTree(data.resolve("demo-account.json").toFile());
          server.adminToken = Files.readString(data.resolve("admin-token")).trim();
          if (server.admin("GET", "/clock", null).statusCode() == 200) {
            return server;
          }
        } catch (IOException | RuntimeException e) {
          // Not listening yet, or the files are still being written.
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("serve did not answer within 60 s");
  }
}
