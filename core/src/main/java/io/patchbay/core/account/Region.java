package io.patchbay.core.account;

import java.util.Locale;

/** The two regional clusters of the CCM service; every account lives in exactly one. */
public enum Region {
  SINGAPORE("singapore", "ccm-api.exotel.com"),
  MUMBAI("mumbai", "ccm-api.in.exotel.com");

  private final String id;
  private final String defaultHost;

  Region(String id, String defaultHost) {
    this.id = id;
    this.defaultHost = defaultHost;
  }

  /** The lowercase name used in configuration, the CLI and JSON. */
  public String id() {
    return id;
  }

  /** The host name of the real service's cluster for this region. */
  public String defaultHost() {
    return defaultHost;
  }

  /**
   * Parses a region name, case-insensitively.
   *
   * @throws IllegalArgumentException if {@code name} is neither singapore nor mumbai
   */
  public static Region parse(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Region region : values()) {
      if (region.id.equals(wanted)) {
        return region;
      }
    }
    throw new IllegalArgumentException(
        "unknown region '" + name + "' (expected singapore or mumbai)");
  }
}
