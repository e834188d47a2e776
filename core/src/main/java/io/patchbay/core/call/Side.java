package io.patchbay.core.call;

/** Which side of the conversation a leg reaches: an agent or the customer. */
public enum Side {
  AGENT("agent"),
  CUSTOMER("customer");

  private final String wire;

  Side(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * The role named {@code wire}.
   *
   * @throws IllegalArgumentException if {@code wire} is neither agent nor customer
   */
  public static Side fromWire(String wire) {
    for (Side r : values()) {
      if (r.wire.equals(wire)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown leg side: '" + wire + "'");
  }
}
