package io.patchbay.server.call;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.StatusCallback;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates a Make Call body (contract §4). Every failure is 400/10725 with a description that
 * names the field. Unknown keys are ignored, as real clients send extras.
 */
public final class MakeCallParser {
  /** The longest {@code max_time_limit}, in seconds (four hours). */
  public static final int MAX_TIME_LIMIT = 14_400;
  /** The longest {@code attempt_time_out}, in seconds. */
  public static final int MAX_ATTEMPT_TIME_OUT = 300;
  private static final int MAX_CUSTOM_FIELD = 2_048;
  private static final int MAX_URL = 2_048;
  private static final int MAX_CALLBACKS = 10;

  private MakeCallParser() {}

  /**
   * Parses and validates {@code body}.
   *
   * @throws ApiException 400/10725 naming the bad field
   */
  public static MakeCallRequest parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw invalid("Request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw invalid("Request body is not valid JSON: " + brief(e));
    } catch (IOException e) {
      throw invalid("Request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw invalid("Request body must be a JSON object");
    }

    JsonNode from = object(root, "from");
    String userId = optionalString(from, "user_id", "from.user_id");
    String userUri = optionalString(from, "user_contact_uri", "from.user_contact_uri");
    if ((userId == null) == (userUri == null)) {
      throw invalid("from must have exactly one of user_id or user_contact_uri");
    }
    if (userId != null && !Sids.isUserId(userId)) {
      throw invalid("from.user_id must be 32 lowercase hex characters");
    }
    if (userUri != null) {
      userUri = PhoneNumbers.normaliseContactUri(userUri).orElseThrow(() -> invalid(
          "from.user_contact_uri is not a valid phone number or SIP URI"));
    }

    JsonNode to = object(root, "to");
    String customer = null;
    String customerField = null;
    for (String key : new String[] {"customer_contact_uri", "number", "contact_uri"}) {
      String value = optionalString(to, key, "to." + key);
      if (value != null) {
        if (customer != null) {
          throw invalid("to must have only one of customer_contact_uri, number or contact_uri");
        }
        customer = value;
        customerField = "to." + key;
      }
    }
    if (customer == null) {
      throw invalid("to.customer_contact_uri is required");
    }
    String field = customerField;
    customer = PhoneNumbers.normalise(customer)
        .orElseThrow(() -> invalid(field + " is not a valid phone number"));

    String virtualNumber = optionalString(root, "virtual_number", "virtual_number");
    if (virtualNumber == null) {
      throw invalid("virtual_number is required");
    }
    virtualNumber = PhoneNumbers.normalise(virtualNumber)
        .orElseThrow(() -> invalid("virtual_number is not a valid phone number"));

    return new MakeCallRequest(userId, userUri, customer, virtualNumber, options(root));
  }

  private static CallOptions options(JsonNode root) {
    boolean recording = false;
    JsonNode rec = root.get("recording");
    if (rec != null && !rec.isNull()) {
      if (!rec.isBoolean()) {
        throw invalid("recording must be a boolean");
      }
      recording = rec.booleanValue();
    }
    String channels = optionalString(root, "recording_channels", "recording_channels");
    if (channels != null && !channels.equals("single") && !channels.equals("dual")) {
      throw invalid("recording_channels must be single or dual");
    }
    String waitAudio = optionalString(root, "wait_audio_url", "wait_audio_url");
    if (waitAudio != null) {
      checkUrl(waitAudio, "wait_audio_url");
    }
    Integer maxTime = seconds(root, "max_time_limit", MAX_TIME_LIMIT);
    Integer attempt = seconds(root, "attempt_time_out", MAX_ATTEMPT_TIME_OUT);
    String customField = optionalString(root, "custom_field", "custom_field");
    if (customField != null && customField.length() > MAX_CUSTOM_FIELD) {
      throw invalid("custom_field is longer than " + MAX_CUSTOM_FIELD + " characters");
    }
    return new CallOptions(recording, channels, waitAudio, maxTime,
        attempt == null ? CallOptions.DEFAULT_ATTEMPT_TIME_OUT : attempt, customField,
        callbacks(root));
  }

  private static List<StatusCallback> callbacks(JsonNode root) {
    JsonNode node = root.get("status_callback");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("status_callback must be an array of {event, url} objects");
    }
    if (node.size() > MAX_CALLBACKS) {
      throw invalid("status_callback has more than " + MAX_CALLBACKS + " items");
    }
    List<StatusCallback> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String where = "status_callback[" + i + "]";
      if (!item.isObject()) {
        throw invalid(where + " must be an object");
      }
      String event = optionalString(item, "event", where + ".event");
      if (event == null) {
        event = "terminal";
      }
      if (!event.equals("answered") && !event.equals("terminal")) {
        throw invalid(where + ".event must be answered or terminal");
      }
      String url = optionalString(item, "url", where + ".url");
      if (url == null) {
        throw invalid(where + ".url is required");
      }
      checkUrl(url, where + ".url");
      out.add(new StatusCallback(event, url));
    }
    return out;
  }

  private static Integer seconds(JsonNode root, String key, int max) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isTextual() && node.textValue().matches("[0-9]{1,9}")) {
      value = Long.parseLong(node.textValue());
    } else {
      throw invalid(key + " must be a whole number of seconds (a number or numeric string)");
    }
    if (value < 1 || value > max) {
      throw invalid(key + " must be between 1 and " + max + " seconds");
    }
    return (int) value;
  }

  private static void checkUrl(String url, String field) {
    if (url.length() > MAX_URL) {
      throw invalid(field + " is longer than " + MAX_URL + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw invalid(field + " must be an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw invalid(field + " is not a valid URL");
    }
  }

  private static JsonNode object(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw invalid(key + " is required");
    }
    if (!node.isObject()) {
      throw invalid(key + " must be an object");
    }
    return node;
  }

  private static String optionalString(JsonNode parent, String key, String field) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(field + " must be a string");
    }
    String value = node.textValue();
    if (value.isBlank()) {
      throw invalid(field + " must not be empty");
    }
    return value;
  }

  private static String brief(JacksonException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return "parse error";
    }
    return m.length() > 120 ? m.substring(0, 120) : m;
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.MAKE_CALL_INVALID, description);
  }
}
