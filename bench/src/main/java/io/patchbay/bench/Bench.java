package io.patchbay.bench;

import io.patchbay.bench.jmh.HotPathBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark behind {@code bench/run}: loads a fresh store, starts Patchbay and nginx on
 * loopback, measures them with wrk, runs the JMH microbenchmarks, prints one table and writes it
 * to {@code bench/results/}. Every process it starts it stops; every step is bounded in time.
 * See bench/README.md.
 */
public final class Bench {
  private static final Pattern RESULT = Pattern.compile("(\\w+)=(\\d+)");
  private static final long MIB = 1024 * 1024;
  /** The launcher's class-data archive for {@code serve}, relative to the root. */
  private static final String CDS_ARCHIVE = "server/target/patchbay-serve.jsa";

  private final Options o;
  private final PrintStream out = System.out;
  private final List<Process> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> facts = new LinkedHashMap<>();

  private Load.Result loaded;
  private BenchStore target;
  private Process patchbay;
  private Process nginx;
  private int patchbayPort;
  private int nginxPort;
  private String auth;
  private String adminToken;

  /** A row of the result table. */
  private record Row(String measurement, String patchbay, String nginx, String ratio,
      String target, String met) {}

  /** One wrk run: requests/s and latencies in microseconds, server CPU per request. */
  private record Wrk(double rps, long requests, long p50, long p99, long p999, long errors,
      long non2xx, double cpuMicrosPerRequest) {}

  private Bench(Options o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Bench bench = new Bench(o);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "bench-cleanup"));
    int code = bench.run();
    System.exit(code);
  }

  private int run() throws Exception {
    Files.createDirectories(o.work);
    Files.createDirectories(o.results);
    machine();
    try {
      if (!o.jmhOnly) {
        if (o.postgres) {
          step("Starting PostgreSQL (embedded, fsync on) in %s", o.work.resolve("postgres"));
        }
        target = o.postgres ? BenchStore.postgres(o.work.resolve("postgres"), o.reuse)
            : BenchStore.sqlite(dataDir());
        facts.put("store engine", target.describe());
        load();
        startPatchbay();
        nginx();
        getDetails();
        makeCall();
        liveCalls();
        startTimes();
        stopAll();
      }
      if (o.jmh) {
        jmh();
      }
    } finally {
      stopAll();
      if (target != null) {
        target.close();
      }
    }
    facts.put("load average", facts.remove("load average") + " at the start, "
        + loadAverage() + " at the end (1, 5, 15 min; above ~1 other work shared the cores)");
    report();
    return 0;
  }

  // ---------------------------------------------------------------------------------------
  // Phases.

  private void load() throws IOException {
    Path data = dataDir();
    // Per store engine, so that a run on one keeps the other's load for --reuse-store.
    Path lists = o.work.resolve(o.postgres ? "lists-postgresql" : "lists");
    if (o.reuse && Files.exists(lists.resolve(Load.ACCOUNT_FILE)) && target.holdsStore()) {
      step("Reusing the store loaded earlier in %s (--reuse-store)", data);
      loaded = Load.existing(lists);
      facts.put("reused", "the store of an earlier run (--reuse-store): it also holds that"
          + " run's Make Call calls");
    } else {
      step("Loading %,d calls into a fresh store in %s", o.calls, data);
      deleteTree(data);
      deleteTree(lists);
      loaded = Load.run(target, lists, o.calls, o.agents, o.hot, o.seed, out);
    }
    auth = "Basic " + Base64.getEncoder().encodeToString(
        (loaded.apiKey() + ":" + loaded.apiToken()).getBytes(StandardCharsets.UTF_8));
    long dbBytes = target.sizeBytes();
    facts.put("store", String.format("%,d calls (%s), %,d agents, %s, %,d MiB on disk",
        loaded.calls(), outcomes(loaded.outcomes()), loaded.agentUris().size(),
        target.describe(), dbBytes / MIB));
    rows.add(new Row(String.format("load %,d calls (~%d events each) into a fresh store%s",
        loaded.calls(), 12, o.reuse ? " (reused: this is the earlier load's time)" : ""),
        seconds(loaded.took().toMillis()), "", "", "", ""));
  }

  /** Patchbay's data folder: per store engine (on PostgreSQL it holds no calls). */
  private Path dataDir() {
    return o.work.resolve(o.postgres ? "data-postgresql" : "data");
  }

  private void startPatchbay() throws Exception {
    patchbayPort = freePort();
    step("Starting Patchbay with ./patchbay serve (PATCHBAY_HEAP=%s) on port %d", o.heap,
        patchbayPort);
    // The first start after the build: no class-data archive yet; it writes one as it exits.
    Files.deleteIfExists(o.root.resolve(CDS_ARCHIVE));
    long startMillis = launch(Map.of(), o.work.resolve("patchbay.log"));
    out.printf("  first 200 after %d ms%n", startMillis);
    adminToken = Files.readString(dataDir().resolve("admin-token")).trim();
    Thread.sleep(1_000);
    long rss = rss(patchbay.pid());
    out.printf("  resident memory %d MiB%n", rss / MIB);
    rows.add(new Row("first start on the loaded store (no class-data archive yet), to the first"
        + " 200", ms(startMillis), "", "", "", ""));
    rows.add(new Row(String.format("resident memory after loading (%,d calls stored, idle)",
        loaded.calls()), mib(rss), "", "", "< 300 MiB", memory(rss)));
  }

  /**
   * Starts Patchbay with the launcher, {@code ./patchbay serve}, so that it runs with exactly
   * the launcher's JVM flags and class-data archive, on this JDK, without a rebuild, and waits
   * for the first 200 of GET call details. The launcher execs {@code java}: the process is
   * Patchbay's JVM itself.
   *
   * @param env more environment for the launcher, such as {@code PATCHBAY_CDS=off}
   * @return milliseconds from starting the process to that 200
   */
  private long launch(Map<String, String> env, Path log) throws Exception {
    Path jar = o.root.resolve("server/target/patchbay.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (bench/run does)");
    }
    List<String> cmd = new ArrayList<>(List.of(o.root.resolve("patchbay").toString(), "serve",
        "--data", dataDir().toString(), "--host", "127.0.0.1",
        "--http-port", String.valueOf(patchbayPort), "--https-port", "-1",
        "--rate-limit", "0", "--speed", String.valueOf(o.speed), "--no-demo"));
    if (target.isPostgres()) {
      cmd.addAll(List.of("--store", target.serveArgument()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // Options alone decide, not the caller's PATCHBAY_* variables (PATCHBAY_STORE above all).
    pb.environment().keySet().removeIf(k -> k.startsWith("PATCHBAY_"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("PATCHBAY_HEAP", o.heap);
    pb.environment().put("PATCHBAY_NO_BUILD", "1");
    pb.environment().putAll(env);
    String firstSid = Files.readAllLines(loaded.hotSids()).get(0);
    URI uri = URI.create(base(patchbayPort) + "/v2/accounts/" + loaded.accountSid()
        + "/calls/" + firstSid);
    long t0 = System.nanoTime();
    patchbay = start(pb);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!patchbay.isAlive()) {
        throw new IllegalStateException("Patchbay exited with " + patchbay.exitValue()
            + "; see " + log);
      }
      try {
        HttpResponse<byte[]> r = http.send(get(uri), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no 200 from Patchbay within 60 s; see " + log);
  }

  /** Stops the Patchbay started last, as Ctrl-C would, and waits for it. */
  private void stopPatchbay() throws InterruptedException {
    patchbay.destroy();
    if (!patchbay.waitFor(30, TimeUnit.SECONDS)) {
      patchbay.destroyForcibly();
    }
    synchronized (started) {
      started.remove(patchbay);
    }
  }

  /**
   * Restarts on the loaded store: the median of five starts as the launcher runs Patchbay (with
   * the class-data archive the first start wrote as it stopped), then the median of five
   * without the archive ({@code PATCHBAY_CDS=off}): that row shows what the archive saves.
   */
  private void startTimes() throws Exception {
    stopPatchbay();
    step("Start-up: 5 restarts on the loaded store, then 5 without the class-data archive");
    Path log = o.work.resolve("patchbay-restarts.log");
    boolean archived = Files.isRegularFile(o.root.resolve(CDS_ARCHIVE));
    List<Long> plain = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      plain.add(launch(Map.of(), log));
      stopPatchbay();
    }
    List<Long> noArchive = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      noArchive.add(launch(Map.of("PATCHBAY_CDS", "off"), log));
      stopPatchbay();
    }
    long median = median(plain);
    long medianNoArchive = median(noArchive);
    out.printf("  %s ms; without the archive %s ms%n", plain, noArchive);
    rows.add(new Row(String.format("start: process start to the first 200, %,d calls stored"
        + " (./patchbay serve; median of 5 restarts: %s ms)%s", loaded.calls(), join(plain),
        archived ? "" : " **the first start wrote no class-data archive**"), ms(median), "", "",
        "< 1 s", median < 1_000 ? met(true)
            : String.format(Locale.ROOT, "**no**: %.1f× the target", median / 1000.0)));
    rows.add(new Row(String.format("the same without the class-data archive (`PATCHBAY_CDS=off`;"
        + " median of %s ms)", join(noArchive)), ms(medianNoArchive), "", "", "", ""));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String join(List<Long> values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }

  private void nginx() throws Exception {
    Path dir = o.work.resolve("nginx");
    Files.createDirectories(dir.resolve("www"));
    Files.createDirectories(dir.resolve("logs"));
    HttpResponse<byte[]> sample = http.send(get(URI.create(base(patchbayPort) + "/v2/accounts/"
        + loaded.accountSid() + "/calls/" + Files.readAllLines(loaded.hotSids()).get(1))),
        HttpResponse.BodyHandlers.ofByteArray());
    if (sample.statusCode() != 200) {
      throw new IllegalStateException("GET call details answered " + sample.statusCode());
    }
    Files.write(dir.resolve("www/call.json"), sample.body());
    facts.put("response", String.format("GET call details answers %,d bytes of JSON; nginx"
        + " serves that same body as a static file", sample.body().length));
    nginxPort = freePort();
    boolean root = "root".equals(System.getProperty("user.name"));
    String conf = String.join("\n",
        "# Written by bench/run: one worker serving one file for every path.",
        root ? "user root root;" : "",
        "worker_processes 1;",
        "daemon off;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("logs/error.log") + " warn;",
        "events { worker_connections 4096; }",
        "http {",
        "  access_log off;",
        "  default_type application/json;",
        "  types { }",
        "  keepalive_requests 100000000;",
        "  keepalive_timeout 120s;",
        "  client_body_temp_path " + dir.resolve("tmp-body") + ";",
        "  proxy_temp_path " + dir.resolve("tmp-proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("tmp-fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("tmp-scgi") + ";",
        "  server {",
        "    listen 127.0.0.1:" + nginxPort + ";",
        "    root " + dir.resolve("www") + ";",
        "    location / { try_files /call.json =404; }",
        "  }",
        "}", "");
    Files.writeString(dir.resolve("nginx.conf"), conf);
    step("Starting nginx (1 worker) on port %d", nginxPort);
    ProcessBuilder pb = new ProcessBuilder("nginx", "-p", dir.toString(), "-e",
        dir.resolve("logs/error.log").toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile());
    nginx = start(pb);
    URI uri = URI.create(base(nginxPort) + "/");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        if (http.send(get(uri), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !nginx.isAlive()) {
          throw new IllegalStateException("nginx did not start; see " + dir.resolve("logs"), e);
        }
      }
      Thread.sleep(20);
    }
  }

  private void getDetails() throws Exception {
    Path script = o.root.resolve("bench/lua/get.lua");
    fillCache();
    for (int conns : o.conns) {
      List<Wrk> pb = new ArrayList<>();
      List<Wrk> ng = new ArrayList<>();
      for (int round = 0; round < o.rounds; round++) {
        boolean nginxFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean isNginx = (k == 0) == nginxFirst;
          step("GET details, %d connections, %s, round %d of %d", conns,
              isNginx ? "nginx" : "Patchbay", round + 1, o.rounds);
          Wrk w = wrk(script, isNginx ? nginxPort : patchbayPort, conns,
              isNginx ? nginx : patchbay, getEnv(loaded.hotSids()));
          (isNginx ? ng : pb).add(w);
        }
      }
      Wrk p = mean(pb);
      Wrk n = mean(ng);
      double ratio = p.rps() / n.rps();
      boolean targeted = conns == 32;
      rows.add(new Row(String.format("GET details, %d conns, %,d random calls of the %,d"
          + " stored (the working set fits the cache)", conns, o.hot, loaded.calls()),
          wrkCell(p), wrkCell(n), String.format("**%.2f**", ratio),
          targeted ? "≥ 0.70× nginx, p99 < 2 ms" : "",
          targeted ? getVerdict(ratio, p.p99()) : ""));
      facts.put("nginx-" + conns, String.valueOf(n.rps()));
    }
    for (int conns : o.conns) {
      step("GET details, %d connections, uniform over all %,d calls, Patchbay", conns,
          loaded.calls());
      Wrk p = wrk(script, patchbayPort, conns, patchbay, getEnv(loaded.allSids()));
      double nginxRps = Double.parseDouble(facts.get("nginx-" + conns));
      rows.add(new Row(String.format("GET details, %d conns, uniform over all %,d stored"
          + " calls (most miss the 48 MiB terminal cache and read the store)", conns,
          loaded.calls()), wrkCell(p), "(as above)",
          String.format("%.2f", p.rps() / nginxRps), "", ""));
    }
    facts.remove("nginx-32");
    facts.remove("nginx-256");
    long rss = rss(patchbay.pid());
    rows.add(new Row("resident memory after the GET runs (terminal cache full)", mib(rss), "",
        "", "< 300 MiB", memory(rss)));
  }

  /**
   * Reads every call of the working set once, so that the GET runs measure the cache the
   * working set fits in, not the first reads that fill it (those are the uniform rows' part).
   */
  private void fillCache() throws Exception {
    List<String> sids = Files.readAllLines(loaded.hotSids());
    step("Reading the %,d calls of the working set once (fills the terminal cache)",
        sids.size());
    String prefix = base(patchbayPort) + "/v2/accounts/" + loaded.accountSid() + "/calls/";
    AtomicInteger failed = new AtomicInteger();
    Semaphore inFlight = new Semaphore(16);
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String sid : sids) {
        inFlight.acquire();
        pool.execute(() -> {
          try {
            if (http.send(get(URI.create(prefix + sid)), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
              failed.incrementAndGet();
            }
          } catch (IOException | InterruptedException e) {
            failed.incrementAndGet();
          } finally {
            inFlight.release();
          }
        });
      }
    }
    out.printf("  %,d reads in %.1f s, %d failed%n", sids.size(), (System.nanoTime() - t0) / 1e9,
        failed.get());
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " reads of stored calls failed");
    }
  }

  /**
   * Make Call to terminal, in a closed loop: 32 clients place calls (each with the next of the
   * agents, in turn) as long as fewer than {@code --live-limit} of them are not terminal, and a
   * watcher of the store gives a client its turn back for every call that turned terminal.
   * Flooding Make Call instead (wrk) keeps every agent busy and measures refusals.
   */
  private void makeCall() throws Exception {
    URI calls = URI.create(base(patchbayPort) + "/v2/accounts/" + loaded.accountSid()
        + "/calls");
    List<String> agents = loaded.agentUris();
    int limit = Math.min(o.liveLimit, agents.size() / 2);
    step("Make Call to terminal: %d clients, at most %,d calls not terminal, clock at speed"
        + " %s; %d s warm-up, %d s measured", 32, limit, speed(), 3, o.makeCallSeconds);
    // The account's clock is stored: a reused store keeps the manual clock that the live-calls
    // phase of the earlier run left, so set it running at the bench's speed.
    admin(URI.create(base(patchbayPort) + "/_sim/v1/accounts/" + loaded.accountSid()
        + "/clock"), String.format(Locale.ROOT, "{\"mode\":\"running\",\"speed\":%s}",
        o.speed));
    try (Connection db = target.watch()) {
      drain(db, Duration.ofSeconds(30));
      long base = newestCall(db);
      Semaphore slots = new Semaphore(limit);
      AtomicInteger next = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicLong terminal =
          new java.util.concurrent.atomic.AtomicLong();
      Thread watcher = Thread.ofPlatform().name("bench-watcher").start(() -> {
        long released = 0;
        try {
          while (!stop.get()) {
            long done = callsSince(db, base) - live(db);
            if (done > released) {
              slots.release((int) (done - released));
              released = done;
              terminal.set(done);
            }
            Thread.sleep(10);
          }
        } catch (SQLException | InterruptedException e) {
          stop.set(true);
        }
      });
      long cpu0;
      long t0;
      long done0;
      long t1;
      long done1;
      long cpu1;
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < 32; c++) {
          clients.execute(() -> {
            while (!stop.get()) {
              try {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                  continue;
                }
                String agent = agents.get(Math.floorMod(next.getAndIncrement(), agents.size()));
                long s0 = System.nanoTime();
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(calls)
                    .timeout(Duration.ofSeconds(60)).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(makeCallBody(agent))).build(),
                    HttpResponse.BodyHandlers.discarding());
                long s1 = System.nanoTime();
                latencies.add(new long[] {s1, s1 - s0});
                if (r.statusCode() != 200) {
                  refused.incrementAndGet();
                  slots.release();
                }
              } catch (IOException e) {
                refused.incrementAndGet();
                slots.release();
              } catch (InterruptedException e) {
                return;
              }
            }
          });
        }
        Thread.sleep(3_000);
        t0 = System.nanoTime();
        done0 = terminal.get();
        cpu0 = cpuTicks(patchbay.pid());
        Thread.sleep(o.makeCallSeconds * 1000L);
        t1 = System.nanoTime();
        done1 = terminal.get();
        cpu1 = cpuTicks(patchbay.pid());
        stop.set(true);
      }
      watcher.join();
      long placed = callsSince(db, base);
      drain(db, Duration.ofSeconds(120));
      double seconds = (t1 - t0) / 1e9;
      double perSecond = (done1 - done0) / seconds;
      long[] window;
      synchronized (latencies) {
        window = latencies.stream().filter(l -> l[0] >= t0 && l[0] <= t1).mapToLong(l -> l[1])
            .sorted().toArray();
      }
      String p50 = window.length == 0 ? "-" : latency(window[window.length / 2] / 1000);
      String p99 = window.length == 0 ? "-"
          : latency(window[(int) Math.min(window.length - 1, window.length * 0.99)] / 1000);
      out.printf("  %,.0f calls/s turned terminal; %,d placed in all, %,d refused; POST p50 %s,"
          + " p99 %s%n", perSecond, placed, refused.get(), p50, p99);
      rows.add(new Row(String.format("Make Call to terminal (%s, clock speed %s, 32 clients,"
          + " ≤ %,d calls not terminal, %,d agents in turn, %d s)", target.describe(), speed(),
          limit,
          agents.size(), o.makeCallSeconds),
          String.format("**%,.0f calls/s** turn terminal (POST p50 %s, p99 %s; %,d refused;"
              + " server CPU %.0f µs a call)", perSecond, p50, p99, refused.get(),
              cpuMicros(cpu1 - cpu0, done1 - done0)),
          "", "", "≥ 2,000 calls/s", perSecond >= 2_000 ? met(true)
              : String.format(Locale.ROOT, "**no**: %.0f %% of the target", perSecond / 20)));
    }
  }

  private static String makeCallBody(String agent) {
    return "{\"from\":{\"user_contact_uri\":\"" + agent + "\"},\"to\":{\"customer_contact_uri\":\""
        + Load.CUSTOMER_NUMBER + "\"},\"virtual_number\":\"" + Load.VIRTUAL_NUMBER + "\"}";
  }

  private void liveCalls() throws Exception {
    int n = Math.min(o.live, loaded.agentUris().size());
    URI clock = URI.create(base(patchbayPort) + "/_sim/v1/accounts/" + loaded.accountSid()
        + "/clock");
    step("%,d live calls: manual clock, %,d Make Calls, clock advanced 12 s (all talking)", n,
        n);
    admin(clock, "{\"mode\":\"manual\"}");
    URI calls = URI.create(base(patchbayPort) + "/v2/accounts/" + loaded.accountSid()
        + "/calls");
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Semaphore inFlight = new Semaphore(32);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        String agent = loaded.agentUris().get(i);
        inFlight.acquire();
        pool.execute(() -> {
          try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(calls)
                .timeout(Duration.ofSeconds(60)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(makeCallBody(agent))).build(),
                HttpResponse.BodyHandlers.discarding());
            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
          } catch (IOException | InterruptedException e) {
            failed.incrementAndGet();
          } finally {
            inFlight.release();
          }
        });
      }
    }
    admin(clock, "{\"advance_seconds\":12}");
    try (Connection db = target.watch()) {
      long liveNow = live(db);
      Thread.sleep(2_000);
      long rss = rss(patchbay.pid());
      out.printf("  %,d placed, %,d failed, %,d live; resident memory %d MiB%n", ok.get(),
          failed.get(), liveNow, rss / MIB);
      rows.add(new Row(String.format("resident memory with %,d live calls (talking)", liveNow),
          mib(rss), "", "", "< 300 MiB", liveNow < n
              ? String.format("**no**: only %,d of %,d live", liveNow, n) : memory(rss)));
      admin(clock, "{\"advance_seconds\":900}");
      drain(db, Duration.ofSeconds(60));
    }
  }

  private void jmh() throws RunnerException {
    step("JMH microbenchmarks (1 fork, %d x 1 s warm-up, %d x 1 s measured)", 3, 5);
    Path log = o.work.resolve("jmh.txt");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(HotPathBenchmark.class.getName())
        .forks(1)
        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .output(log.toString())
        .build()).run();
    Map<String, String> what = Map.of(
        "deriveDetails", "derive the details from a 12-event log",
        "renderDetailsJson", "render a call's details as JSON",
        "deriveAndRender", "derive + render (a cache miss without the store)",
        "envelope", "wrap rendered details in the v2 envelope",
        "authCheck", "auth check (Basic header vs cached credential)",
        "requestId", "make a request id with Sids (one 16-byte draw, hex by table)",
        "requestIdOneDraw", "a one-draw request id with HexFormat (ApiServer's before #8)");
    for (RunResult r : results.stream().sorted(java.util.Comparator.comparing(
        x -> x.getParams().getBenchmark())).toList()) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      var score = r.getPrimaryResult();
      rows.add(new Row("JMH: " + what.getOrDefault(name, name) + " (`" + name + "`)",
          String.format("%.2f ± %.2f µs/op", score.getScore() / 1000,
              score.getScoreError() / 1000), "", "", "", ""));
    }
  }

  // ---------------------------------------------------------------------------------------
  // wrk.

  private Map<String, String> getEnv(Path sids) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BENCH_SIDS", sids.toString());
    env.put("BENCH_ACCOUNT", loaded.accountSid());
    env.put("BENCH_AUTH", auth);
    return env;
  }

  /** A warm-up run, then a measured one, as in the http-server notes. */
  private Wrk wrk(Path script, int port, int conns, Process server, Map<String, String> env)
      throws Exception {
    runWrk(script, port, conns, o.warmup, env);
    long cpu0 = cpuTicksTree(server);
    Map<String, Long> r = runWrk(script, port, conns, o.duration, env);
    long cpu1 = cpuTicksTree(server);
    double rps = r.get("requests") / (r.get("duration_us") / 1e6);
    Wrk w = new Wrk(rps, r.get("requests"), r.get("p50_us"), r.get("p99_us"),
        r.get("p999_us"), r.get("err_connect") + r.get("err_read") + r.get("err_write")
            + r.get("err_timeout"), r.get("err_status"),
        cpuMicros(cpu1 - cpu0, r.get("requests")));
    out.printf("  %,.0f req/s, p50 %s, p99 %s, %.1f µs CPU/req%s%n", w.rps(), latency(w.p50()),
        latency(w.p99()), w.cpuMicrosPerRequest(),
        w.errors() + w.non2xx() > 0 ? ", " + w.errors() + " errors, " + w.non2xx() + " non-2xx"
            : "");
    return w;
  }

  private Map<String, Long> runWrk(Path script, int port, int conns, int seconds,
      Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("wrk", "-t1", "-c" + conns, "-d" + seconds + "s",
        "--latency", "-s", script.toString(), base(port) + "/").redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = start(pb);
    Thread watchdog = Thread.ofVirtual().start(() -> {
      try {
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        // wrk finished in time.
      }
    });
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    watchdog.interrupt();
    synchronized (started) {
      started.remove(p);
    }
    Files.writeString(o.work.resolve("wrk.log"), text, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    String line = text.lines().filter(l -> l.startsWith("BENCH_RESULT")).findFirst()
        .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + text));
    Map<String, Long> values = new LinkedHashMap<>();
    Matcher m = RESULT.matcher(line);
    while (m.find()) {
      values.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return values;
  }

  private static Wrk mean(List<Wrk> runs) {
    double rps = runs.stream().mapToDouble(Wrk::rps).average().orElse(0);
    return new Wrk(rps, runs.stream().mapToLong(Wrk::requests).sum(),
        runs.stream().mapToLong(Wrk::p50).max().orElse(0),
        runs.stream().mapToLong(Wrk::p99).max().orElse(0),
        runs.stream().mapToLong(Wrk::p999).max().orElse(0),
        runs.stream().mapToLong(Wrk::errors).sum(), runs.stream().mapToLong(Wrk::non2xx).sum(),
        runs.stream().mapToDouble(Wrk::cpuMicrosPerRequest).average().orElse(0));
  }

  private String wrkCell(Wrk w) {
    String s = String.format("%,.0f req/s · p50 %s · p99 %s · %.1f µs CPU/req", w.rps(),
        latency(w.p50()), latency(w.p99()), w.cpuMicrosPerRequest());
    if (w.errors() > 0 || w.non2xx() > 0) {
      s += String.format(" · **%,d socket errors, %,d non-2xx**", w.errors(), w.non2xx());
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------
  // The store, watched from outside while Patchbay runs (WAL: readers never block it).

  /** The creation time (account clock, epoch ms) of the account's newest call. */
  private long newestCall(Connection db) throws SQLException {
    return query(db, "SELECT COALESCE(MAX(created_at), 0) FROM calls WHERE account_sid = '"
        + loaded.accountSid() + "'");
  }

  /** How many of the account's calls were created after {@code createdAt} (epoch ms). */
  private long callsSince(Connection db, long createdAt) throws SQLException {
    return query(db, "SELECT COUNT(*) FROM calls WHERE account_sid = '" + loaded.accountSid()
        + "' AND created_at > " + createdAt);
  }

  private static long live(Connection db) throws SQLException {
    return query(db, "SELECT COUNT(*) FROM calls WHERE terminal = 0");
  }

  private static long query(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Waits until no call is live; returns when that was seen (System.nanoTime). */
  private long drain(Connection db, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      if (live(db) == 0) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        out.printf("  still %,d live calls after %d s%n", live(db), limit.toSeconds());
        return System.nanoTime();
      }
      Thread.sleep(20);
    }
  }

  private void admin(URI uri, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(300)).header("Authorization", "Bearer " + adminToken)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("control plane " + uri + " " + body + " answered "
          + r.statusCode() + ": " + r.body());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Processes and /proc.

  private Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    synchronized (started) {
      started.add(p);
    }
    return p;
  }

  private void stopAll() {
    List<Process> all;
    synchronized (started) {
      all = new ArrayList<>(started);
      started.clear();
    }
    for (Process p : all) {
      if (p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** User + system CPU of a process in clock ticks (USER_HZ, 100 a second on Linux). */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long cpuTicksTree(Process p) {
    return cpuTicks(p.pid()) + p.descendants().mapToLong(h -> cpuTicks(h.pid())).sum();
  }

  private static double cpuMicros(long ticks, long requests) {
    return requests == 0 ? 0 : ticks * 10_000.0 / requests;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------------------------------
  // The report.

  private void machine() {
    facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    facts.put("machine", String.format("%s; %d cores; %,d MiB RAM; %s; kernel %s",
        cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal() / MIB, osName(),
        read("/proc/sys/kernel/osrelease")));
    facts.put("host", read("/proc/sys/kernel/hostname"));
    facts.put("java", System.getProperty("java.vm.vendor") + " "
        + System.getProperty("java.runtime.version") + " (Patchbay started by ./patchbay serve,"
        + " PATCHBAY_HEAP=" + o.heap + ")");
    facts.put("tools", firstLine("nginx", "-v") + "; " + firstLine("wrk", "-v"));
    facts.put("commit", commit());
    facts.put("settings", String.format("wrk -t1 --latency, %d s warm-up then %d s measured;"
        + " GET rounds alternate nginx and Patchbay (%d per connection count, averaged; p50/p99"
        + " the worst round)", o.warmup, o.duration, o.rounds));
    facts.put("load average", loadAverage());
    if (Double.parseDouble(loadAverage().split(" ")[0]) > 1.0) {
      out.println("WARNING: the load average is " + loadAverage() + ": other work runs on this"
          + " machine and will skew the figures.");
    }
    if (!o.note.isBlank()) {
      facts.put("note", o.note);
    }
  }

  private void report() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Patchbay benchmark, ").append(facts.get("date")).append("\n\n");
    for (Map.Entry<String, String> e : facts.entrySet()) {
      if (!e.getKey().equals("date")) {
        md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    md.append('\n');
    md.append("| measurement | Patchbay | nginx, same run | Patchbay / nginx | target | met |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ").append(String.join(" | ", r.measurement(), r.patchbay(), r.nginx(),
          r.ratio(), r.target(), r.met())).append(" |\n");
    }
    String text = md.toString();
    out.println();
    out.println(text);
    String stamp = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
    String host = facts.getOrDefault("host", "host").replaceAll("[^A-Za-z0-9_.-]", "_");
    Path file = o.results.resolve(stamp + "-" + host + ".md");
    Files.writeString(file, text);
    out.println("Written to " + o.root.relativize(file.toAbsolutePath()));
  }

  /** The verdict on the GET target: at least 0.70× nginx, p99 under 2 ms. */
  private static String getVerdict(double ratio, long p99Micros) {
    List<String> misses = new ArrayList<>();
    if (ratio < 0.7) {
      misses.add(String.format(Locale.ROOT, "ratio %.2f, %.0f %% short", ratio,
          100 * (0.7 - ratio) / 0.7));
    }
    if (p99Micros >= 2_000) {
      misses.add(String.format(Locale.ROOT, "p99 %.2f ms, %.0f %% over", p99Micros / 1000.0,
          100 * (p99Micros - 2000) / 2000.0));
    }
    return misses.isEmpty() ? met(true) : "**no**: " + String.join("; ", misses);
  }

  private static String memory(long rss) {
    return rss < 300 * MIB ? met(true) : String.format(Locale.ROOT, "**no**: %.0f %% over",
        100.0 * (rss - 300 * MIB) / (300 * MIB));
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "**no**";
  }

  private String speed() {
    return o.speed == Math.rint(o.speed) ? String.valueOf((long) o.speed)
        : String.valueOf(o.speed);
  }

  private static String latency(long micros) {
    return micros < 10_000 ? String.format(Locale.ROOT, "%.2f ms", micros / 1000.0)
        : String.format(Locale.ROOT, "%.0f ms", micros / 1000.0);
  }

  private static String ms(long millis) {
    return millis + " ms";
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String mib(long bytes) {
    return String.format("%,d MiB", bytes / MIB);
  }

  private static String outcomes(Map<String, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder s = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> s.append(s.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
            .append(Math.round(100.0 * e.getValue() / total)).append('%'));
    return s.toString();
  }

  private static String loadAverage() {
    String[] f = read("/proc/loadavg").split(" ");
    return f.length < 3 ? "0 ? ?" : f[0] + " " + f[1] + " " + f[2];
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // Unknown.
    }
    return 0;
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring(12).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // Unknown.
    }
    return "unknown OS";
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return text.lines().findFirst().orElse(cmd[0] + " ?").trim();
    } catch (IOException | InterruptedException e) {
      return cmd[0] + " missing";
    }
  }

  /** The checked-out commit, read from .git without running git. */
  private String commit() {
    try {
      Path git = o.root.resolve(".git");
      String head = Files.readString(git.resolve("HEAD")).trim();
      if (!head.startsWith("ref: ")) {
        return head.substring(0, Math.min(12, head.length()));
      }
      String ref = head.substring(5);
      Path refFile = git.resolve(ref);
      if (Files.exists(refFile)) {
        return Files.readString(refFile).trim().substring(0, 12) + " (" + ref + ")";
      }
      for (String line : Files.readAllLines(git.resolve("packed-refs"))) {
        if (line.endsWith(" " + ref)) {
          return line.substring(0, 12) + " (" + ref + ")";
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a git checkout.
    }
    return "unknown (plus any uncommitted changes)";
  }

  private void step(String format, Object... args) {
    out.printf("%n== " + format + "%n", args);
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }

  private HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
        .header("Authorization", auth == null ? "" : auth).GET().build();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The command line of bench/run. */
  static final class Options {
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path work;
    Path results;
    int calls = 1_000_000;
    int agents = 12_000;
    int hot = 50_000;
    int live = 10_000;
    int rounds = 2;
    int warmup = 5;
    int duration = 10;
    int makeCallSeconds = 10;
    int liveLimit = 2_000;
    List<Integer> conns = List.of(32, 256);
    double speed = 1000;
    long seed = 42;
    String heap = System.getenv().getOrDefault("PATCHBAY_HEAP", "256m");
    String note = System.getenv().getOrDefault("BENCH_NOTE", "");
    boolean jmh = true;
    boolean jmhOnly;
    boolean reuse;
    boolean postgres;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--root" -> { o.root = Path.of(v).toAbsolutePath().normalize(); i++; }
          case "--work" -> { o.work = Path.of(v).toAbsolutePath().normalize(); i++; }
          case "--results" -> { o.results = Path.of(v).toAbsolutePath().normalize(); i++; }
          case "--calls" -> { o.calls = count(v); i++; }
          case "--agents" -> { o.agents = count(v); i++; }
          case "--hot" -> { o.hot = count(v); i++; }
          case "--live" -> { o.live = count(v); i++; }
          case "--rounds" -> { o.rounds = count(v); i++; }
          case "--warmup" -> { o.warmup = count(v); i++; }
          case "--duration" -> { o.duration = count(v); o.makeCallSeconds = o.duration; i++; }
          case "--speed" -> { o.speed = Double.parseDouble(v); i++; }
          case "--live-limit" -> { o.liveLimit = count(v); i++; }
          case "--seed" -> { o.seed = Long.parseLong(v); i++; }
          case "--heap" -> { o.heap = v; i++; }
          case "--note" -> { o.note = v; i++; }
          case "--no-jmh" -> o.jmh = false;
          case "--reuse-store" -> o.reuse = true;
          case "--store" -> {
            if (!"sqlite".equals(v) && !"postgresql".equals(v)) {
              throw new IllegalArgumentException("--store must be sqlite or postgresql: " + v);
            }
            o.postgres = "postgresql".equals(v);
            i++;
          }
          case "--jmh-only" -> o.jmhOnly = true;
          case "--conns" -> {
            o.conns = Stream.of(v.split(",")).map(Integer::parseInt).toList();
            i++;
          }
          default -> throw new IllegalArgumentException("unknown option " + a
              + " (see bench/README.md)");
        }
      }
      if (o.work == null) {
        o.work = o.root.resolve("bench/results/tmp");
      }
      if (o.results == null) {
        o.results = o.root.resolve("bench/results");
      }
      return o;
    }

    private static int count(String v) {
      return Integer.parseInt(v.replace("_", "").replace(",", ""));
    }
  }
}
