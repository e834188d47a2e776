package io.patchbay.core.call;

/** Who started a call: a customer dialling an ExoPhone, or an agent through the API. */
public enum Direction {
  INBOUND("inbound"),
  OUTBOUND("outbound");

  private final String wire;

  Direction(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * The direction named {@code wire}.
   *
   * @throws IllegalArgumentException if {@code wire} is neither inbound nor outbound
   */
  public static Direction fromWire(String wire) {
    for (Direction d : values()) {
      if (d.wire.equals(wire)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown direction: '" + wire + "'");
  }
}
