package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assertions on the v2 envelope of contract §2, and its comparable form. */
final class Envelopes {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final List<String> KEYS =
      List.of("http_code", "metadata", "method", "request_id", "response");

  private Envelopes() {}

  /**
   * Asserts that {@code a} is one well-formed envelope: JSON content type, the five keys,
   * {@code method} echoed, {@code http_code} and {@code response.code} equal to the status, and
   * for a failure {@code error_data} with an integer code and string texts.
   *
   * @return the parsed envelope
   */
  static JsonNode assertEnvelope(Wire.Answer a, String method) {
    assertThat(a.header("content-type")).as("content type of %s", a)
        .startsWith("application/json");
    JsonNode j;
    try {
      j = STRICT.readTree(a.body());
    } catch (IOException e) {
      throw new AssertionError("not a JSON envelope: " + a, e);
    }
    assertThat(j).as("envelope of %s", a).isNotNull();
    assertThat(new TreeSet<>(names(j))).as("envelope keys of %s", a).containsExactlyElementsOf(
        KEYS);
    assertThat(j.get("request_id").asText()).as("request_id").matches("[0-9a-f]{32}");
    assertThat(j.get("method").asText()).as("method of %s", a).isEqualTo(method);
    assertThat(j.get("http_code").isInt()).isTrue();
    assertThat(j.get("http_code").asInt()).as("http_code of %s", a).isEqualTo(a.status());
    if (a.status() >= 400) {
      JsonNode r = j.get("response");
      assertThat(r.get("code").asInt()).as("response.code of %s", a).isEqualTo(a.status());
      assertThat(r.get("status").asText()).isEqualTo("failure");
      assertThat(r.get("data").isNull()).as("data of a failure: %s", a).isTrue();
      JsonNode e = r.get("error_data");
      assertThat(e.get("code").isInt()).as("error code of %s", a).isTrue();
      assertThat(e.get("description").isTextual()).isTrue();
      assertThat(e.get("message").isTextual()).isTrue();
    }
    return j;
  }

  /** Asserts a failure envelope with {@code status} and {@code code}. */
  static JsonNode assertFailure(Wire.Answer a, String method, int status, int code) {
    assertThat(a.status()).as("status of %s", a).isEqualTo(status);
    JsonNode j = assertEnvelope(a, method);
    assertThat(j.at("/response/error_data/code").asInt()).as("error code of %s", a)
        .isEqualTo(code);
    return j;
  }

  /** Asserts a 4xx failure in the envelope: never a 5xx, never a framework page. */
  static JsonNode assertClientError(Wire.Answer a, String method) {
    assertThat(a.status()).as("status of %s", a).isBetween(400, 499);
    return assertEnvelope(a, method);
  }

  /**
   * The envelope as a string to compare: without {@code request_id}, with {@code method} as
   * {@code *}, and with each value of {@code replace} (what the request itself said, such as
   * the sid in its path) put back as its placeholder wherever the answer quotes it whole.
   */
  static String comparable(Wire.Answer a, Map<String, String> replace) {
    JsonNode j = a.json();
    if (!(j instanceof ObjectNode o)) {
      return a.status() + " " + a.text();
    }
    ObjectNode copy = o.deepCopy();
    copy.remove("request_id");
    copy.put("method", "*");
    String text = copy.toString();
    for (Map.Entry<String, String> r : replace.entrySet()) {
      if (r.getValue() != null && !r.getValue().isEmpty()) {
        text = text.replaceAll("(?<![0-9A-Za-z+])" + Pattern.quote(r.getValue())
            + "(?![0-9A-Za-z])", Matcher.quoteReplacement("{" + r.getKey() + "}"));
      }
    }
    return a.status() + " " + text;
  }

  private static List<String> names(JsonNode j) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
