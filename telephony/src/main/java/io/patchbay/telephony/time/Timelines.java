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
  private final ClockMemory memory;

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
    this(source, defaultSpeed, floor, ClockMemory.none());
  }

  /**
   * Creates the registry with a memory: an account's clock comes back where it was remembered,
   * moved on by the wall time that passed at its speed; one the control plane had set keeps its
   * mode and speed, others take {@code defaultSpeed}. Every change is remembered.
   */
  public Timelines(Clock source, double defaultSpeed,
      Function<String, Optional<Instant>> floor, ClockMemory memory) {
    if (defaultSpeed < 0 || Double.isNaN(defaultSpeed) || Double.isInfinite(defaultSpeed)) {
      throw new IllegalArgumentException("speed must be 0 (manual) or positive: " + defaultSpeed);
    }
    this.source = source;
    this.defaultSpeed = defaultSpeed;
    this.floor = floor;
    this.memory = memory;
  }

  /** The account's timeline. */
  public Timeline of(String accountSid) {
    return byAccount.computeIfAbsent(accountSid, sid -> {
      Instant now = source.instant();
      Optional<ClockMemory.State> saved = memory.load(sid);
      Instant start = saved.map(s -> resumed(s, now)).orElse(now);
      Optional<Instant> recorded = floor.apply(sid);
      if (recorded.isPresent() && recorded.get().isAfter(start)) {
        start = recorded.get();
      }
      boolean explicit = saved.map(ClockMemory.State::explicit).orElse(false);
      double speed = explicit ? saved.get().speed() : defaultSpeed;
      VirtualClock clock = VirtualClock.manual(source, start);
      if (speed > 0) {
        clock.setRunning(speed);
      }
      Timeline timeline = Timeline.create(sid, clock);
      timeline.onChange(c -> remember(sid, c, true));
      remember(sid, clock, explicit);
      return timeline;
    });
  }

  /** Where a remembered clock is now: a manual one where it stood, a running one moved on. */
  private static Instant resumed(ClockMemory.State s, Instant now) {
    if (s.speed() == 0 || !now.isAfter(s.wallAt())) {
      return s.instant();
    }
    long passed = java.time.Duration.between(s.wallAt(), now).toNanos();
    return s.instant().plusNanos((long) (passed * s.speed()));
  }

  private void remember(String sid, VirtualClock clock, boolean explicit) {
    memory.save(sid, new ClockMemory.State(clock.instant(), source.instant(),
        clock.isManual() ? 0 : clock.speed(), explicit));
  }

  @Override
  public void close() {
    byAccount.values().forEach(Timeline::close);
    byAccount.clear();
  }
}
