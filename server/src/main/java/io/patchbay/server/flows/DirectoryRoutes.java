package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;

/**
 * The rest of the directory as a Patchbay extension under {@code /v2/accounts/{sid}}: ExoPhones
 * (and the flow each runs), the address book and the do-not-call list. The rules live in
 * {@link Directory}; this class only maps HTTP to it. A body must be a JSON object (400/9411).
 */
public final class DirectoryRoutes {
  private DirectoryRoutes() {}

  /** Registers the routes on {@code server}. */
  public static void register(ApiServer server, Store store) {
    Directory d = new Directory(store);
    String base = "/v2/accounts/:sid";
    server.route(HttpMethod.GET, base + "/exophones",
        q -> FlowRoutes.page(d.exoPhones(sid(q)), FlowJson::exoPhone));
    server.route(HttpMethod.POST, base + "/exophones",
        q -> Reply.ok(FlowJson.exoPhone(d.addExoPhone(sid(q), body(q)))));
    server.route(HttpMethod.PUT, base + "/exophones/:number", q -> Reply.ok(FlowJson.exoPhone(
        d.linkExoPhone(sid(q), q.param("number"), body(q)))));
    server.route(HttpMethod.GET, base + "/contacts/:number",
        q -> Reply.ok(FlowJson.contact(d.contact(sid(q), q.param("number")))));
    server.route(HttpMethod.PUT, base + "/contacts/:number", q -> Reply.ok(FlowJson.contact(
        d.putContact(sid(q), q.param("number"), body(q)))));
    server.route(HttpMethod.GET, base + "/do-not-call/:number",
        q -> Reply.ok(FlowJson.doNotCall(d.doNotCall(sid(q), q.param("number")))));
    server.route(HttpMethod.PUT, base + "/do-not-call/:number",
        q -> Reply.ok(FlowJson.doNotCall(d.addDoNotCall(sid(q), q.param("number")))));
    server.route(HttpMethod.DELETE, base + "/do-not-call/:number",
        q -> Reply.ok(FlowJson.doNotCall(d.removeDoNotCall(sid(q), q.param("number")))));
  }

  private static String sid(Request q) {
    return q.account().sid();
  }

  private static JsonNode body(Request q) {
    return FlowCodec.body(q.body(), ErrorCode.DIRECTORY_INVALID);
  }
}
