package io.patchbay.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that runs at a chosen speed off a source clock, or stands still until advanced.
 *
 * <p>At speed 1 it follows the source; at speed 10 a simulated minute passes in six seconds; in
 * manual mode it moves only through {@link #advanceTo}. Switching modes keeps the current
 * instant, so the clock never jumps back.
 *
 * <p><b>Note:</b> an accelerated clock runs ahead of the wall clock, so calls made on it carry
 * future times; that is the price of consistent durations.
 */
public final class VirtualClock extends Clock {
  private final Clock source;
  private volatile State state;

  private record State(Instant anchor, Instant sourceAnchor, double speed) {
    boolean manual() {
      return speed == 0;
    }
  }

  private VirtualClock(Clock source, State state) {
    this.source = source;
    this.state = state;
  }

  /**
   * A clock that starts at the source's instant and runs at {@code speed}.
   *
   * @throws IllegalArgumentException if {@code speed} is not positive and finite
   */
  public static VirtualClock running(Clock source, double speed) {
    checkSpeed(speed);
    Instant now = source.instant();
    return new VirtualClock(source, new State(now, now, speed));
  }

  /** A manual clock standing at {@code start}. */
  public static VirtualClock manual(Clock source, Instant start) {
    Objects.requireNonNull(start, "start");
    return new VirtualClock(source, new State(start, source.instant(), 0));
  }

  @Override
  public Instant instant() {
    State s = state;
    if (s.manual()) {
      return s.anchor;
    }
    long elapsedNanos = Duration.between(s.sourceAnchor, source.instant()).toNanos();
    if (s.speed == 1) {
      return s.anchor.plusNanos(elapsedNanos);
    }
    return s.anchor.plusNanos((long) (elapsedNanos * s.speed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a virtual clock is always UTC");
  }

  /** Whether the clock stands still until advanced. */
  public boolean isManual() {
    return state.manual();
  }

  /** The speed factor; 0 for a manual clock. */
  public double speed() {
    return state.speed;
  }

  /** Stops the clock where it is; it then moves only through {@link #advanceTo}. */
  public synchronized void setManual() {
    state = new State(instant(), source.instant(), 0);
  }

  /**
   * Lets the clock run from where it is at {@code speed}.
   *
   * @throws IllegalArgumentException if {@code speed} is not positive and finite
   */
  public synchronized void setRunning(double speed) {
    checkSpeed(speed);
    state = new State(instant(), source.instant(), speed);
  }

  /**
   * Moves a manual clock to {@code target}.
   *
   * @throws IllegalStateException if the clock is running
   * @throws IllegalArgumentException if {@code target} is before the clock's instant
   */
  public synchronized void advanceTo(Instant target) {
    State s = state;
    if (!s.manual()) {
      throw new IllegalStateException("only a manual clock can be advanced");
    }
    if (target.isBefore(s.anchor)) {
      throw new IllegalArgumentException(
          "a clock never goes back: " + target + " is before " + s.anchor);
    }
    state = new State(target, source.instant(), 0);
  }

  /** Wall-clock nanoseconds until the clock reaches {@code due}; huge when manual. */
  public long sourceNanosUntil(Instant due) {
    State s = state;
    if (s.manual()) {
      return Long.MAX_VALUE;
    }
    long virtualNanos = Duration.between(instant(), due).toNanos();
    return virtualNanos <= 0 ? 0 : (long) (virtualNanos / s.speed);
  }

  private static void checkSpeed(double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be positive and finite: " + speed);
    }
  }
}
