package io.patchbay.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.server.Patchbay;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Authenticator;
import io.patchbay.server.http.RateLimiter;
import io.patchbay.server.http.Regions;
import io.patchbay.store.UserFilter;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh in-process Patchbay (manual clock, no rate limit, demo account) and clients of it.
 *
 * <p>The Users API's control-plane routes ({@link UserRoutes#registerSandbox}) are served by a
 * second, test-owned listener on the same store, so that these tests do not depend on how the
 * server wires them.
 */
final class Harness implements AutoCloseable {
  private static final String SIDE_ADMIN_TOKEN = Sids.newApiToken();
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  final Patchbay patchbay;
  final DemoAccount demo;
  final Api api;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final Vertx sideVertx;
  private final ApiServer side;
  private final String sideBase;

  private Harness(Path dir) {
    patchbay = Patchbay.start(TestStores.config(dir));
    demo = patchbay.createdDemo().orElseThrow();
    base = "http://127.0.0.1:" + patchbay.ports().http();
    api = Api.basic(http, base, demo.accountSid(), demo.apiKey(), demo.apiToken());
    sideVertx = Vertx.vertx();
    side = new ApiServer(sideVertx, new Authenticator(patchbay.store()),
        new Regions(Map.of(), Region.SINGAPORE), new RateLimiter(Clock.systemUTC(), 0),
        SIDE_ADMIN_TOKEN);
    UserRoutes.registerSandbox(side, patchbay.store());
    sideBase = "http://127.0.0.1:" + side.listen("127.0.0.1", 0, -1, null, null).http();
  }

  static Harness start(Path dir) {
    return new Harness(dir);
  }

  /** A new account of the default region with its own credentials. */
  Api newAccount(boolean autoVerifyDevices) {
    String sid = Sids.newAccountSid();
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    patchbay.store().createAccount(new Account(sid, "Test " + sid, Region.SINGAPORE,
        Account.DEFAULT_ZONE, autoVerifyDevices, Instant.now()),
        new ApiCredential(key, sid, TokenHasher.hash(key, token)));
    patchbay.store().addExoPhone(sid, demo.virtualNumber());
    return Api.basic(http, base, sid, key, token);
  }

  /** A phone number no test has used yet: {@code +9198765} and 5 digits. */
  static String freshNumber() {
    return String.format("+9198765%05d", 10_000 + NUMBERS.incrementAndGet());
  }

  /** Creates a user with a fresh number through the API and answers its {@code data}. */
  static Answer createUser(Api api, String number) {
    Answer a = api.post("/users", Api.body("first_name", "Test", "last_name", "Agent",
        "device_contact_uri", number));
    assertThat(a.status()).as("create user: %s", a.json()).isEqualTo(200);
    return a;
  }

  /** How many users the account has, straight from the store. */
  int userCount(Api account) {
    return patchbay.store().countUsers(account.sid(), UserFilter.all());
  }

  /** The server's root URL. */
  String root() {
    return base;
  }

  /** The root URL of the listener that serves the Users API's control-plane routes. */
  String sideRoot() {
    return sideBase;
  }

  /** The admin token of that listener. */
  String sideAdminToken() {
    return SIDE_ADMIN_TOKEN;
  }

  /** The server's own control plane (clock, phones, hang-ups), with the admin token. */
  Answer control(String method, String path, String body) {
    return api.raw(method, path, body, "Bearer " + patchbay.adminToken());
  }

  /** The Users API's control-plane routes, with the admin token, or with {@code auth}. */
  Answer sideControl(String method, String path, String body) {
    return sideControl(method, path, body, "Bearer " + SIDE_ADMIN_TOKEN);
  }

  Answer sideControl(String method, String path, String body, String auth) {
    return new Api(http, sideBase, "", auth).raw(method, path, body, auth);
  }

  @Override
  public void close() {
    side.close();
    try {
      sideVertx.close().await();
    } finally {
      patchbay.close();
    }
  }
}
