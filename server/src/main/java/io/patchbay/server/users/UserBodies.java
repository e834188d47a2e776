package io.patchbay.server.users;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.directory.Role;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.Json;
import java.io.IOException;

/**
 * Parses and validates the request bodies of the Users API (contract §6). Each method checks
 * the whole body before anything is looked up, so a bad body changes nothing. Unknown keys are
 * ignored, as real clients send extras; see docs/users-api.md for every rule.
 */
final class UserBodies {
  private UserBodies() {}

  /** A valid create request; {@code email} is lower case or null. */
  record NewUser(String firstName, String lastName, String email, Role role, String deviceName,
      String contactUri) {}

  /**
   * A valid user update; a null name or role means unchanged.
   *
   * @param emailGiven whether the body has an {@code email} key at all
   * @param email the lower-cased email, or null (with {@code emailGiven}: "no email")
   */
  record UserChanges(String firstName, String lastName, boolean emailGiven, String email,
      Role role) {}

  /** A valid device update; null means unchanged. */
  record DeviceChanges(Boolean available, String contactUri) {}

  /** A valid device to add (control plane). */
  record NewDevice(String name, String contactUri) {}

  /**
   * The create body.
   *
   * @throws ApiException 400/1007 (not a JSON object), 1001 (a name, email, role or device name
   *     invalid), 1402 (no device_contact_uri), 1401 (device_contact_uri not E.164 or SIP)
   */
  static NewUser newUser(byte[] body) {
    JsonNode root = object(body);
    String first = Validation.name(root, "first_name");
    String last = Validation.name(root, "last_name");
    String email = Validation.email(root, "email");
    Role role = Validation.role(root, "role");
    String deviceName = Validation.deviceName(root, "device_name");
    String uri = Validation.contactUri(root, "device_contact_uri");
    return new NewUser(first, last, email, role == null ? Role.USER : role, deviceName, uri);
  }

  /**
   * The update body: any of {@code first_name}, {@code last_name}, {@code email}, {@code role}.
   *
   * @throws ApiException 400/1007 (not a JSON object), 1001 (a value invalid, or a device key
   *     that belongs to the device update)
   */
  static UserChanges userChanges(byte[] body) {
    JsonNode root = object(body);
    for (String key : new String[] {"device_contact_uri", "device_name", "contact_uri",
        "available"}) {
      if (root.has(key)) {
        throw new ApiException(ErrorCode.USER_NAME_INVALID, key + " cannot be changed here;"
            + " use PUT /v2/accounts/{sid}/users/{user_id}/devices/{device_id}");
      }
    }
    String first = root.has("first_name") ? Validation.name(root, "first_name") : null;
    String last = root.has("last_name") ? Validation.name(root, "last_name") : null;
    boolean emailGiven = root.has("email");
    String email = Validation.email(root, "email");
    if (root.has("role") && root.get("role").isNull()) {
      throw new ApiException(ErrorCode.USER_NAME_INVALID,
          "role must be one of admin, supervisor, user");
    }
    Role role = Validation.role(root, "role");
    return new UserChanges(first, last, emailGiven, email, role);
  }

  /**
   * The device update body: {@code available} and/or {@code contact_uri}.
   *
   * @throws ApiException 400/1007 (not a JSON object, or neither key), 1001 ({@code available}
   *     not a boolean), 1402 ({@code contact_uri} null or empty), 1401 (not E.164 or SIP)
   */
  static DeviceChanges deviceChanges(byte[] body) {
    JsonNode root = object(body);
    if (!root.has("available") && !root.has("contact_uri")) {
      throw malformed("Nothing to update: send available (true or false) and/or contact_uri");
    }
    Boolean available = null;
    if (root.has("available")) {
      JsonNode n = root.get("available");
      if (!n.isBoolean()) {
        throw new ApiException(ErrorCode.USER_NAME_INVALID,
            "available must be true (ON) or false (OFF), as a JSON boolean");
      }
      available = n.booleanValue();
    }
    String uri = root.has("contact_uri") ? Validation.contactUri(root, "contact_uri") : null;
    return new DeviceChanges(available, uri);
  }

  /**
   * The body of the control plane's add-device request: {@code contact_uri} and {@code name}.
   *
   * @throws ApiException as {@link #newUser} for those two keys
   */
  static NewDevice newDevice(byte[] body) {
    JsonNode root = object(body);
    String name = Validation.deviceName(root, "name");
    String uri = Validation.contactUri(root, "contact_uri");
    return new NewDevice(name, uri);
  }

  /**
   * The body as a JSON object.
   *
   * @throws ApiException 400/1007 when it is empty, not JSON, has a duplicate key or is not an
   *     object
   */
  static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      throw malformed("Request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw malformed("Request body is not valid JSON" + where(e));
    } catch (IOException e) {
      throw malformed("Request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw malformed("Request body must be a JSON object");
    }
    return root;
  }

  private static String where(JacksonException e) {
    var location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  static ApiException malformed(String description) {
    return new ApiException(ErrorCode.MALFORMED_REQUEST, description);
  }
}
