package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Json;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The rest of the directory as a Patchbay extension under {@code /v2/accounts/{sid}}: ExoPhones
 * (and the flow each runs), the address book and the do-not-call list.
 */
public final class DirectoryRoutes {
  private final Store store;

  private DirectoryRoutes(Store store) {
    this.store = store;
  }

  /** Registers the routes on {@code server}. */
  public static void register(ApiServer server, Store store) {
    DirectoryRoutes r = new DirectoryRoutes(store);
    String base = "/v2/accounts/:sid";
    server.route(HttpMethod.GET, base + "/exophones", r::listExoPhones);
    server.route(HttpMethod.POST, base + "/exophones", r::addExoPhone);
    server.route(HttpMethod.PUT, base + "/exophones/:number", r::linkExoPhone);
    server.route(HttpMethod.GET, base + "/contacts/:number", r::contact);
    server.route(HttpMethod.PUT, base + "/contacts/:number", r::putContact);
    server.route(HttpMethod.GET, base + "/do-not-call/:number", r::doNotCall);
    server.route(HttpMethod.PUT, base + "/do-not-call/:number", r::addDoNotCall);
    server.route(HttpMethod.DELETE, base + "/do-not-call/:number", r::removeDoNotCall);
  }

  private Reply listExoPhones(Request q) {
    String sid = q.account().sid();
    List<byte[]> items = new ArrayList<>();
    for (String number : store.exoPhones(sid)) {
      items.add(exoPhone(number, store.exoPhoneFlow(sid, number).orElse(null)));
    }
    return Reply.page(items, items.size(), 0, items.size());
  }

  private Reply addExoPhone(Request q) {
    JsonNode body = FlowCodec.body(q.body(), ErrorCode.DIRECTORY_INVALID);
    String number = number(FlowCodec.text(body, "number", "exophone"));
    String flowId = flowId(q, body);
    store.addExoPhone(q.account().sid(), number);
    store.linkExoPhone(q.account().sid(), number, flowId);
    return Reply.ok(exoPhone(number, flowId));
  }

  private Reply linkExoPhone(Request q) {
    String number = number(q.param("number"));
    JsonNode body = FlowCodec.body(q.body(), ErrorCode.DIRECTORY_INVALID);
    String flowId = flowId(q, body);
    if (!store.linkExoPhone(q.account().sid(), number, flowId)) {
      throw new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No such ExoPhone in this account");
    }
    return Reply.ok(exoPhone(number, flowId));
  }

  private String flowId(Request q, JsonNode body) {
    JsonNode v = body.get("flow_id");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || store.flow(q.account().sid(), v.textValue()).isEmpty()) {
      throw invalid("flow_id names no flow of this account");
    }
    return v.textValue();
  }

  private Reply contact(Request q) {
    String number = number(q.param("number"));
    String name = store.contactName(q.account().sid(), number).orElseThrow(
        () -> new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, "No contact with this number"));
    return Reply.ok(contactJson(number, name));
  }

  private Reply putContact(Request q) {
    String number = number(q.param("number"));
    JsonNode body = FlowCodec.body(q.body(), ErrorCode.DIRECTORY_INVALID);
    String name = FlowCodec.text(body, "name", "contact");
    if (name == null || name.isBlank() || name.length() > 64) {
      throw invalid("name must be 1 to 64 characters");
    }
    store.putContact(q.account().sid(), number, name);
    return Reply.ok(contactJson(number, name));
  }

  private Reply doNotCall(Request q) {
    String number = number(q.param("number"));
    return Reply.ok(dncJson(number, store.isDoNotCall(q.account().sid(), number)));
  }

  private Reply addDoNotCall(Request q) {
    String number = number(q.param("number"));
    store.addDoNotCall(q.account().sid(), number);
    return Reply.ok(dncJson(number, true));
  }

  private Reply removeDoNotCall(Request q) {
    String number = number(q.param("number"));
    store.removeDoNotCall(q.account().sid(), number);
    return Reply.ok(dncJson(number, false));
  }

  private static String number(String raw) {
    return PhoneNumbers.normalise(raw).orElseThrow(
        () -> invalid("number must be a phone number (E.164 or Indian local form)"));
  }

  private static byte[] exoPhone(String number, String flowId) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", number);
      g.writeStringField("flow_id", flowId);
      g.writeEndObject();
    });
  }

  private static byte[] contactJson(String number, String name) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", number);
      g.writeStringField("name", name);
      g.writeEndObject();
    });
  }

  private static byte[] dncJson(String number, boolean listed) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", number);
      g.writeBooleanField("do_not_call", listed);
      g.writeEndObject();
    });
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.DIRECTORY_INVALID, description);
  }
}
