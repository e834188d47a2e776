package io.patchbay.server;

import io.patchbay.core.account.Region;
import io.patchbay.store.jdbc.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a Patchbay server runs.
 *
 * @param dataDir where the store, certificates and demo credentials live
 * @param host the address to listen on
 * @param httpPort the plain HTTP port; 0 picks a free one, -1 turns it off
 * @param httpsPort the HTTPS port; 0 picks a free one, -1 turns it off
 * @param speed how fast simulated time runs; 0 makes every account's clock manual
 * @param defaultRegion the region of requests to hosts no region claims (localhost)
 * @param regionHosts extra host names per region
 * @param rateLimit requests per minute per account; 0 turns limiting off
 * @param demo whether to create the demo account in an empty store
 * @param store where the data lives: a {@code jdbc:postgresql:} URL, or blank for the SQLite
 *     file in {@code dataDir}
 * @param storePoolSize the most PostgreSQL connections
 * @param callbackRetries how many times a failed status callback is retried
 * @param callbackAllowHosts host patterns status callbacks may go to; empty for any
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int httpPort,
    int httpsPort,
    double speed,
    Region defaultRegion,
    Map<String, Region> regionHosts,
    int rateLimit,
    boolean demo,
    String store,
    int storePoolSize,
    int callbackRetries,
    List<String> callbackAllowHosts) {

  /** A configuration on the SQLite file in {@code dataDir}. */
  public ServerConfig(Path dataDir, String host, int httpPort, int httpsPort, double speed,
      Region defaultRegion, Map<String, Region> regionHosts, int rateLimit, boolean demo) {
    this(dataDir, host, httpPort, httpsPort, speed, defaultRegion, regionHosts, rateLimit, demo,
        "", 10);
  }

  /** A configuration with the default callback policy. */
  public ServerConfig(Path dataDir, String host, int httpPort, int httpsPort, double speed,
      Region defaultRegion, Map<String, Region> regionHosts, int rateLimit, boolean demo,
      String store, int storePoolSize) {
    this(dataDir, host, httpPort, httpsPort, speed, defaultRegion, regionHosts, rateLimit, demo,
        store, storePoolSize, 2, List.of());
  }

  public ServerConfig {
    Objects.requireNonNull(store, "store");
    Stores.checkStoreOption(store);
    callbackAllowHosts = List.copyOf(callbackAllowHosts);
    if (callbackRetries < 0 || callbackRetries > 20) {
      throw new IllegalArgumentException("callbackRetries must be 0 to 20: " + callbackRetries);
    }
    if (storePoolSize < 1 || storePoolSize > 500) {
      throw new IllegalArgumentException("storePoolSize must be 1 to 500: " + storePoolSize);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    regionHosts = Map.copyOf(regionHosts);
    checkPort(httpPort, "httpPort");
    checkPort(httpsPort, "httpsPort");
    if (speed < 0 || speed > 10_000 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be 0 (manual) up to 10000: " + speed);
    }
    if (httpPort == -1 && httpsPort == -1) {
      throw new IllegalArgumentException("at least one of httpPort and httpsPort must be on");
    }
    if (httpPort > 0 && httpPort == httpsPort) {
      throw new IllegalArgumentException("httpPort and httpsPort must differ: " + httpPort);
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("rateLimit must be >= 0: " + rateLimit);
    }
  }

  private static void checkPort(int port, String name) {
    if (port < -1 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be -1, 0 or a port number: " + port);
    }
  }

  /** Defaults for {@code dataDir}: loopback, ports 8080 and 8443, real time, Singapore. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(dataDir, "127.0.0.1", 8080, 8443, 1.0, Region.SINGAPORE, Map.of(),
        200, true);
  }

  /** A copy with other ports. */
  public ServerConfig withPorts(int http, int https) {
    return new ServerConfig(dataDir, host, http, https, speed, defaultRegion, regionHosts,
        rateLimit, demo, store, storePoolSize, callbackRetries,
        callbackAllowHosts);
  }

  /** A copy with another speed; 0 is manual. */
  public ServerConfig withSpeed(double newSpeed) {
    return new ServerConfig(dataDir, host, httpPort, httpsPort, newSpeed, defaultRegion,
        regionHosts, rateLimit, demo, store, storePoolSize, callbackRetries,
        callbackAllowHosts);
  }

  /** A copy with another rate limit. */
  public ServerConfig withRateLimit(int perMinute) {
    return new ServerConfig(dataDir, host, httpPort, httpsPort, speed, defaultRegion,
        regionHosts, perMinute, demo, store, storePoolSize, callbackRetries,
        callbackAllowHosts);
  }

  /** Where the store is, for {@code Stores.open}: the URL, or the data folder. */
  public String storeLocation() {
    return store.isBlank() ? dataDir.toString() : store;
  }
}
