package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.patchbay.core.account.Sids;
import io.patchbay.server.hardening.Endpoints.Endpoint;
import io.patchbay.server.hardening.Endpoints.Surface;
import io.patchbay.server.hardening.World.Tenant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 part 1, isolation: every endpoint of {@link Endpoints} with the credentials of
 * another account, of the other region, wrong, missing and malformed. Each answers as the
 * contract says (401/1010 on the public API, 401/9401 on the control plane) and reveals
 * nothing: the envelope, minus {@code request_id} and with what the request itself said put
 * back as placeholders, is the same whether the account or resource exists elsewhere or does
 * not exist at all, and the same on every endpoint.
 */
class IsolationMatrixTest {
  private static final String MUMBAI_HOST = "ccm-api.in.exotel.com";

  @TempDir
  static Path dir;

  static World world;

  @BeforeAll
  static void start() {
    world = World.start(dir);
  }

  @AfterAll
  static void stop() {
    Figures.print(IsolationMatrixTest.class);
    world.close();
  }

  private static Wire.Answer send(Endpoint e, Map<String, String> params,
      Map<String, String> headers) {
    Figures.add(IsolationMatrixTest.class, "requests", 1);
    return Wire.send(e.method(), world.root() + e.path(params), e.body(), headers);
  }

  /** The values of every path parameter that name nothing anywhere, in a ghost account. */
  private static Map<String, String> ghostParams(String route) {
    Map<String, String> p = new HashMap<>(world.demo.params(route));
    p.put("sid", World.GHOST_SID);
    p.put("account", World.GHOST_SID);
    String call = Sids.newCallSid();
    p.put("callSid", call);
    p.put("call", call);
    p.put("userId", Sids.newUserId());
    p.put("deviceId", "987654321");
    p.put("uri", "+919811199999");
    p.put("number", "+919811199998");
    p.put("id", Sids.newUserId());
    return p;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The bad credentials of the public API: header values (null: no header at all). */
  private static Map<String, Function<World, String>> badPublicCredentials() {
    Map<String, Function<World, String>> c = new LinkedHashMap<>();
    c.put("missing", w -> null);
    c.put("empty header", w -> "");
    c.put("admin bearer token", w -> "Bearer " + w.adminToken());
    c.put("Digest scheme", w -> "Digest username=\"" + w.demo.key() + "\"");
    c.put("Basic without value", w -> "Basic");
    c.put("Basic not base64", w -> "Basic %%%not-base64%%%");
    c.put("Basic without colon", w -> "Basic " + b64(w.demo.key() + w.demo.token()));
    c.put("Basic empty token", w -> "Basic " + b64(w.demo.key() + ":"));
    c.put("Basic empty key", w -> "Basic " + b64(":" + w.demo.token()));
    c.put("key and token swapped", w -> Wire.basic(w.demo.token(), w.demo.key()));
    c.put("wrong token", w -> Wire.basic(w.demo.key(), Sids.newApiToken()));
    c.put("token off by one character", w -> Wire.basic(w.demo.key(),
        w.demo.token().substring(0, 47) + (w.demo.token().endsWith("0") ? "1" : "0")));
    c.put("unknown key", w -> Wire.basic(Sids.newApiKey(), w.demo.token()));
    c.put("another account's key and token", w -> w.other.basic());
    c.put("another account's key, this token", w -> Wire.basic(w.other.key(),
        w.demo.token()));
    c.put("the other region's key and token", w -> w.mumbai.basic());
    return c;
  }

  @Test
  void everyRegisteredRoute_hasARowInTheMatrix() {
    Set<String> rows = new LinkedHashSet<>();
    Endpoints.ALL.forEach(e -> rows.add(e.key()));
    Set<String> registered = Endpoints.registered(world.server.patchbay());

    List<String> missing = registered.stream().filter(r -> !rows.contains(r)).toList();
    List<String> notServed = rows.stream().filter(r -> !registered.contains(r)).toList();
    if (!notServed.isEmpty()) {
      System.out.println("Matrix rows the server does not serve (yet): " + notServed);
    }

    assertThat(missing).as("routes without a row in Endpoints.ALL: add one row each "
        + "(surface, method, route, a valid body)").isEmpty();
    assertThat(registered).as("the server's routes").isNotEmpty();
  }

  @TestFactory
  List<DynamicNode> publicApi_badOrForeignCredentials_answer401SameWhetherAccountExistsOrNot() {
    List<Endpoint> rows = Endpoints.served(world.server.patchbay(), Surface.PUBLIC);
    List<DynamicNode> cases = new ArrayList<>();
    badPublicCredentials().forEach((name, credential) -> {
      Set<String> answers = new LinkedHashSet<>();
      List<DynamicNode> tests = new ArrayList<>();
      for (Endpoint e : rows) {
        tests.add(dynamicTest(e.key(), () -> {
          String header = credential.apply(world);
          Map<String, String> headers = header == null ? Map.of()
              : Map.of("Authorization", header);
          Map<String, String> real = world.demo.params(e.route());
          Map<String, String> ghost = ghostParams(e.route());
          String before = StoreSnapshot.of(world.database());

          Wire.Answer existing = send(e, real, headers);
          Wire.Answer unknown = send(e, ghost, headers);

          Envelopes.assertFailure(existing, e.method(), 401, 1010);
          Envelopes.assertFailure(unknown, e.method(), 401, 1010);
          assertThat(existing.header("www-authenticate")).isEqualTo("Basic realm=\"Patchbay\"");
          String a = Envelopes.comparable(existing, Map.of("sid", world.demo.sid()));
          String b = Envelopes.comparable(unknown, Map.of("sid", World.GHOST_SID));
          assertThat(a).as("exists vs does not exist").isEqualTo(b);
          assertNothingRevealed(existing);
          assertThat(StoreSnapshot.of(world.database())).as("store unchanged")
              .isEqualTo(before);
          answers.add(a);
        }));
      }
      tests.add(dynamicTest("the same answer on every endpoint", () ->
          assertThat(answers).as("distinct answers").hasSize(1)));
      cases.add(dynamicContainer(name, tests));
    });
    return cases;
  }

  @TestFactory
  List<DynamicNode> publicApi_theWrongRegion_answers401OnEveryEndpoint() {
    List<Endpoint> rows = Endpoints.served(world.server.patchbay(), Surface.PUBLIC);
    Map<String, Function<Endpoint, Wire.Answer>> cases = new LinkedHashMap<>();
    cases.put("a Mumbai account on the default (Singapore) host", e -> {
      Map<String, String> p = new HashMap<>(world.demo.params(e.route()));
      p.put("sid", world.mumbai.sid());
      return send(e, p, Map.of("Authorization", world.mumbai.basic()));
    });
    cases.put("a Singapore account on the Mumbai host", e -> send(e, world.demo.params(e.route()),
        Map.of("Authorization", world.demo.basic(), "Host", MUMBAI_HOST)));
    List<DynamicNode> out = new ArrayList<>();
    cases.forEach((name, request) -> {
      Set<String> answers = new LinkedHashSet<>();
      List<DynamicNode> tests = new ArrayList<>();
      for (Endpoint e : rows) {
        tests.add(dynamicTest(e.key(), () -> {
          Wire.Answer a = request.apply(e);
          Envelopes.assertFailure(a, e.method(), 401, 1010);
          assertNothingRevealed(a);
          answers.add(Envelopes.comparable(a, Map.of()));
        }));
      }
      tests.add(dynamicTest("the same answer on every endpoint", () ->
          assertThat(answers).hasSize(1)));
      out.add(dynamicContainer(name, tests));
    });
    return out;
  }

  @Test
  void mumbaiAccount_onTheMumbaiHost_isServed() {
    Wire.Answer a = Wire.send("GET", world.root() + "/v2/accounts/" + world.mumbai.sid()
        + "/users", (String) null, Map.of("Authorization", world.mumbai.basic(),
            "Host", MUMBAI_HOST));

    assertThat(a.status()).as("%s", a).isEqualTo(200);
  }

  @TestFactory
  List<DynamicNode> controlPlane_missingOrWrongAdminToken_answer401SameWhetherAccountExists() {
    Map<String, Function<World, String>> creds = new LinkedHashMap<>();
    creds.put("missing", w -> null);
    creds.put("empty header", w -> "");
    creds.put("Bearer without token", w -> "Bearer ");
    creds.put("wrong token", w -> "Bearer " + Sids.newApiToken());
    creds.put("admin token with a suffix", w -> "Bearer " + w.adminToken() + "x");
    creds.put("admin token's prefix", w -> "Bearer " + w.adminToken().substring(0, 47));
    creds.put("an account's API token", w -> "Bearer " + w.demo.token());
    creds.put("an account's Basic credentials", w -> w.demo.basic());
    creds.put("admin token as Basic", w -> Wire.basic("admin", w.adminToken()));
    List<Endpoint> rows = Endpoints.served(world.server.patchbay(), Surface.CONTROL);
    List<DynamicNode> out = new ArrayList<>();
    creds.forEach((name, credential) -> {
      Set<String> answers = new LinkedHashSet<>();
      List<DynamicNode> tests = new ArrayList<>();
      for (Endpoint e : rows) {
        tests.add(dynamicTest(e.key(), () -> {
          String header = credential.apply(world);
          Map<String, String> headers = header == null ? Map.of()
              : Map.of("Authorization", header);
          String before = StoreSnapshot.of(world.database());

          Wire.Answer existing = send(e, world.demo.params(e.route()), headers);
          Wire.Answer unknown = send(e, ghostParams(e.route()), headers);

          Envelopes.assertFailure(existing, e.method(), 401, 9401);
          Envelopes.assertFailure(unknown, e.method(), 401, 9401);
          String a = Envelopes.comparable(existing, Map.of());
          assertThat(a).isEqualTo(Envelopes.comparable(unknown, Map.of()));
          assertNothingRevealed(existing);
          assertThat(StoreSnapshot.of(world.database())).isEqualTo(before);
          answers.add(a);
        }));
      }
      tests.add(dynamicTest("the same answer on every endpoint", () ->
          assertThat(answers).hasSize(1)));
      out.add(dynamicContainer(name, tests));
    });
    return out;
  }

  @TestFactory
  List<DynamicNode> openRoutes_withoutAValidSignature_answerSameWhetherAccountExists() {
    List<DynamicNode> out = new ArrayList<>();
    for (Endpoint e : Endpoints.served(world.server.patchbay(), Surface.OPEN)) {
      if (!e.params().contains("account")) {
        continue;
      }
      out.add(dynamicTest(e.key(), () -> {
        String query = "?expires=4102444800&signature=" + "0".repeat(64);
        Map<String, String> ghost = ghostParams(e.route());
        Wire.Answer existing = Wire.send(e.method(), world.root()
            + e.path(world.demo.params(e.route())) + query, (String) null,
            Map.of("Authorization", world.demo.basic()));
        Wire.Answer unknown = Wire.send(e.method(), world.root() + e.path(ghost) + query,
            (String) null, Map.of());
        Figures.add(IsolationMatrixTest.class, "requests", 2);

        Envelopes.assertClientError(existing, e.method());
        assertThat(Envelopes.comparable(existing, Map.of(
            "sid", world.demo.sid(), "call", world.demo.callSid())))
            .isEqualTo(Envelopes.comparable(unknown, Map.of(
                "sid", World.GHOST_SID, "call", ghost.get("call"))));
      }));
    }
    return out;
  }

  /**
   * For each row with a resource in its path, that resource of another account answers
   * exactly as a resource that does not exist, and nothing changes. Phone numbers in paths are
   * only looked up (GET): writing to one's own entry for a number is not another's resource.
   */
  @TestFactory
  List<DynamicNode> resourceOfAnotherAccount_inOwnPath_answersExactlyAsAnUnknownOne() {
    List<DynamicNode> out = new ArrayList<>();
    List<Endpoint> rows = new ArrayList<>(
        Endpoints.served(world.server.patchbay(), Surface.PUBLIC));
    rows.addAll(Endpoints.served(world.server.patchbay(), Surface.CONTROL));
    for (Endpoint e : rows) {
      Map<String, String> ghost = ghostParams(e.route());
      Map<String, String> theirs = world.other.params(e.route());
      for (String param : e.params()) {
        boolean resource = Set.of("callSid", "userId", "deviceId").contains(param)
            || param.equals("id") && (e.route().contains("/flows/")
                || e.route().contains("/groups/"))
            || param.equals("number") && e.method().equals("GET");
        if (!resource || theirs.get(param) == null) {
          continue;
        }
        out.add(dynamicTest(e.key() + " with another account's " + param, () -> {
          Map<String, String> headers = e.surface() == Surface.PUBLIC
              ? Map.of("Authorization", world.demo.basic())
              : Map.of("Authorization", "Bearer " + world.adminToken());
          Map<String, String> foreign = new HashMap<>(world.demo.params(e.route()));
          foreign.put(param, theirs.get(param));
          Map<String, String> unknown = new HashMap<>(world.demo.params(e.route()));
          unknown.put(param, ghost.get(param));
          String before = StoreSnapshot.of(world.database());

          Wire.Answer a = send(e, foreign, headers);
          Wire.Answer b = send(e, unknown, headers);

          Envelopes.assertEnvelope(a, e.method());
          assertThat(a.status()).as("%s", a).isLessThan(500);
          if (!param.equals("number")) {
            assertThat(a.status()).as("%s", a).isBetween(400, 499);
          }
          assertThat(Envelopes.comparable(a, Map.of(param, foreign.get(param))))
              .isEqualTo(Envelopes.comparable(b, Map.of(param, unknown.get(param))));
          assertThat(a.text()).doesNotContain(world.other.sid());
          assertThat(StoreSnapshot.of(world.database())).as("store unchanged")
              .isEqualTo(before);
        }));
      }
    }
    return out;
  }

  @Test
  void makeCall_anotherAccountsAgentOrNumber_answersExactlyAsAnUnknownOne() {
    Tenant b = world.other;
    String template = "{\"from\":{\"%s\":\"%s\"},\"to\":{\"customer_contact_uri\":"
        + "\"+919812345678\"},\"virtual_number\":\"%s\"}";
    String agent = world.server.demo().agents().get(0).contactUri();
    String before = StoreSnapshot.of(world.database());
    List<String[]> pairs = List.of(
        new String[] {String.format(template, "user_id", b.userId(), world.demo.virtualNumber()),
            String.format(template, "user_id", Sids.newUserId(), world.demo.virtualNumber())},
        new String[] {String.format(template, "user_contact_uri", b.deviceUri(),
            world.demo.virtualNumber()), String.format(template, "user_contact_uri",
            "+919811188888", world.demo.virtualNumber())},
        new String[] {String.format(template, "user_contact_uri", agent, b.virtualNumber()),
            String.format(template, "user_contact_uri", agent, "+918045689999")});

    for (String[] pair : pairs) {
      Wire.Answer foreign = world.as(world.demo, "POST", "/calls", pair[0]);
      Wire.Answer unknown = world.as(world.demo, "POST", "/calls", pair[1]);
      Figures.add(IsolationMatrixTest.class, "requests", 2);

      assertThat(foreign.status()).as("%s", foreign).isEqualTo(404);
      assertThat(Envelopes.comparable(foreign, Map.of()))
          .isEqualTo(Envelopes.comparable(unknown, Map.of()));
    }
    assertThat(StoreSnapshot.of(world.database())).isEqualTo(before);
  }

  @Test
  void userList_filteredByAnotherAccountsNumberOrEmail_answersAsForAnUnknownOne() {
    Tenant b = world.other;
    List<String[]> pairs = List.of(
        new String[] {"devices.contact_uri=" + Wire.segment(b.deviceUri()),
            "devices.contact_uri=" + Wire.segment("+919811177777")},
        new String[] {"email=" + Wire.segment(b.email()),
            "email=" + Wire.segment("nobody@other.example")});

    for (String[] pair : pairs) {
      Wire.Answer foreign = world.as(world.demo, "GET", "/users?" + pair[0], null);
      Wire.Answer unknown = world.as(world.demo, "GET", "/users?" + pair[1], null);
      Figures.add(IsolationMatrixTest.class, "requests", 2);

      assertThat(foreign.status()).as("%s", foreign).isEqualTo(200);
      assertThat(foreign.json().at("/metadata/total").asInt()).isZero();
      assertThat(Envelopes.comparable(foreign, Map.of()))
          .isEqualTo(Envelopes.comparable(unknown, Map.of()));
    }
  }

  @Test
  void createUser_withAnotherAccountsNumberAndEmail_succeedsWithoutRevealingThem() {
    Tenant b = world.other;
    Wire.Answer made = world.as(world.demo, "POST", "/users", "{\"first_name\":\"Twin\","
        + "\"last_name\":\"Agent\",\"email\":\"" + b.email() + "\","
        + "\"device_contact_uri\":\"" + b.deviceUri() + "\"}");
    Figures.add(IsolationMatrixTest.class, "requests", 2);

    assertThat(made.status()).as("%s", made).isEqualTo(200);
    assertThat(made.text()).doesNotContain(b.userId()).doesNotContain(b.sid());
    Wire.Answer deleted = world.as(world.demo, "DELETE", "/users/"
        + made.data().get("id").asText(), null);
    assertThat(deleted.status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethods_underAnyAccount_answerTheSameWithoutAuthentication() {
    Map<String, String> cases = Map.of("/nope", "GET", "/calls", "DELETE",
        "/users/" + world.demo.userId() + "/nope", "GET");
    cases.forEach((suffix, method) -> {
      Wire.Answer existing = Wire.send(method, world.root() + "/v2/accounts/"
          + world.demo.sid() + suffix, (String) null, Map.of());
      Wire.Answer unknown = Wire.send(method, world.root() + "/v2/accounts/" + World.GHOST_SID
          + suffix, (String) null, Map.of());
      Figures.add(IsolationMatrixTest.class, "requests", 2);

      Envelopes.assertClientError(existing, method);
      assertThat(Envelopes.comparable(existing, Map.of("sid", world.demo.sid())))
          .isEqualTo(Envelopes.comparable(unknown, Map.of("sid", World.GHOST_SID)));
    });
  }

  /** Every row, with its own credentials, reaches its handler: no 401, no unknown route. */
  @TestFactory
  List<DynamicNode> everyRow_withItsOwnCredentials_reachesItsHandler() {
    Tenant scratch = world.scratch("+918045680066", "+919811100031", "+919811100032");
    world.advance(scratch, java.time.Duration.ofMinutes(1));
    world.used("+919811100099");
    world.used("+919811100098");
    List<DynamicNode> out = new ArrayList<>();
    for (Endpoint e : Endpoints.ALL) {
      if (e.surface() == Surface.OPEN
          || !Endpoints.registered(world.server.patchbay()).contains(e.key())) {
        continue;
      }
      out.add(dynamicTest(e.key(), () -> {
        Map<String, String> headers = e.surface() == Surface.PUBLIC
            ? Map.of("Authorization", scratch.basic())
            : Map.of("Authorization", "Bearer " + world.adminToken());
        Wire.Answer a = send(e, scratch.params(e.route()), headers);

        Envelopes.assertEnvelope(a, e.method());
        assertThat(a.status()).as("%s", a).isNotEqualTo(401).isLessThan(500);
        assertThat(a.errorCode()).as("%s", a).isNotIn(1010, 9401, 9405);
        if (a.errorCode() == 9404) {
          assertThat(a.json().at("/response/error_data/description").asText()).as("%s", a)
              .doesNotStartWith("No such resource");
        }
      }));
    }
    return out;
  }

  @Test
  void metrics_afterTrafficOfEveryTenant_nameNoTenantCallUserOrNumber() {
    Wire.Answer a = Wire.send("GET", world.root() + "/metrics", (String) null, Map.of());
    Figures.add(IsolationMatrixTest.class, "requests", 1);
    if (a.status() == 404) {
      return;
    }

    assertThat(a.status()).isEqualTo(200);
    String text = a.text();
    for (Tenant t : List.of(world.demo, world.other, world.mumbai)) {
      assertThat(text).doesNotContain(t.sid()).doesNotContain(t.key());
      if (t.userId() != null) {
        assertThat(text).doesNotContain(t.userId()).doesNotContain(t.callSid())
            .doesNotContain(t.deviceUri().substring(3));
      }
    }
    for (String number : world.numbers()) {
      assertThat(text).doesNotContain(number.substring(3));
    }
    for (String secret : world.secrets()) {
      assertThat(text).doesNotContain(secret);
    }
  }

  /** Nothing of another tenant, and no secret, is in {@code a}'s body. */
  private static void assertNothingRevealed(Wire.Answer a) {
    String text = a.text();
    for (String secret : world.secrets()) {
      assertThat(text).as("a secret in %s", a).doesNotContain(secret);
    }
    for (Tenant t : List.of(world.demo, world.other, world.mumbai)) {
      assertThat(text).doesNotContain(t.key());
      if (t.userId() != null) {
        assertThat(text).doesNotContain(t.userId()).doesNotContain(t.callSid());
      }
    }
    assertThat(text).doesNotContain(world.other.sid());
  }
}
