package io.patchbay.server.hardening;

import io.patchbay.server.Patchbay;
import io.patchbay.server.http.ApiServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every endpoint Patchbay serves, one row each, in the path syntax of its registration. The
 * isolation matrix, the hostile-input properties and the log scan run over this table, and
 * {@link #registered} finds the routes the server really has, so that a route without a row
 * fails the suite: a new endpoint is one more row here.
 */
final class Endpoints {
  /** Who may call an endpoint. */
  enum Surface {
    /** The CCM API and its extensions: HTTP Basic with the account's key and token. */
    PUBLIC,
    /** The control plane: {@code Authorization: Bearer <admin token>}. */
    CONTROL,
    /**
     * No credentials: the URL itself is the credential (signed recording URLs), or nothing in
     * it belongs to a tenant (metrics).
     */
    OPEN
  }

  /**
   * One endpoint.
   *
   * @param surface who may call it
   * @param method the HTTP method
   * @param route the path as registered, with {@code :name} parameters
   * @param body a body that is valid for it (for PUT/POST), or null
   */
  record Endpoint(Surface surface, String method, String route, String body) {
    String key() {
      return method + " " + route;
    }

    /** The parameter names in the route, in order. */
    List<String> params() {
      Matcher m = PARAM.matcher(route);
      List<String> out = new java.util.ArrayList<>();
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    /** The path with each parameter replaced by its (percent-encoded) value. */
    String path(Map<String, String> values) {
      Matcher m = PARAM.matcher(route);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = values.getOrDefault(m.group(1), "1");
        m.appendReplacement(out, Matcher.quoteReplacement(Wire.segment(v)));
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return surface + " " + key();
    }
  }

  private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");
  private static final String V2 = "/v2/accounts/:sid";
  private static final String SIM = "/_sim/v1/accounts/:sid";

  /** A valid Make Call body for the demo agent. */
  static final String MAKE_CALL = "{\"from\":{\"user_contact_uri\":\"+919876500001\"},"
      + "\"to\":{\"customer_contact_uri\":\"+919812345678\"},"
      + "\"virtual_number\":\"+918045680001\"}";
  /** A valid create-user body with a number no other fixture uses. */
  static final String NEW_USER = "{\"first_name\":\"Matrix\",\"last_name\":\"Row\","
      + "\"device_contact_uri\":\"+919811100099\"}";

  /** A valid flow body. */
  static final String FLOW = "{\"name\":\"Matrix flow\",\"applets\":[{\"type\":\"hangup\"}]}";

  /** The table. */
  static final List<Endpoint> ALL = List.of(
      pub("POST", V2 + "/calls", MAKE_CALL),
      pub("GET", V2 + "/calls/:callSid", null),
      pub("GET", V2 + "/calls/:callSid/legs", null),
      pub("GET", V2 + "/calls/:callSid/callbacks", null),
      pub("POST", V2 + "/users", NEW_USER),
      pub("GET", V2 + "/users", null),
      pub("GET", V2 + "/users/:userId", null),
      pub("PUT", V2 + "/users/:userId", "{\"first_name\":\"Renamed\"}"),
      pub("DELETE", V2 + "/users/:userId", null),
      pub("PUT", V2 + "/users/:userId/devices/:deviceId", "{\"available\":true}"),
      pub("POST", V2 + "/flows", FLOW),
      pub("GET", V2 + "/flows", null),
      pub("GET", V2 + "/flows/:id", null),
      pub("PUT", V2 + "/flows/:id", FLOW),
      pub("DELETE", V2 + "/flows/:id", null),
      pub("POST", V2 + "/groups", "{\"name\":\"Matrix group\",\"members\":[]}"),
      pub("GET", V2 + "/groups", null),
      pub("GET", V2 + "/groups/:id", null),
      pub("PUT", V2 + "/groups/:id", "{\"name\":\"Matrix group\",\"members\":[]}"),
      pub("DELETE", V2 + "/groups/:id", null),
      pub("GET", V2 + "/exophones", null),
      pub("POST", V2 + "/exophones", "{\"number\":\"+918045680055\"}"),
      pub("PUT", V2 + "/exophones/:number", "{\"flow_id\":null}"),
      pub("GET", V2 + "/contacts/:number", null),
      pub("PUT", V2 + "/contacts/:number", "{\"name\":\"Matrix Contact\"}"),
      pub("GET", V2 + "/do-not-call/:number", null),
      pub("PUT", V2 + "/do-not-call/:number", null),
      pub("DELETE", V2 + "/do-not-call/:number", null),
      sim("GET", SIM + "/clock", null),
      sim("POST", SIM + "/clock", "{\"advance_seconds\":0}"),
      sim("PUT", SIM + "/phones/:uri", "{\"outcome\":\"answer\"}"),
      sim("DELETE", SIM + "/phones/:uri", null),
      sim("POST", SIM + "/calls/:callSid/legs/:leg/hangup", null),
      sim("POST", SIM + "/calls/:callSid/legs/:leg/answer", null),
      sim("DELETE", SIM + "/calls", null),
      sim("GET", SIM + "/faults", null),
      sim("POST", SIM + "/faults", "{\"kind\":\"delay\",\"delay_ms\":0}"),
      sim("DELETE", SIM + "/faults", null),
      sim("GET", SIM + "/phones", null),
      sim("GET", SIM + "/rate-limit", null),
      sim("PUT", SIM + "/rate-limit", "{\"per_minute\":0}"),
      sim("POST", SIM + "/devices/:deviceId/verify", null),
      sim("POST", SIM + "/users/:userId/devices", "{\"contact_uri\":\"+919811100098\"}"),
      sim("POST", SIM + "/inbound", "{\"from\":\"+919811100097\",\"to\":\"+918045680001\"}"),
      sim("POST", SIM + "/calls/:callSid/transfer", "{\"to_user_id\":\"" + "0".repeat(32)
          + "\"}"),
      sim("GET", SIM + "/calls/:callSid/callbacks", null),
      sim("POST", SIM + "/calls/:callSid/callbacks/:id/replay", null),
      sim("GET", SIM + "/callback-faults", null),
      sim("POST", SIM + "/callback-faults", "{\"kind\":\"drop\",\"count\":1}"),
      sim("DELETE", SIM + "/callback-faults", null),
      sim("GET", SIM + "/callback-signing", null),
      sim("PUT", SIM + "/callback-signing", "{\"enabled\":false}"),
      open("GET", "/recordings/:account/:call/:file"),
      open("GET", "/metrics"));

  private Endpoints() {}

  private static Endpoint pub(String method, String route, String body) {
    return new Endpoint(Surface.PUBLIC, method, route, body);
  }

  private static Endpoint sim(String method, String route, String body) {
    return new Endpoint(Surface.CONTROL, method, route, body);
  }

  private static Endpoint open(String method, String route) {
    return new Endpoint(Surface.OPEN, method, route, null);
  }

  /** The rows of one surface that the running server has. */
  static List<Endpoint> served(Patchbay patchbay, Surface surface) {
    Set<String> registered = registered(patchbay);
    return ALL.stream().filter(e -> e.surface() == surface)
        .filter(e -> registered.contains(e.key())).toList();
  }

  /**
   * The {@code METHOD path} of every route the running server has, read from its Vert.x
   * router (there is no public accessor, so this reads the two private fields by name).
   */
  static Set<String> registered(Patchbay patchbay) {
    Router router = (Router) field(field(patchbay, "api", Patchbay.class), "router",
        ApiServer.class);
    Set<String> out = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      for (HttpMethod m : route.methods()) {
        out.add(m.name() + " " + route.getPath());
      }
    }
    return out;
  }

  private static Object field(Object owner, String name, Class<?> type) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + name
          + " to list the routes; update Endpoints.registered", e);
    }
  }
}
