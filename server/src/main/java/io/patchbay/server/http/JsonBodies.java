package io.patchbay.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import java.io.IOException;

/** Reads JSON request bodies for the extension and control-plane routes, strictly. */
public final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body as a JSON object.
   *
   * @throws ApiException with {@code error} when it is empty, not JSON, or not an object
   */
  public static JsonNode object(byte[] body, ErrorCode error) {
    if (body.length == 0) {
      throw new ApiException(error, "Request body is empty; expected a JSON object");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiException(error, "Request body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ApiException(error, "Request body is not valid JSON");
    }
  }

  /**
   * The body as a JSON object; an empty body is an empty object (control-plane requests whose
   * fields are all optional).
   *
   * @throws ApiException with {@code error} when it is not JSON, or not an object
   */
  public static JsonNode objectOrEmpty(byte[] body, ErrorCode error) {
    return body.length == 0 ? Json.MAPPER.createObjectNode() : object(body, error);
  }

  /**
   * A string member, or null when absent or null.
   *
   * @param field the name to report, such as {@code applets[2].type}
   * @throws ApiException with {@code error} when it is not a string
   */
  public static String text(JsonNode node, String key, String field, ErrorCode error) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ApiException(error, field + " must be a string");
    }
    return v.textValue();
  }
}
