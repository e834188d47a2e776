package io.patchbay.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per account (contract §7), in fixed one-minute windows of the wall clock.
 *
 * <p><b>Note:</b> a fixed window lets a client send up to twice the limit across a window
 * boundary; the real service's exact algorithm is not published.
 */
public final class RateLimiter {
  private final Clock clock;
  private final int perMinute;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAccount = new ConcurrentHashMap<>();

  private static final class Window {
    long minute;
    int count;
  }

  /**
   * Creates a limiter.
   *
   * @param perMinute requests allowed per account per minute; 0 turns limiting off
   * @throws IllegalArgumentException if {@code perMinute} is negative
   */
  public RateLimiter(Clock clock, int perMinute) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0: " + perMinute);
    }
    this.clock = clock;
    this.perMinute = perMinute;
  }

  /**
   * Gives the account its own limit (0 = none), or with null the server default again.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public void setLimit(String accountSid, Integer limit) {
    if (limit == null) {
      perAccount.remove(accountSid);
      return;
    }
    if (limit < 0) {
      throw new IllegalArgumentException("rate limit must be >= 0: " + limit);
    }
    perAccount.put(accountSid, limit);
  }

  /** The limit in force for the account, requests per minute (0 = none). */
  public int limitOf(String accountSid) {
    return perAccount.getOrDefault(accountSid, perMinute);
  }

  /**
   * Counts one request of {@code accountSid}.
   *
   * @return 0 when allowed, else the seconds to wait (at least 1)
   */
  public long acquire(String accountSid) {
    int limit = perAccount.getOrDefault(accountSid, perMinute);
    if (limit == 0) {
      return 0;
    }
    long millis = clock.millis();
    long minute = millis / 60_000;
    Window w = windows.computeIfAbsent(accountSid, k -> new Window());
    synchronized (w) {
      if (w.minute != minute) {
        w.minute = minute;
        w.count = 0;
      }
      if (w.count >= limit) {
        return Math.max(1, (60_000 - millis % 60_000 + 999) / 1000);
      }
      w.count++;
      return 0;
    }
  }
}
