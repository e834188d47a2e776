package io.patchbay.server.callbacks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts callbacks may go to. A pattern is a host name ({@code hooks.example.com}), a
 * wildcard for its subdomains ({@code *.example.com}, which does not match
 * {@code example.com} itself) or an IP literal ({@code 10.0.0.7}, {@code ::1}). No patterns
 * allow every host.
 *
 * <p><b>Note:</b> names are matched as written in the URL, before DNS: a name that is allowed
 * but resolves to a private address is still reached. A shared deployment should also limit
 * egress at the network level.
 */
final class HostAllowList {
  private final List<String> exact = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();

  private HostAllowList() {}

  /**
   * Parses {@code patterns}.
   *
   * @throws IllegalArgumentException for a blank or malformed pattern
   */
  static HostAllowList of(List<String> patterns) {
    HostAllowList list = new HostAllowList();
    for (String raw : patterns) {
      String p = raw == null ? "" : normalise(raw.trim());
      if (p.isEmpty() || p.contains("/") || p.contains("@") || p.contains(" ")
          || p.indexOf('*') > 0 || p.equals("*") || p.equals("*.")) {
        throw new IllegalArgumentException("not a host pattern: '" + raw + "'");
      }
      if (p.startsWith("*.")) {
        list.suffixes.add(p.substring(1));
      } else if (p.contains("*")) {
        throw new IllegalArgumentException("not a host pattern: '" + raw + "'");
      } else {
        list.exact.add(p);
      }
    }
    return list;
  }

  /** Whether no host is refused. */
  boolean allowsAll() {
    return exact.isEmpty() && suffixes.isEmpty();
  }

  /** Whether a callback may be sent to {@code url}; false for a URL without a host. */
  boolean allows(String url) {
    if (allowsAll()) {
      return true;
    }
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    String h = normalise(host);
    if (exact.contains(h)) {
      return true;
    }
    for (String suffix : suffixes) {
      if (h.endsWith(suffix) && h.length() > suffix.length()) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
