package io.patchbay.core.error;

/**
 * Every error Patchbay answers with: the HTTP status, the CCM error code and the fixed message.
 *
 * <p>The codes of the CCM v2 contract keep their published numbers. Codes in the 9xxx range are
 * Patchbay's own, for failures the contract leaves open (unknown paths, wrong methods, oversized
 * bodies); docs/compat.md lists them.
 */
public enum ErrorCode {
  AUTHENTICATION_FAILED(401, 1010, "Authentication failed"),
  RATE_LIMITED(429, 1011, "Too many requests"),
  INTERNAL(500, 1100, "Internal Server Error"),

  CALL_STORE_UNAVAILABLE(500, 3042, "Internal Server Error"),
  CALL_NOT_FOUND(404, 3043, "Call not found / unsupported in this API"),
  CALL_UNSUPPORTED(404, 3044, "Call not found / unsupported in this API"),
  CALL_SID_MALFORMED(404, 3045, "Call not found / unsupported in this API"),
  CALL_RECORD_UNREADABLE(500, 3046, "Internal Server Error"),
  CALL_LOG_INCONSISTENT(500, 3075, "Internal Server Error"),

  MAKE_CALL_INVALID(400, 10725, "Invalid request"),
  MAKE_CALL_USER_NOT_FOUND(404, 10731, "User not found"),
  MAKE_CALL_DEVICE_NOT_VERIFIED(409, 10705, "Device not verified"),
  MAKE_CALL_DEVICE_OFF(409, 1012, "Device is not available"),
  MAKE_CALL_AGENT_BUSY(409, 10706, "Agent is already on a call"),
  MAKE_CALL_VIRTUAL_NUMBER_NOT_FOUND(404, 10716, "Virtual number not found"),
  MAKE_CALL_DO_NOT_CALL(403, 10717, "Customer number is on the do-not-call list"),

  USER_NAME_INVALID(400, 1001, "Invalid parameter"),
  USER_EMAIL_IMMUTABLE(400, 1002, "Email cannot be changed"),
  MALFORMED_REQUEST(400, 1007, "Malformed request"),
  DEVICE_CONTACT_URI_MISSING(400, 1402, "Device contact uri is missing"),
  PHONE_NUMBER_INVALID(400, 1401, "Invalid phone number"),
  USER_NOT_FOUND(404, 10801, "User not found"),
  DEVICE_NOT_VERIFIED(409, 10809, "Device not verified"),
  ANOTHER_DEVICE_ON(403, 10810, "Another device of the user is already on"),
  DEVICE_NUMBER_TAKEN(409, 10811, "Another device has this number"),
  DEVICE_EXISTS(409, 10812, "Device already exists"),
  EMAIL_EXISTS(409, 10813, "Email already exists"),

  NOT_FOUND(404, 9404, "Not found"),
  METHOD_NOT_ALLOWED(405, 9405, "Method not allowed"),
  RECORDING_FORBIDDEN(403, 9403, "Recording URL is expired or invalid"),
  FLOW_INVALID(400, 9410, "Invalid flow"),
  DIRECTORY_INVALID(400, 9411, "Invalid directory request"),
  DIRECTORY_NOT_FOUND(404, 9412, "Not found in the directory"),
  PAYLOAD_TOO_LARGE(413, 9413, "Request body too large"),
  URI_TOO_LONG(414, 9414, "Request line too long"),
  HEADERS_TOO_LARGE(431, 9431, "Request headers too large"),
  SANDBOX_INVALID(400, 9400, "Invalid sandbox request"),
  SANDBOX_FORBIDDEN(401, 9401, "Sandbox admin token missing or wrong"),
  SANDBOX_NODE_UNREACHABLE(502, 9502, "Another node could not take the request");

  private final int httpStatus;
  private final int code;
  private final String message;

  ErrorCode(int httpStatus, int code, String message) {
    this.httpStatus = httpStatus;
    this.code = code;
    this.message = message;
  }

  /** The HTTP status this error is answered with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The CCM error code, {@code error_data.code} on the wire. */
  public int code() {
    return code;
  }

  /** The fixed message, {@code error_data.message} on the wire. */
  public String message() {
    return message;
  }
}
