package io.patchbay.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes that have a {@link QuickHandler}, matched by hand before the router: the path
 * split on {@code /} against the route's segments, a parameter taking one segment. A match is
 * always a request the router would give the same route with the same parameters: only paths
 * of {@code [0-9A-Za-z_-]} segments (nothing to decode or normalise), no query, no body; and a
 * route registered earlier that could take the same path is checked first.
 */
final class QuickRoutes {
  /**
   * A route's method and path split into segments ({@code :name} for a parameter).
   *
   * @param names the names of the parameters, in order
   */
  record Pattern(HttpMethod method, String[] segments, String[] names) {
    static Pattern of(HttpMethod method, String path) {
      String[] segments = path.substring(1).split("/", -1);
      return new Pattern(method, segments, Arrays.stream(segments)
          .filter(QuickRoutes::isParam).map(p -> p.substring(1)).toArray(String[]::new));
    }

    boolean overlaps(Pattern other) {
      if ((method != null && other.method != null && !method.equals(other.method))
          || segments.length != other.segments.length) {
        return false;
      }
      for (int i = 0; i < segments.length; i++) {
        if (!isParam(segments[i]) && !isParam(other.segments[i])
            && !segments[i].equals(other.segments[i])) {
          return false;
        }
      }
      return true;
    }

    boolean takes(HttpMethod m) {
      return method == null || method.equals(m);
    }

    /**
     * The values of the parameters in a {@link #plain} path, in order, or null when the path
     * does not fit. Compares in place: nothing is allocated but the values.
     */
    String[] values(String path) {
      String[] values = null;
      int count = 0;
      int at = 1;
      for (int i = 0; i < segments.length; i++) {
        if (at > path.length()) {
          return null;
        }
        int end = path.indexOf('/', at);
        if (end < 0) {
          end = path.length();
        }
        if ((end == path.length()) != (i == segments.length - 1)) {
          return null;
        }
        String segment = segments[i];
        if (isParam(segment)) {
          if (values == null) {
            values = new String[names.length];
          }
          values[count++] = path.substring(at, end);
        } else if (segment.length() != end - at
            || !path.regionMatches(at, segment, 0, segment.length())) {
          return null;
        }
        at = end + 1;
      }
      return values == null ? new String[0] : values;
    }

    /** The parameters of this pattern with {@code values} in order. */
    Map<String, String> params(String[] values) {
      return switch (names.length) {
        case 0 -> Map.of();
        case 1 -> Map.of(names[0], values[0]);
        case 2 -> Map.of(names[0], values[0], names[1], values[1]);
        default -> {
          Map<String, String> params = new HashMap<>();
          for (int k = 0; k < names.length; k++) {
            params.put(names[k], values[k]);
          }
          yield Map.copyOf(params);
        }
      };
    }
  }

  /**
   * A route with its quick and blocking handlers.
   *
   * @param earlier routes added before it that could take some of its paths
   */
  record Route(Pattern pattern, QuickHandler quick, ApiHandler handler,
      List<Pattern> earlier) {}

  /** A matched request: its route and path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Pattern> all = new CopyOnWriteArrayList<>();
  private final List<Route> quick = new CopyOnWriteArrayList<>();

  /**
   * Notes a route of the router ({@code method} null for any), in the router's order.
   *
   * @throws IllegalArgumentException if {@code path} does not start with {@code /}
   */
  void added(HttpMethod method, String path) {
    all.add(pattern(method, path));
  }

  /**
   * Notes a route with a quick handler; call it where {@link #added} would be called.
   *
   * @throws IllegalArgumentException if {@code path} does not start with {@code /}
   */
  void addedQuick(HttpMethod method, String path, QuickHandler handler, ApiHandler blocking) {
    Pattern p = pattern(method, path);
    List<Pattern> earlier = all.stream().filter(p::overlaps).toList();
    all.add(p);
    quick.add(new Route(p, handler, blocking, earlier));
  }

  /** The quick route of the request and its parameters, or null. */
  Match match(HttpServerRequest request) {
    if (quick.isEmpty() || request.uri().indexOf('?') >= 0 || hasBody(request)) {
      return null;
    }
    String path = request.path();
    if (!plain(path)) {
      return null;
    }
    for (Route r : quick) {
      String[] values = r.pattern().takes(request.method()) ? r.pattern().values(path) : null;
      if (values == null) {
        continue;
      }
      for (Pattern e : r.earlier()) {
        if (e.takes(request.method()) && e.values(path) != null) {
          return null;
        }
      }
      return new Match(r, r.pattern().params(values));
    }
    return null;
  }

  /** Whether the request may have a body, or asks for {@code 100-continue}. */
  private static boolean hasBody(HttpServerRequest request) {
    var headers = request.headers();
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.equals("0")
        || headers.contains(HttpHeaders.TRANSFER_ENCODING) || headers.contains(HttpHeaders.EXPECT);
  }

  /** Whether {@code path} is {@code (/[0-9A-Za-z_-]+)+}: nothing to decode or normalise. */
  static boolean plain(String path) {
    if (path == null || path.length() < 2 || path.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/') {
        if (i + 1 == path.length() || path.charAt(i + 1) == '/') {
          return false;
        }
      } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
          || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isParam(String segment) {
    return segment.startsWith(":");
  }

  private static Pattern pattern(HttpMethod method, String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route path must start with '/': " + path);
    }
    return Pattern.of(method, path);
  }
}
