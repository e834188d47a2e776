package io.patchbay.server.users;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP answer of the server: its status and its parsed envelope.
 *
 * @param status the HTTP status
 * @param json the whole envelope
 */
record Answer(int status, JsonNode json) {
  /** {@code response.data} of a single-value envelope. */
  JsonNode data() {
    return json.path("response").path("data");
  }

  /** {@code error_data.code} of a failure, or 0. */
  int errorCode() {
    return json.path("response").path("error_data").path("code").asInt();
  }

  /** {@code error_data.description} of a failure, or "". */
  String description() {
    return json.path("response").path("error_data").path("description").asText();
  }

  /** {@code metadata} of a list envelope. */
  JsonNode metadata() {
    return json.path("metadata");
  }
}
