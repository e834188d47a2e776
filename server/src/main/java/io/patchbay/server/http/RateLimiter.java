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
   * Counts one request of {@code accountSid}.
   *
   * @return 0 when allowed, else the seconds to wait (at least 1)
   */
  public long acquire(String accountSid) {
    if (perMinute == 0) {
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
      if (w.count >= perMinute) {
        return Math.max(1, (60_000 - millis % 60_000 + 999) / 1000);
      }
      w.count++;
      return 0;
    }
  }
}
