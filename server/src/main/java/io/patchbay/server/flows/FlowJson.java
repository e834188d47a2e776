package io.patchbay.server.flows;

import com.fasterxml.jackson.core.JsonGenerator;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import io.patchbay.server.http.Json;
import java.io.IOException;

/**
 * The JSON form of flows, groups, ExoPhones, contacts and do-not-call entries: the
 * {@code data} of the extension API's answers and what the CLI prints with {@code --json}.
 */
public final class FlowJson {
  private FlowJson() {}

  /** {@code {"id","name","recording","recording_channels","applets":[...]}}. */
  public static byte[] flow(Flow flow) {
    return Json.bytes(g -> write(g, flow));
  }

  /** {@code {"id","name","members":[user ids in ringing order]}}. */
  public static byte[] group(Group group) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("id", group.id());
      g.writeStringField("name", group.name());
      g.writeArrayFieldStart("members");
      for (String m : group.members()) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@code {"number","flow_id"}}; {@code flow_id} is null when the ExoPhone runs none. */
  public static byte[] exoPhone(Directory.ExoPhone exoPhone) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", exoPhone.number());
      g.writeStringField("flow_id", exoPhone.flowId());
      g.writeEndObject();
    });
  }

  /** {@code {"number","name"}}. */
  public static byte[] contact(Directory.Contact contact) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", contact.number());
      g.writeStringField("name", contact.name());
      g.writeEndObject();
    });
  }

  /** {@code {"number","do_not_call"}}. */
  public static byte[] doNotCall(Directory.DoNotCall entry) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("number", entry.number());
      g.writeBooleanField("do_not_call", entry.listed());
      g.writeEndObject();
    });
  }

  private static void write(JsonGenerator g, Flow flow) throws IOException {
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
}
