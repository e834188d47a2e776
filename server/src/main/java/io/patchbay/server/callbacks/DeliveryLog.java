package io.patchbay.server.callbacks;

import com.fasterxml.jackson.core.JsonGenerator;
import io.patchbay.server.http.Json;
import io.patchbay.store.CallbackAttempt;
import io.patchbay.store.StoredCallback;
import java.io.IOException;
import java.util.List;

/** Writes a call's callback delivery log: each callback with its body and every attempt. */
final class DeliveryLog {
  private DeliveryLog() {}

  static byte[] of(String callSid, List<StoredCallback> callbacks,
      List<CallbackAttempt> attempts) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("call_sid", callSid);
      g.writeArrayFieldStart("callbacks");
      for (StoredCallback cb : callbacks) {
        write(g, cb, attempts);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void write(JsonGenerator g, StoredCallback cb, List<CallbackAttempt> attempts)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", cb.id());
    g.writeStringField("event_type", cb.event());
    g.writeStringField("url", cb.url());
    g.writeNumberField("position", cb.position());
    g.writeStringField("state", cb.state().wire());
    g.writeStringField("created_at", cb.createdAt().toString());
    g.writeStringField("next_attempt_at",
        cb.state() == StoredCallback.State.PENDING ? cb.dueAt().toString() : null);
    g.writeFieldName("body");
    g.writeRawValue(cb.body());
    g.writeArrayFieldStart("attempts");
    int number = 0;
    for (CallbackAttempt a : attempts) {
      if (a.callbackId() != cb.id()) {
        continue;
      }
      g.writeStartObject();
      g.writeNumberField("number", ++number);
      g.writeStringField("at", a.at().toString());
      g.writeStringField("url", a.url());
      if (a.status() == null) {
        g.writeNullField("response_status");
      } else {
        g.writeNumberField("response_status", a.status());
      }
      g.writeNumberField("latency_ms", a.latencyMillis());
      g.writeStringField("error", a.error());
      g.writeStringField("note", a.note());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
