package io.patchbay.telephony.time;

import io.patchbay.core.time.VirtualClock;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Timeline} per account, made on first use with the server's default clock mode.
 */
public final class Timelines implements AutoCloseable {
  private final Clock source;
  private final double defaultSpeed;
  private final Map<String, Timeline> byAccount = new ConcurrentHashMap<>();

  /**
   * Creates the registry.
   *
   * @param source the wall clock that running clocks follow
   * @param defaultSpeed the speed of new accounts' clocks; 0 makes them manual
   * @throws IllegalArgumentException if {@code defaultSpeed} is negative or not finite
   */
  public Timelines(Clock source, double defaultSpeed) {
    if (defaultSpeed < 0 || Double.isNaN(defaultSpeed) || Double.isInfinite(defaultSpeed)) {
      throw new IllegalArgumentException("speed must be 0 (manual) or positive: " + defaultSpeed);
    }
    this.source = source;
    this.defaultSpeed = defaultSpeed;
  }

  /** The account's timeline. */
  public Timeline of(String accountSid) {
    return byAccount.computeIfAbsent(accountSid, sid -> Timeline.create(sid,
        defaultSpeed == 0
            ? VirtualClock.manual(source, source.instant())
            : VirtualClock.running(source, defaultSpeed)));
  }

  @Override
  public void close() {
    byAccount.values().forEach(Timeline::close);
    byAccount.clear();
  }
}
