package io.patchbay.telephony.sim;

/** What a simulated phone does when it is dialled. */
public enum Outcome {
  /** Rings, then answers. */
  ANSWER,
  /** Rejects with a busy signal. */
  BUSY,
  /** Rings until the caller gives up. */
  NO_ANSWER,
  /** The network cannot complete the call. */
  FAILED,
  /** The network refuses to dial it at all. */
  UNREACHABLE;

  /**
   * The outcome named {@code name} (lowercase, {@code no_answer} or {@code no-answer}).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Outcome parse(String name) {
    String n = name == null ? "" : name.replace('-', '_');
    for (Outcome o : values()) {
      if (o.name().toLowerCase(java.util.Locale.ROOT).equals(n)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + name
        + "' (expected answer, busy, no_answer, failed or unreachable)");
  }
}
