package io.patchbay.server.callbacks;

import io.patchbay.server.http.Json;
import java.nio.charset.StandardCharsets;

/** The body of a status callback (contract §5). */
final class Payload {
  private Payload() {}

  /**
   * {@code {"event_details":{"event_type":...},"call_details":{...}}}.
   *
   * @param details the call's {@code data} object as GET renders it, as JSON bytes
   */
  static String body(String eventType, byte[] details) {
    byte[] bytes = Json.bytes(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("event_details");
      g.writeStringField("event_type", eventType);
      g.writeEndObject();
      g.writeFieldName("call_details");
      g.writeRawValue(new String(details, StandardCharsets.UTF_8));
      g.writeEndObject();
    });
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
