package io.patchbay.core.call;

import java.util.Optional;

/** The state of one leg as the call details show it. */
public enum LegStatus {
  IN_PROGRESS("in-progress"),
  COMPLETED("completed"),
  FAILED("failed"),
  BUSY("busy"),
  NO_ANSWER("no-answer");

  private final String wire;

  LegStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The final status named {@code wire}, or empty for anything else. */
  public static Optional<LegStatus> fromWire(String wire) {
    for (LegStatus s : values()) {
      if (s.wire.equals(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
