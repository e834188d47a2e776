package io.patchbay.bench.jmh;

import io.patchbay.bench.CallLogs;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallDetails;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.Direction;
import io.patchbay.server.call.CallJson;
import io.patchbay.server.http.Authenticator;
import io.patchbay.server.http.Envelope;
import io.patchbay.store.AccountStore;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request work of GET call details, piece by piece, on a finished call of the most
 * common kind (completed, 12 events). bench/run runs these; alone:
 * {@code java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main HotPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
  private static final SecureRandom RANDOM = new SecureRandom();
  private Call call;
  private List<CallEvent> events;
  private CallDetails details;
  private byte[] data;
  private String requestId;
  private Authenticator authenticator;
  private String authorization;
  private String accountSid;

  @Setup
  public void setUp() {
    accountSid = Sids.newAccountSid();
    CallLogs.Scenario scenario = CallLogs.record().named("completed-30s");
    AgentRef agent = new AgentRef(Sids.newUserId(), "Asha Rao", "+919876500001", null, null);
    Instant created = Instant.parse("2031-03-04T05:06:07.891Z");
    call = new Call(Sids.newCallSid(), accountSid, Direction.OUTBOUND, "+918045680001", created,
        agent, "+919812345678", "Ravi Kumar",
        new CallOptions(false, null, null, null, 30, "ticket-1", List.of()), null, null);
    events = scenario.instantiate(created, agent, "+919812345678");
    details = CallDetailsRules.derive(call, events, Account.DEFAULT_ZONE);
    data = CallJson.details(details);
    requestId = Sids.newRequestId();

    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    Account account = new Account(accountSid, "bench", Region.SINGAPORE, Account.DEFAULT_ZONE,
        true, created);
    ApiCredential credential = new ApiCredential(key, accountSid, TokenHasher.hash(key, token));
    authenticator = new Authenticator(oneAccount(account, credential));
    authorization = "Basic " + Base64.getEncoder().encodeToString(
        (key + ":" + token).getBytes(StandardCharsets.UTF_8));
    // Fills the credential cache, as the first request does.
    authenticator.authenticate(authorization, accountSid, Region.SINGAPORE);
  }

  /** Deriving every details field from the call and its event log (contract §3). */
  @Benchmark
  public CallDetails deriveDetails() {
    return CallDetailsRules.derive(call, events, Account.DEFAULT_ZONE);
  }

  /** Writing the details' {@code data} object as JSON. */
  @Benchmark
  public byte[] renderDetailsJson() {
    return CallJson.details(details);
  }

  /** A cache miss without the store: derive, then render. */
  @Benchmark
  public byte[] deriveAndRender() {
    return CallJson.details(CallDetailsRules.derive(call, events, Account.DEFAULT_ZONE));
  }

  /** Wrapping rendered data in the v2 envelope, which every response does. */
  @Benchmark
  public byte[] envelope() {
    return Envelope.success(requestId, "GET", 200, data);
  }

  /** The auth check of every request: Basic header against the cached credential. */
  @Benchmark
  public Optional<Account> authCheck() {
    return authenticator.cached(authorization, accountSid, Region.SINGAPORE);
  }

  /** A request id from {@code Sids}: 16 bytes in one draw (32 draws, one a character, before). */
  @Benchmark
  public String requestId() {
    return Sids.newRequestId();
  }

  /** A request id as ApiServer made it in #8 before Sids did: one draw, {@code HexFormat}. */
  @Benchmark
  public String requestIdOneDraw() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }

  /**
   * An account store with one account, for the authenticator: a proxy that answers
   * {@code account} and {@code credential} and refuses the rest, so the port can grow without
   * this benchmark changing.
   */
  private static AccountStore oneAccount(Account account, ApiCredential credential) {
    return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
        new Class<?>[] {AccountStore.class}, (proxy, method, args) -> switch (method.getName()) {
          case "account" -> args[0].equals(account.sid())
              ? Optional.of(account) : Optional.empty();
          case "credential" -> args[0].equals(credential.apiKey())
              ? Optional.of(credential) : Optional.empty();
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
