package io.patchbay.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.directory.Role;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The value rules of the Users API, one method per kind of field. */
final class Validation {
  /** Letters, digits, space, apostrophe, hyphen and period; 3 to 20 of them. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 '.\\-]{3,20}");
  private static final Pattern HAS_LETTER_OR_DIGIT = Pattern.compile(".*[A-Za-z0-9].*");
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+");
  /** The longest email address (RFC 5321 path limit less the brackets). */
  static final int MAX_EMAIL = 254;
  /** The longest device name. */
  static final int MAX_DEVICE_NAME = 50;

  private Validation() {}

  /**
   * A required name field.
   *
   * @throws ApiException 400/1001 when missing, not a string or not 3 to 20 allowed characters
   */
  static String name(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      throw invalid(key + " is required");
    }
    if (!n.isTextual()) {
      throw invalid(key + " must be a string");
    }
    String value = n.textValue();
    if (!NAME.matcher(value).matches() || !HAS_LETTER_OR_DIGIT.matcher(value).matches()) {
      throw invalid(key + " must be 3 to 20 characters of letters A-Z and a-z, digits, space,"
          + " apostrophe, hyphen and period");
    }
    return value;
  }

  /**
   * An optional email; absent or null is none.
   *
   * @return the email in lower case, or null
   * @throws ApiException 400/1001 when it is not a string or not an email address
   */
  static String email(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw invalid(key + " must be a string");
    }
    return emailValue(n.textValue()).orElseThrow(
        () -> invalid(key + " is not a valid email address"));
  }

  /** {@code raw} in lower case if it is an email address. */
  static Optional<String> emailValue(String raw) {
    if (raw == null || raw.length() > MAX_EMAIL || !EMAIL.matcher(raw).matches()) {
      return Optional.empty();
    }
    return Optional.of(raw.toLowerCase(Locale.ROOT));
  }

  /**
   * An optional role; absent or null is none.
   *
   * @throws ApiException 400/1001 when it is not exactly one of the role names
   */
  static Role role(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    Optional<Role> role = n.isTextual() ? Role.fromWire(n.textValue()) : Optional.empty();
    return role.orElseThrow(() -> invalid(key + " must be one of admin, supervisor, user"));
  }

  /**
   * An optional device name; absent or null is none.
   *
   * @throws ApiException 400/1001 when it is not a string of 1 to 50 printable characters
   */
  static String deviceName(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw invalid(key + " must be a string");
    }
    String value = n.textValue();
    if (value.isBlank() || value.length() > MAX_DEVICE_NAME
        || value.codePoints().anyMatch(Character::isISOControl)) {
      throw invalid(key + " must be 1 to " + MAX_DEVICE_NAME
          + " printable characters, not only spaces");
    }
    return value;
  }

  /**
   * A required device contact URI: an E.164 number or a SIP URI.
   *
   * @throws ApiException 400/1402 when missing, null or empty; 400/1401 when it is not a string,
   *     not E.164 (local formats are refused) and not a SIP URI
   */
  static String contactUri(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty())) {
      throw new ApiException(ErrorCode.DEVICE_CONTACT_URI_MISSING, key + " is required");
    }
    if (!n.isTextual()) {
      throw badNumber(key + " must be a string: an E.164 number such as +919876543210,"
          + " or a SIP URI");
    }
    return contactUriValue(n.textValue()).orElseThrow(() -> badNumber(
        key + " must be an E.164 number such as +919876543210 (with the +), or a SIP URI"));
  }

  /** {@code raw} if it is an E.164 number ({@code +} and 8 to 15 digits) or a SIP URI. */
  static Optional<String> contactUriValue(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    if (raw.startsWith("sip:")) {
      return PhoneNumbers.isSipUri(raw) ? Optional.of(raw) : Optional.empty();
    }
    return raw.startsWith("+") ? PhoneNumbers.normalise(raw) : Optional.empty();
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.USER_NAME_INVALID, description);
  }

  private static ApiException badNumber(String description) {
    return new ApiException(ErrorCode.PHONE_NUMBER_INVALID, description);
  }
}
