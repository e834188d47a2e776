package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The flows and agent-groups extension API under {@code /v2/accounts/{sid}}: create, list,
 * read, replace and delete. The rules live in {@link Flows}; this class only maps HTTP to it.
 * A body must be a JSON object (400/9410), checked before anything is looked up.
 */
public final class FlowRoutes {
  private FlowRoutes() {}

  /** Registers the routes on {@code server}. */
  public static void register(ApiServer server, Store store) {
    Flows f = new Flows(store);
    String base = "/v2/accounts/:sid";
    server.route(HttpMethod.POST, base + "/flows",
        q -> flow(f.createFlow(sid(q), body(q))));
    server.route(HttpMethod.GET, base + "/flows",
        q -> page(f.flows(sid(q)), FlowJson::flow));
    server.route(HttpMethod.GET, base + "/flows/:id",
        q -> flow(f.flow(sid(q), q.param("id"))));
    server.route(HttpMethod.PUT, base + "/flows/:id",
        q -> flow(f.replaceFlow(sid(q), q.param("id"), body(q))));
    server.route(HttpMethod.DELETE, base + "/flows/:id",
        q -> flow(f.deleteFlow(sid(q), q.param("id"))));
    server.route(HttpMethod.POST, base + "/groups",
        q -> group(f.createGroup(sid(q), body(q))));
    server.route(HttpMethod.GET, base + "/groups",
        q -> page(f.groups(sid(q)), FlowJson::group));
    server.route(HttpMethod.GET, base + "/groups/:id",
        q -> group(f.group(sid(q), q.param("id"))));
    server.route(HttpMethod.PUT, base + "/groups/:id",
        q -> group(f.replaceGroup(sid(q), q.param("id"), body(q))));
    server.route(HttpMethod.DELETE, base + "/groups/:id",
        q -> group(f.deleteGroup(sid(q), q.param("id"))));
  }

  private static String sid(Request q) {
    return q.account().sid();
  }

  private static JsonNode body(Request q) {
    return FlowCodec.body(q.body(), ErrorCode.FLOW_INVALID);
  }

  private static Reply flow(Flow flow) {
    return Reply.ok(FlowJson.flow(flow));
  }

  private static Reply group(Group group) {
    return Reply.ok(FlowJson.group(group));
  }

  /** The whole list as one page: accounts have few flows and groups. */
  static <T> Reply page(List<T> all, Function<T, byte[]> json) {
    List<byte[]> items = new ArrayList<>(all.size());
    all.forEach(x -> items.add(json.apply(x)));
    return Reply.page(items, items.size(), 0, items.size());
  }
}
