package io.patchbay.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.CallStatus;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.store.Store;
import io.patchbay.store.StoredCall;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Fills a fresh store (SQLite or PostgreSQL, see {@link BenchStore}) with one account, its
 * agents and {@code N} finished calls with realistic event logs (see {@link CallLogs}).
 *
 * <p>The account, its credential, agents, ExoPhone and address book go through the
 * {@link Store} port. The calls go in through batched JDBC inserts into the same tables, because
 * the port writes one transaction per event (13 million of them for a million calls). The loader
 * checks the columns of {@code calls} and {@code call_events} against what it writes and fails
 * when a migration changed them, and afterwards reads a sample back through the port and checks
 * each call derives to the outcome it was made for.
 *
 * <p>Run alone: {@code java -cp ... io.patchbay.bench.Load DATA_DIR CALLS [AGENTS [HOT]]}.
 */
public final class Load {
  /** The account's ExoPhone. */
  public static final String VIRTUAL_NUMBER = "+918045680001";
  /** The customer of Make Call in the benchmark: a normal number (answers, talks 30 s). */
  public static final String CUSTOMER_NUMBER = "+919812345678";

  private static final List<String> CALL_COLUMNS = List.of("call_sid", "account_sid",
      "direction", "virtual_number", "created_at", "agent", "agent_user_id", "customer_uri",
      "customer_name", "options", "app_id", "app_name", "terminal", "owner_node");
  private static final List<String> EVENT_COLUMNS =
      List.of("call_sid", "seq", "at", "type", "leg", "data");
  private static final String[] FIRST = {"Asha", "Vikram", "Priya", "Rahul", "Meera", "Arjun",
      "Kavya", "Rohan", "Divya", "Sanjay", "Nisha", "Karan", "Anita", "Dev", "Lakshmi", "Imran"};
  private static final String[] LAST = {"Rao", "Nair", "Sharma", "Iyer", "Khan", "Gupta",
      "Reddy", "Menon", "Das", "Patel", "Singh", "Joshi", "Pillai", "Bose", "Kulkarni", "Shah"};
  /** The file in the list folder with the account's credentials and the load's figures. */
  public static final String ACCOUNT_FILE = "account.properties";
  /** Calls per transaction. */
  private static final int CHUNK = 20_000;

  // The JSON of the model's columns, written as the store's Rows writes them.
  private static final ObjectMapper JSON = new ObjectMapper();

  private Load() {}

  /**
   * What was loaded.
   *
   * @param agentUris the agents' device numbers, in creation order
   * @param allSids a file with every loaded call sid, one a line
   * @param hotSids a file with {@code hot} of them, drawn at random
   */
  public record Result(String accountSid, String apiKey, String apiToken,
      List<String> agentUris, Path allSids, Path hotSids, int calls, Duration took,
      Map<String, Integer> outcomes) {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: Load DATA_DIR CALLS [AGENTS [HOT]]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int calls = Integer.parseInt(args[1].replace("_", "").replace(",", ""));
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 12_000;
    int hot = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
    Result r = run(BenchStore.sqlite(dir), dir.resolveSibling(dir.getFileName() + "-lists"),
        calls, agents, hot, 42, System.out);
    System.out.println("loaded " + r.calls() + " calls in " + r.took().toMillis() + " ms");
  }

  /**
   * Loads into {@code target}, which must not hold a store yet, and writes the sid and agent
   * lists into {@code listDir}.
   */
  static Result run(BenchStore target, Path listDir, int calls, int agents, int hot,
      long seed, PrintStream log) {
    long started = System.nanoTime();
    if (target.holdsStore()) {
      throw new IllegalStateException(target.describe()
          + " already holds a store; load needs a fresh one");
    }
    SplittableRandom random = new SplittableRandom(seed);
    Instant now = Instant.now();

    String sid = Sids.newAccountSid();
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    List<AgentRef> agentRefs = new ArrayList<>(agents);
    List<String> customers = new ArrayList<>();
    Map<String, String> names = new java.util.HashMap<>();
    try (Store store = target.open()) {
      store.createAccount(
          new Account(sid, "Patchbay bench", Region.SINGAPORE, Account.DEFAULT_ZONE, true, now),
          new ApiCredential(key, sid, TokenHasher.hash(key, token)));
      store.addExoPhone(sid, VIRTUAL_NUMBER);
      for (int i = 0; i < 50_000; i++) {
        customers.add(String.format("+9197%08d", 10_000_000 + i));
      }
      for (int i = 0; i < 2_000; i++) {
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        store.putContact(sid, customers.get(i), name);
        names.put(customers.get(i), name);
      }
      for (int i = 0; i < agents; i++) {
        String userId = Sids.newUserId();
        String first = FIRST[i % FIRST.length];
        String last = LAST[(i / FIRST.length) % LAST.length];
        String uri = String.format("+9198%08d", 10_000_000 + i);
        store.createUser(new User(sid, userId, first, last, "agent" + i + "@bench.example",
            Role.USER, null, now, null),
            new Device(0, sid, userId, "Phone", uri, true, true, null));
        agentRefs.add(new AgentRef(userId, first + " " + last, uri, null, null));
      }
    }
    log.printf("  account %s with %,d agents in %d ms%n", sid, agents,
        (System.nanoTime() - started) / 1_000_000);

    CallLogs logs = CallLogs.record();
    String[] callSids = newSids(calls, random);
    byte[] scenarioOf = new byte[calls];
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    try (Connection c = target.connect()) {
      checkColumns(target, c, "calls", CALL_COLUMNS);
      checkColumns(target, c, "call_events", EVENT_COLUMNS);
      target.prepareBulkLoad(c);
      c.setAutoCommit(false);
      String[] agentJson = new String[agents];
      for (int i = 0; i < agents; i++) {
        agentJson[i] = json(agentRefs.get(i));
      }
      long thirtyDays = Duration.ofDays(30).toMillis();
      try (PreparedStatement call = c.prepareStatement("INSERT INTO calls (call_sid,"
          + " account_sid, direction, virtual_number, created_at, agent, agent_user_id,"
          + " customer_uri, customer_name, options, app_id, app_name, terminal, owner_node)"
          + " VALUES (?, ?, 'outbound', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 1, NULL)");
          PreparedStatement event = c.prepareStatement("INSERT INTO call_events (call_sid,"
              + " seq, at, type, leg, data) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < calls; i++) {
          int scenarioIndex = logs.pick(random);
          CallLogs.Scenario scenario = logs.scenarios().get(scenarioIndex);
          scenarioOf[i] = (byte) scenarioIndex;
          outcomes.merge(scenario.status().wire(), 1, Integer::sum);
          int a = random.nextInt(agents);
          AgentRef agent = agentRefs.get(a);
          String customer = customers.get(random.nextInt(customers.size()));
          Instant created = Instant.ofEpochMilli(
              now.toEpochMilli() - thirtyDays + random.nextLong(thirtyDays - 3_600_000));
          String customField =
              random.nextInt(2) == 0 ? null : "ticket-" + random.nextInt(1_000_000);
          CallOptions options = new CallOptions(false, null, null, null,
              CallOptions.DEFAULT_ATTEMPT_TIME_OUT, customField, List.of());
          call.setString(1, callSids[i]);
          call.setString(2, sid);
          call.setString(3, VIRTUAL_NUMBER);
          call.setLong(4, created.toEpochMilli());
          call.setString(5, agentJson[a]);
          call.setString(6, agent.userId());
          call.setString(7, customer);
          call.setString(8, names.get(customer));
          call.setString(9, json(options));
          call.addBatch();
          for (CallEvent e : scenario.instantiate(created, agent, customer)) {
            event.setString(1, callSids[i]);
            event.setInt(2, e.seq());
            event.setLong(3, e.at().toEpochMilli());
            event.setString(4, e.type().wire());
            event.setInt(5, e.leg());
            event.setString(6, e.data().isEmpty() ? "{}" : json(e.data()));
            event.addBatch();
          }
          if ((i + 1) % 1_000 == 0 || i == calls - 1) {
            call.executeBatch();
            event.executeBatch();
          }
          if ((i + 1) % CHUNK == 0 || i == calls - 1) {
            c.commit();
          }
          if ((i + 1) % 200_000 == 0) {
            log.printf("  %,d calls in %d ms%n", i + 1, (System.nanoTime() - started) / 1_000_000);
          }
        }
      }
      c.setAutoCommit(true);
      target.finishBulkLoad(c);
    } catch (SQLException e) {
      throw new IllegalStateException("loading calls into " + target.describe() + " failed: "
          + e, e);
    }

    verify(target, sid, callSids, scenarioOf, logs, random, calls);
    try {
      Files.createDirectories(listDir);
      Path all = listDir.resolve("sids.txt");
      Path hotFile = listDir.resolve("hot-sids.txt");
      Path agentFile = listDir.resolve("agents.txt");
      writeLines(all, Arrays.asList(callSids));
      List<String> sample = new ArrayList<>(Math.min(hot, calls));
      int[] idx = random.ints(0, calls).distinct().limit(Math.min(hot, calls)).toArray();
      for (int i : idx) {
        sample.add(callSids[i]);
      }
      writeLines(hotFile, sample);
      writeLines(agentFile, agentRefs.stream().map(AgentRef::contactUri).toList());
      Result result = new Result(sid, key, token,
          agentRefs.stream().map(AgentRef::contactUri).toList(), all, hotFile, calls,
          Duration.ofNanos(System.nanoTime() - started), outcomes);
      Properties p = new Properties();
      p.setProperty("account_sid", sid);
      p.setProperty("api_key", key);
      p.setProperty("api_token", token);
      p.setProperty("calls", String.valueOf(calls));
      p.setProperty("load_millis", String.valueOf(result.took().toMillis()));
      outcomes.forEach((k, v) -> p.setProperty("outcome." + k, String.valueOf(v)));
      try (var w = Files.newBufferedWriter(listDir.resolve(ACCOUNT_FILE))) {
        p.store(w, "The store loaded by bench/run (the token is only here)");
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an earlier {@link #run} into {@code listDir} loaded. */
  public static Result existing(Path listDir) throws IOException {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(listDir.resolve(ACCOUNT_FILE))) {
      p.load(r);
    }
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("outcome.")) {
        outcomes.put(name.substring(8), Integer.parseInt(p.getProperty(name)));
      }
    }
    return new Result(p.getProperty("account_sid"), p.getProperty("api_key"),
        p.getProperty("api_token"), Files.readAllLines(listDir.resolve("agents.txt")),
        listDir.resolve("sids.txt"), listDir.resolve("hot-sids.txt"),
        Integer.parseInt(p.getProperty("calls")),
        Duration.ofMillis(Long.parseLong(p.getProperty("load_millis"))), outcomes);
  }

  /** Reads a sample back through the store port: every call must derive to its outcome. */
  private static void verify(BenchStore target, String sid, String[] callSids,
      byte[] scenarioOf, CallLogs logs, SplittableRandom random, int calls) {
    try (Store store = target.open()) {
      long stored = store.countCalls(sid);
      if (stored != calls) {
        throw new IllegalStateException("stored " + stored + " calls, expected " + calls);
      }
      for (int n = 0; n < Math.min(500, calls); n++) {
        int i = random.nextInt(calls);
        StoredCall call = store.call(sid, callSids[i]).orElseThrow(
            () -> new IllegalStateException("loaded call not found through the store"));
        CallStatus expected = logs.scenarios().get(scenarioOf[i]).status();
        CallStatus status = CallDetailsRules.derive(call.call(), call.events(),
            Account.DEFAULT_ZONE).callStatus();
        if (status != expected) {
          throw new IllegalStateException(callSids[i] + " derives to " + status
              + ", expected " + expected);
        }
      }
      if (!store.liveCallSids().isEmpty()) {
        throw new IllegalStateException("the loaded store has live calls");
      }
    }
  }

  /** {@code n} distinct call sids, sorted so that the primary-key indexes fill in order. */
  private static String[] newSids(int n, SplittableRandom random) {
    char[] alphabet = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    java.util.Set<String> seen = new java.util.HashSet<>(n * 2);
    String[] out = new String[n];
    char[] buf = new char[32];
    int i = 0;
    while (i < n) {
      for (int k = 0; k < 32; k++) {
        buf[k] = alphabet[random.nextInt(36)];
      }
      String s = new String(buf);
      if (seen.add(s)) {
        out[i++] = s;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static void checkColumns(BenchStore target, Connection c, String table,
      List<String> expected) throws SQLException {
    List<String> actual = target.columns(c, table);
    if (!actual.equals(expected)) {
      throw new IllegalStateException("the store's table " + table + " has columns " + actual
          + " but the bench loader writes " + expected
          + ": update bench/src/main/java/io/patchbay/bench/Load.java to the new migration");
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
  }
}
