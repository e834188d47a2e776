package io.patchbay.server.flows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.server.http.JsonBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes flows and groups on the wire. */
final class FlowCodec {
  private FlowCodec() {}

  static JsonNode body(byte[] body, ErrorCode error) {
    return JsonBodies.object(body, error);
  }

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

  static void write(JsonGenerator g, Flow flow) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", flow.id());
    g.writeStringField("name", flow.name());
    g.writeBooleanField("recording", flow.recording());
    g.writeStringField("recording_channels", flow.recordingChannels());
    g.writeArrayFieldStart("applets");
    for (Applet a : flow.applets()) {
      g.writeStartObject();
      g.writeStringField("type", a.type());
      switch (a) {
        case Applet.Greeting x -> g.writeNumberField("seconds", x.seconds());
        case Applet.Gather x -> g.writeNumberField("max_digits", x.maxDigits());
        case Applet.Connect x -> {
          g.writeStringField("group_id", x.groupId());
          g.writeStringField("user_id", x.userId());
          g.writeNumberField("ring_seconds", x.ringSeconds());
        }
        case Applet.Goto x -> g.writeNumberField("target", x.target());
        case Applet.Hangup x -> { }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static void write(JsonGenerator g, Group group) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", group.id());
    g.writeStringField("name", group.name());
    g.writeArrayFieldStart("members");
    for (String m : group.members()) {
      g.writeString(m);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static ApiException invalid(String description) {
    return new ApiException(ErrorCode.FLOW_INVALID, description);
  }
}
