package io.patchbay.telephony.time;

import java.time.Instant;
import java.util.Optional;

/**
 * Where account clocks are remembered across restarts, so that a clock set ahead, stopped or
 * sped up through the control plane is where it was (plus the time that passed at its speed)
 * when Patchbay starts again.
 */
public interface ClockMemory {
  /**
   * A remembered clock.
   *
   * @param instant the clock's instant when remembered
   * @param wallAt the wall-clock instant it was remembered at
   * @param speed its speed then; 0 for a manual clock
   * @param explicit whether the control plane set it (else it ran on the server's default)
   */
  record State(Instant instant, Instant wallAt, double speed, boolean explicit) {}

  Optional<State> load(String accountSid);

  void save(String accountSid, State state);

  /** Remembers nothing. */
  static ClockMemory none() {
    return new ClockMemory() {
      @Override
      public Optional<State> load(String accountSid) {
        return Optional.empty();
      }

      @Override
      public void save(String accountSid, State state) {}
    };
  }
}
