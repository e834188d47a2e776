package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.server.TestServer;
import io.patchbay.server.demo.DemoAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process Patchbay (manual clock, no rate limit) with three tenants: the demo account
 * ({@link #demo}), a second account of the same region ({@link #other}) and an account of the
 * other region ({@link #mumbai}). The demo and the other account each have an agent and a
 * finished call, so that every path parameter has a real value in each.
 */
final class World implements AutoCloseable {
  /** A well-formed account sid that no account has. */
  static final String GHOST_SID = "patchbayghost0000000";

  /** An account with its credentials and its fixtures (null or 0 where it has none). */
  record Tenant(String sid, String key, String token, Region region, String virtualNumber,
      String userId, long deviceId, String deviceUri, String email, String callSid,
      String flowId, String groupId, String contactNumber) {
    String basic() {
      return Wire.basic(key, token);
    }

    /** The real value of each path parameter of {@code route} in this account. */
    Map<String, String> params(String route) {
      Map<String, String> p = new HashMap<>();
      p.put("sid", sid);
      p.put("account", sid);
      p.put("callSid", callSid);
      p.put("call", callSid);
      p.put("userId", userId);
      p.put("deviceId", String.valueOf(deviceId));
      p.put("uri", deviceUri);
      p.put("leg", "1");
      p.put("file", "1.wav");
      p.put("id", route.contains("/flows/") ? flowId
          : route.contains("/groups/") ? groupId : "1");
      p.put("number", route.contains("/exophones/") ? virtualNumber : contactNumber);
      return p;
    }
  }

  final TestServer server;
  final Tenant demo;
  final Tenant other;
  final Tenant mumbai;
  private final List<String> numbers = new ArrayList<>();

  private World(Path dir) {
    server = TestServer.start(dir);
    DemoAccount d = server.demo();
    numbers.addAll(List.of(d.virtualNumber(), d.customerNumber()));
    d.agents().forEach(a -> numbers.add(a.contactUri()));
    Tenant bare = new Tenant(d.accountSid(), d.apiKey(), d.apiToken(), d.region(),
        d.virtualNumber(), null, 0, null, null, null, null, null, null);
    demo = populate(bare, "Dina", "dina@demo.example", "+919811100011", "+919811100012");
    other = populate(newTenant(Region.SINGAPORE, "+918045680077"), "Bela",
        "bela@other.example", "+919811100021", "+919811100022");
    mumbai = newTenant(Region.MUMBAI, "+918045680088");
  }

  static World start(Path dir) {
    return new World(dir);
  }

  String root() {
    return server.root();
  }

  int port() {
    return server.patchbay().ports().http();
  }

  String adminToken() {
    return server.patchbay().adminToken();
  }

  /** Every API token and the admin token: none may ever reach a log line. */
  List<String> secrets() {
    return List.of(demo.token, other.token, mumbai.token, adminToken());
  }

  /** Every full phone number the world used. */
  List<String> numbers() {
    return List.copyOf(numbers);
  }

  /** Notes a phone number used by a test, for the log scan. */
  void used(String number) {
    numbers.add(number);
  }

  private Tenant newTenant(Region region, String virtualNumber) {
    String sid = Sids.newAccountSid();
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    server.patchbay().store().createAccount(new Account(sid, "Hardening " + region.id(), region,
        Account.DEFAULT_ZONE, true, Instant.now()),
        new ApiCredential(key, sid, TokenHasher.hash(key, token)));
    server.patchbay().store().addExoPhone(sid, virtualNumber);
    numbers.add(virtualNumber);
    return new Tenant(sid, key, token, region, virtualNumber, null, 0, null, null, null, null,
        null, null);
  }

  /**
   * A new account of {@code region} with an agent and a finished call, for a test that may
   * change or delete them.
   */
  Tenant scratch(String virtualNumber, String agent, String customer) {
    return populate(newTenant(Region.SINGAPORE, virtualNumber), "Scratch", null, agent,
        customer);
  }

  /** Adds an agent (through the Users API) and a finished call to {@code t}. */
  private Tenant populate(Tenant t, String name, String email, String agent, String customer) {
    numbers.addAll(List.of(agent, customer));
    Wire.Answer made = as(t, "POST", "/users", "{\"first_name\":\"" + name + "\","
        + "\"last_name\":\"Agent\","
        + (email == null ? "" : "\"email\":\"" + email + "\",")
        + "\"device_contact_uri\":\"" + agent + "\"}");
    assertThat(made.status()).as("create user: %s", made).isEqualTo(200);
    JsonNode user = made.data();
    Wire.Answer call = as(t, "POST", "/calls", "{\"from\":{\"user_contact_uri\":\"" + agent
        + "\"},\"to\":{\"customer_contact_uri\":\"" + customer + "\"},\"virtual_number\":\""
        + t.virtualNumber + "\"}");
    assertThat(call.status()).as("make call: %s", call).isEqualTo(200);
    server.patchbay().timelines().of(t.sid).advance(Duration.ofMinutes(2));
    String userId = user.get("id").asText();
    String groupId = createdId(t, "/groups", "{\"name\":\"" + name + " group\","
        + "\"members\":[\"" + userId + "\"]}");
    String flowId = createdId(t, "/flows", "{\"name\":\"" + name + " flow\","
        + "\"applets\":[{\"type\":\"hangup\"}]}");
    String contact = customer;
    Wire.Answer named = as(t, "PUT", "/contacts/" + Wire.segment(contact),
        "{\"name\":\"" + name + " Customer\"}");
    if (named.status() == 404 && named.errorCode() == 9404) {
      contact = null;
    }
    return new Tenant(t.sid, t.key, t.token, t.region, t.virtualNumber, userId,
        user.at("/devices/0/id").asLong(), agent, email, call.data().get("call_sid").asText(),
        flowId, groupId, contact);
  }

  /** POSTs {@code body} and answers the new item's id, or null when the route is not served. */
  private String createdId(Tenant t, String path, String body) {
    Wire.Answer a = as(t, "POST", path, body);
    if (a.status() == 404 && a.errorCode() == 9404) {
      return null;
    }
    assertThat(a.status()).as("POST %s: %s", path, a).isEqualTo(200);
    return a.data().get("id").asText();
  }

  /** A public API request of {@code t} to {@code /v2/accounts/{t.sid}{path}}. */
  Wire.Answer as(Tenant t, String method, String path, String body) {
    return Wire.send(method, root() + "/v2/accounts/" + t.sid + path, body,
        Map.of("Authorization", t.basic()));
  }

  /** A control-plane request with the admin token to {@code /_sim/v1/accounts/{sid}{path}}. */
  Wire.Answer admin(String sid, String method, String path, String body) {
    return Wire.send(method, root() + "/_sim/v1/accounts/" + sid + path, body,
        Map.of("Authorization", "Bearer " + adminToken()));
  }

  /** Moves {@code t}'s manual clock on, running its timers. */
  void advance(Tenant t, Duration d) {
    server.patchbay().timelines().of(t.sid).advance(d);
  }

  /** Where the world's store is, for {@link StoreSnapshot#of}: a URL or the data folder. */
  String database() {
    return server.patchbay().config().storeLocation();
  }

  @Override
  public void close() {
    server.close();
  }
}
