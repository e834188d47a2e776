package io.patchbay.server.users;

import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.Request;
import io.patchbay.store.UserFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the query of the user list: paging, {@code fields} and the filters. Every failure is
 * 400/1007 with a description that names the parameter.
 */
final class UserQueries {
  /** The page size when none is asked for. */
  static final int DEFAULT_LIMIT = 20;
  /** The largest page. */
  static final int MAX_LIMIT = 50;
  /** The most contact URIs one filter may list. */
  static final int MAX_CONTACT_URIS = 50;
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

  private UserQueries() {}

  /**
   * One page request of the user list.
   *
   * @param offset how many matches to skip
   * @param limit the page size
   * @param fields the optional keys to write
   * @param filter the filters
   */
  record ListQuery(int offset, int limit, Fields fields, UserFilter filter) {}

  /**
   * The list query of {@code r}.
   *
   * @throws ApiException 400/1007 for a bad {@code limit}, {@code offset}, {@code fields},
   *     {@code devices.contact_uri} or {@code email}
   */
  static ListQuery listQuery(Request r) {
    int limit = integer(r.query(), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT,
        "limit must be an integer from 1 to " + MAX_LIMIT);
    int offset = integer(r.query(), "offset", 0, 0, Integer.MAX_VALUE,
        "offset must be an integer of 0 or more");
    Fields fields = fields(r.query());
    List<String> uris = contactUris(r.query().get("devices.contact_uri"));
    String email = null;
    String rawEmail = single(r.query(), "email");
    if (rawEmail != null) {
      email = Validation.emailValue(rawEmail).orElseThrow(
          () -> malformed("email is not a valid email address"));
    }
    return new ListQuery(offset, limit, fields, new UserFilter(uris, email));
  }

  /**
   * The {@code fields} parameter: comma-separated, any of {@code devices}, {@code active_call},
   * {@code last_login}; empty items are skipped.
   *
   * @throws ApiException 400/1007 naming an unknown field
   */
  static Fields fields(Map<String, List<String>> query) {
    List<String> values = query.get("fields");
    if (values == null) {
      return Fields.NONE;
    }
    boolean devices = false;
    boolean activeCall = false;
    boolean lastLogin = false;
    for (String value : values) {
      for (String item : value.split(",", -1)) {
        switch (item) {
          case "" -> { }
          case "devices" -> devices = true;
          case "active_call" -> activeCall = true;
          case "last_login" -> lastLogin = true;
          default -> throw malformed("fields: unknown field '" + printable(item)
              + "'; supported: devices, active_call, last_login");
        }
      }
    }
    return new Fields(devices, activeCall, lastLogin);
  }

  private static List<String> contactUris(List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> uris = new ArrayList<>();
    for (String value : values) {
      for (String item : value.split(",", -1)) {
        if (item.isEmpty()) {
          throw malformed("devices.contact_uri has an empty value;"
              + " separate numbers with single commas");
        }
        if (item.startsWith(" ")) {
          throw malformed("devices.contact_uri value " + PhoneNumbers.mask(item.strip())
              + " starts with a space: URL-encode + as %2B");
        }
        uris.add(Validation.contactUriValue(item).orElseThrow(() -> malformed(
            "devices.contact_uri value " + PhoneNumbers.mask(item)
                + " is not an E.164 number (such as %2B919876543210) or a SIP URI")));
      }
    }
    if (uris.size() > MAX_CONTACT_URIS) {
      throw malformed("devices.contact_uri lists more than " + MAX_CONTACT_URIS + " values");
    }
    return uris;
  }

  private static int integer(Map<String, List<String>> query, String name, int byDefault,
      int min, int max, String rule) {
    String raw = single(query, name);
    if (raw == null) {
      return byDefault;
    }
    if (!NUMBER.matcher(raw).matches()) {
      throw malformed(rule);
    }
    int value = Integer.parseInt(raw);
    if (value < min || value > max) {
      throw malformed(rule);
    }
    return value;
  }

  /** The one value of {@code name}, or null when absent. */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw malformed(name + " is given more than once");
    }
    return values.get(0);
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static ApiException malformed(String description) {
    return new ApiException(ErrorCode.MALFORMED_REQUEST, description);
  }
}
