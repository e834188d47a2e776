package io.patchbay.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Applet;
import io.patchbay.server.http.JsonBodies;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads flows and groups from their JSON form, the same for the API and the CLI. It checks
 * types only; {@link io.patchbay.core.flow.FlowRules} checks values.
 */
final class FlowCodec {
  private FlowCodec() {}

  /**
   * Parses a body as a JSON object.
   *
   * @throws ApiException with {@code error} when it is empty, not JSON or not an object
   */
  static JsonNode body(byte[] body, ErrorCode error) {
    return JsonBodies.object(body, error);
  }

  /** The applets of a flow body; omitted numbers take their defaults. */
  static List<Applet> applets(JsonNode root) {
    JsonNode list = root.get("applets");
    if (list == null || !list.isArray()) {
      throw invalid("applets must be an array");
    }
    List<Applet> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String where = "applets[" + i + "]";
      if (!n.isObject()) {
        throw invalid(where + " must be an object");
      }
      String type = text(n, "type", where);
      out.add(switch (type == null ? "" : type) {
        case "greeting" -> new Applet.Greeting(integer(n, "seconds", where, 0));
        case "gather" -> new Applet.Gather(integer(n, "max_digits", where, 1));
        case "connect", "transfer" -> new Applet.Connect(text(n, "group_id", where),
            text(n, "user_id", where), integer(n, "ring_seconds", where, 30),
            type.equals("transfer"));
        case "goto" -> new Applet.Goto(integer(n, "target", where, -1));
        case "hangup" -> new Applet.Hangup();
        default -> throw invalid(where + ".type must be greeting, gather, connect, transfer,"
            + " goto or hangup");
      });
    }
    return out;
  }

  /** The member user ids of a group body, in order. */
  static List<String> members(JsonNode root) {
    JsonNode list = root.get("members");
    if (list == null || !list.isArray()) {
      throw invalid("members must be an array of user ids");
    }
    List<String> members = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual()) {
        throw invalid("members[" + i + "] must be a user id");
      }
      members.add(list.get(i).textValue());
    }
    return members;
  }

  /** A string member of a flow or group body, or null; reported as {@code where.key}. */
  static String text(JsonNode n, String key, String where) {
    return JsonBodies.text(n, key, where + "." + key, ErrorCode.FLOW_INVALID);
  }

  private static int integer(JsonNode n, String key, String where, int byDefault) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return byDefault;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw invalid(where + "." + key + " must be a whole number");
    }
    return v.intValue();
  }

  static ApiException invalid(String description) {
    return new ApiException(ErrorCode.FLOW_INVALID, description);
  }
}
