package io.patchbay.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.patchbay.core.error.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the v2 envelope of contract §2 around data, a list or an error. */
public final class Envelope {
  private Envelope() {}

  /** A success envelope around {@code data}, which is one JSON value as bytes. */
  public static byte[] success(String requestId, String method, int status, byte[] data) {
    return Json.bytes(g -> {
      head(g, requestId, method, status);
      g.writeNullField("metadata");
      g.writeFieldName("response");
      item(g, status, data);
      g.writeEndObject();
    });
  }

  /** A list envelope: {@code metadata} and an array of per-item responses. */
  public static byte[] list(String requestId, String method, int total, int offset, int limit,
      List<byte[]> items) {
    return Json.bytes(g -> {
      head(g, requestId, method, 200);
      g.writeObjectFieldStart("metadata");
      g.writeNumberField("total", total);
      g.writeNumberField("count", items.size());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", limit);
      g.writeEndObject();
      g.writeArrayFieldStart("response");
      for (byte[] data : items) {
        item(g, 200, data);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** A failure envelope for {@code e}. */
  public static byte[] failure(String requestId, String method, ApiException e) {
    int status = e.error().httpStatus();
    return Json.bytes(g -> {
      head(g, requestId, method, status);
      g.writeNullField("metadata");
      g.writeObjectFieldStart("response");
      g.writeNumberField("code", status);
      g.writeObjectFieldStart("error_data");
      g.writeNumberField("code", e.error().code());
      g.writeStringField("description", e.description());
      g.writeStringField("message", e.error().message());
      g.writeEndObject();
      g.writeStringField("status", "failure");
      g.writeNullField("data");
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void head(JsonGenerator g, String requestId, String method, int status)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("request_id", requestId);
    g.writeStringField("method", method);
    g.writeNumberField("http_code", status);
  }

  private static void item(JsonGenerator g, int status, byte[] data) throws IOException {
    g.writeStartObject();
    g.writeNumberField("code", status);
    g.writeNullField("error_data");
    g.writeStringField("status", "success");
    g.writeFieldName("data");
    g.writeRawValue(new String(data, StandardCharsets.UTF_8));
    g.writeEndObject();
  }
}
