package io.patchbay.server.call;

import com.fasterxml.jackson.core.JsonGenerator;
import io.patchbay.core.call.CallDetails;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.LegStatus;
import io.patchbay.core.call.WireTime;
import io.patchbay.server.http.Json;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes call details with the key names, order and types of the published sample.
 */
public final class CallJson {
  private static final DateTimeFormatter TIME = WireTime.FORMAT;

  private CallJson() {}

  /** The {@code data} object of a call, as bytes. */
  public static byte[] details(CallDetails d) {
    return Json.bytes(g -> write(g, d));
  }

  /** Writes the {@code data} object of a call. */
  public static void write(JsonGenerator g, CallDetails d) throws IOException {
    g.writeStartObject();
    g.writeStringField("call_sid", d.callSid());
    g.writeStringField("direction", d.direction().wire());
    g.writeStringField("virtual_number", d.virtualNumber());
    g.writeStringField("call_state", d.callState());
    g.writeStringField("call_status", d.callStatus() == null ? null : d.callStatus().wire());

    g.writeObjectFieldStart("assigned_agent_details");
    g.writeStringField("user_id", d.agent().userId());
    g.writeStringField("user_name", d.agent().userName());
    g.writeStringField("contact_uri", d.agent().contactUri());
    g.writeStringField("group_id", d.agent().groupId());
    g.writeStringField("group_name", d.agent().groupName());
    g.writeStringField("status", status(d.agentStatus()));
    g.writeEndObject();

    g.writeObjectFieldStart("customer_details");
    g.writeStringField("contact_name", d.customerName());
    g.writeStringField("contact_uri", d.customerUri());
    g.writeStringField("status", status(d.customerStatus()));
    g.writeEndObject();

    g.writeStringField("created_time", time(d.createdTime()));
    g.writeStringField("updated_time", time(d.updatedTime()));
    g.writeStringField("start_time", time(d.startTime()));
    g.writeStringField("end_time", time(d.endTime()));
    writeLong(g, "total_duration", d.totalDuration());
    writeLong(g, "total_talk_time", d.totalTalkTime());
    g.writeStringField("custom_field", d.customField());
    g.writeStringField("app_id", d.appId());
    g.writeStringField("app_name", d.appName());
    g.writeStringField("digits", d.digits());
    if (d.recordingUrls() == null) {
      g.writeNullField("recordings");
    } else {
      g.writeArrayFieldStart("recordings");
      for (String url : d.recordingUrls()) {
        g.writeStartObject();
        g.writeStringField("url", url);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The legs extension: every event of the log, in order. */
  public static void writeEvents(JsonGenerator g, String callSid, List<CallEvent> events)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("call_sid", callSid);
    g.writeArrayFieldStart("events");
    for (CallEvent e : events) {
      g.writeStartObject();
      g.writeNumberField("seq", e.seq());
      g.writeStringField("at", e.at().toString());
      g.writeStringField("type", e.type().wire());
      g.writeNumberField("leg", e.leg());
      g.writeObjectFieldStart("data");
      for (Map.Entry<String, String> entry : new java.util.TreeMap<>(e.data()).entrySet()) {
        g.writeStringField(entry.getKey(), entry.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String status(LegStatus s) {
    return s == null ? null : s.wire();
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : TIME.format(t);
  }

  private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }
}
