package io.patchbay.server.http;

/**
 * {@code If-None-Match} against an entity tag (RFC 9110 §13.1.2): weak comparison, so
 * {@code W/"x"} and {@code "x"} match each other.
 */
final class EntityTags {
  private EntityTags() {}

  /**
   * Whether the {@code If-None-Match} field value {@code header} (null when absent) names
   * {@code etag}, or is {@code *}.
   *
   * <p><b>Note:</b> a malformed list matches nothing (the precondition is then ignored and the
   * 200 sent), as is anything after the first malformed member.
   */
  static boolean matches(String header, String etag) {
    if (header == null || etag == null) {
      return false;
    }
    int from = etag.startsWith("W/") ? 2 : 0;
    int opaqueLength = etag.length() - from;
    int n = header.length();
    int i = 0;
    while (i < n) {
      char c = header.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      if (c == '*') {
        return true;
      }
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || header.charAt(i) != '"') {
        return false;
      }
      int end = header.indexOf('"', i + 1);
      if (end < 0) {
        return false;
      }
      if (end + 1 - i == opaqueLength && header.regionMatches(i, etag, from, opaqueLength)) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }
}
