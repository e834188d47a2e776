package io.patchbay.telephony.time;

import io.patchbay.core.time.VirtualClock;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link Timeline} per account, made on first use with the server's default clock mode.
 */
public final class Timelines implements AutoCloseable {
  private final Clock source;
  private final double defaultSpeed;
  private final Map<String, Timeline> byAccount = new ConcurrentHashMap<>();
  private final Function<String, Optional<Instant>> floor;

  /**
   * Creates the registry.
   *
   * @param source the wall clock that running clocks follow
   * @param defaultSpeed the speed of new accounts' clocks; 0 makes them manual
   * @throws IllegalArgumentException if {@code defaultSpeed} is negative or not finite
   */
  public Timelines(Clock source, double defaultSpeed) {
    this(source, defaultSpeed, sid -> Optional.empty());
  }

  /**
   * Creates the registry; each account's clock starts no earlier than {@code floor} says (the
   * latest instant already recorded for the account), so times never go back across restarts.
   */
  public Timelines(Clock source, double defaultSpeed,
      Function<String, Optional<Instant>> floor) {
    if (defaultSpeed < 0 || Double.isNaN(defaultSpeed) || Double.isInfinite(defaultSpeed)) {
      throw new IllegalArgumentException("speed must be 0 (manual) or positive: " + defaultSpeed);
    }
    this.source = source;
    this.defaultSpeed = defaultSpeed;
    this.floor = floor;
  }

  /** The account's timeline. */
  public Timeline of(String accountSid) {
    return byAccount.computeIfAbsent(accountSid, sid -> {
      Instant now = source.instant();
      Instant start = floor.apply(sid).filter(f -> f.isAfter(now)).orElse(now);
      VirtualClock clock = VirtualClock.manual(source, start);
      if (defaultSpeed > 0) {
        clock.setRunning(defaultSpeed);
      }
      return Timeline.create(sid, clock);
    });
  }

  @Override
  public void close() {
    byAccount.values().forEach(Timeline::close);
    byAccount.clear();
  }
}
