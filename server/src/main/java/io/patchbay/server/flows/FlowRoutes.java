package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.FlowRules;
import io.patchbay.core.flow.Group;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Json;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The flows and agent-groups extension API under {@code /v2/accounts/{sid}}: create, list,
 * read, replace and delete, each validated by {@link FlowRules}.
 */
public final class FlowRoutes {
  private final Store store;
  private final ReentrantLock lock = new ReentrantLock();

  private FlowRoutes(Store store) {
    this.store = store;
  }

  /** Registers the routes on {@code server}. */
  public static void register(ApiServer server, Store store) {
    FlowRoutes r = new FlowRoutes(store);
    String base = "/v2/accounts/:sid";
    server.route(HttpMethod.POST, base + "/flows", q -> r.putFlow(q, Sids.newUserId()));
    server.route(HttpMethod.GET, base + "/flows", r::listFlows);
    server.route(HttpMethod.GET, base + "/flows/:id", q -> Reply.ok(flowJson(r.flow(q))));
    server.route(HttpMethod.PUT, base + "/flows/:id", q -> r.putFlow(q, r.flow(q).id()));
    server.route(HttpMethod.DELETE, base + "/flows/:id", r::deleteFlow);
    server.route(HttpMethod.POST, base + "/groups", q -> r.putGroup(q, Sids.newUserId()));
    server.route(HttpMethod.GET, base + "/groups", r::listGroups);
    server.route(HttpMethod.GET, base + "/groups/:id", q -> Reply.ok(groupJson(r.group(q))));
    server.route(HttpMethod.PUT, base + "/groups/:id", q -> r.putGroup(q, r.group(q).id()));
    server.route(HttpMethod.DELETE, base + "/groups/:id", r::deleteGroup);
  }

  private Flow flow(Request q) {
    return store.flow(q.account().sid(), q.param("id")).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No flow with this id"));
  }

  private Group group(Request q) {
    return store.group(q.account().sid(), q.param("id")).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No group with this id"));
  }

  private Reply putFlow(Request q, String id) {
    String sid = q.account().sid();
    JsonNode body = FlowCodec.body(q.body(), ErrorCode.FLOW_INVALID);
    String name = FlowCodec.text(body, "name", "flow");
    List<Applet> applets = FlowCodec.applets(body);
    JsonNode rec = body.get("recording");
    if (rec != null && !rec.isNull() && !rec.isBoolean()) {
      throw FlowCodec.invalid("recording must be a boolean");
    }
    String channels = FlowCodec.text(body, "recording_channels", "flow");
    if (channels != null && !channels.equals("single") && !channels.equals("dual")) {
      throw FlowCodec.invalid("recording_channels must be single or dual");
    }
    String problem = FlowRules.check(name, applets,
        g -> store.group(sid, g).map(x -> !x.members().isEmpty()).orElse(false),
        u -> store.user(sid, u).isPresent());
    if (problem != null) {
      throw FlowCodec.invalid(problem);
    }
    Flow flow = new Flow(id, sid, name, applets, rec != null && rec.asBoolean(),
        channels == null ? "single" : channels);
    store.putFlow(flow);
    return Reply.ok(flowJson(flow));
  }

  private Reply listFlows(Request q) {
    List<byte[]> items = new ArrayList<>();
    store.flows(q.account().sid()).forEach(f -> items.add(flowJson(f)));
    return Reply.page(items, items.size(), 0, items.size());
  }

  private Reply deleteFlow(Request q) {
    Flow flow = flow(q);
    store.deleteFlow(q.account().sid(), flow.id());
    return Reply.ok(flowJson(flow));
  }

  private Reply putGroup(Request q, String id) {
    String sid = q.account().sid();
    JsonNode body = FlowCodec.body(q.body(), ErrorCode.FLOW_INVALID);
    String name = FlowCodec.text(body, "name", "group");
    JsonNode list = body.get("members");
    if (list == null || !list.isArray()) {
      throw FlowCodec.invalid("members must be an array of user ids");
    }
    List<String> members = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual()) {
        throw FlowCodec.invalid("members[" + i + "] must be a user id");
      }
      members.add(list.get(i).textValue());
    }
    String problem = FlowRules.checkGroup(name, members, u -> store.user(sid, u).isPresent());
    if (problem != null) {
      throw FlowCodec.invalid(problem);
    }
    Group group = new Group(id, sid, name, members);
    store.putGroup(group);
    return Reply.ok(groupJson(group));
  }

  private Reply listGroups(Request q) {
    List<byte[]> items = new ArrayList<>();
    store.groups(q.account().sid()).forEach(g -> items.add(groupJson(g)));
    return Reply.page(items, items.size(), 0, items.size());
  }

  private Reply deleteGroup(Request q) {
    lock.lock();
    try {
      Group group = group(q);
      List<String> users = new ArrayList<>();
      for (Flow f : store.flows(q.account().sid())) {
        for (Applet a : f.applets()) {
          if (a instanceof Applet.Connect c && group.id().equals(c.groupId())) {
            users.add(f.name());
          }
        }
      }
      if (!users.isEmpty()) {
        throw FlowCodec.invalid("the group is used by flow(s) " + String.join(", ", users)
            + "; change them first");
      }
      store.deleteGroup(q.account().sid(), group.id());
      return Reply.ok(groupJson(group));
    } finally {
      lock.unlock();
    }
  }

  private static byte[] flowJson(Flow flow) {
    return Json.bytes(g -> FlowCodec.write(g, flow));
  }

  private static byte[] groupJson(Group group) {
    return Json.bytes(g -> FlowCodec.write(g, group));
  }
}
