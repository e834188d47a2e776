package io.patchbay.server.http;

import io.patchbay.core.account.Region;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the region of a request from its {@code Host} header: each region's configured host
 * names, and the default region for any other host (localhost, an IP address).
 */
public final class Regions {
  private final Map<String, Region> byHost = new HashMap<>();
  private final Region fallback;

  /**
   * Creates the resolver.
   *
   * @param hosts extra host names per region, on top of the real service's host names
   * @param fallback the region of every other host
   */
  public Regions(Map<String, Region> hosts, Region fallback) {
    for (Region r : Region.values()) {
      byHost.put(r.defaultHost(), r);
    }
    hosts.forEach((host, region) -> byHost.put(host.toLowerCase(Locale.ROOT), region));
    this.fallback = fallback;
  }

  /** The region a request to {@code hostHeader} (with or without a port) is for. */
  public Region of(String hostHeader) {
    if (hostHeader == null) {
      return fallback;
    }
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return fallback;
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return byHost.getOrDefault(host, fallback);
  }

  public Region fallback() {
    return fallback;
  }
}
