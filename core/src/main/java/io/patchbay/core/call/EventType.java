package io.patchbay.core.call;

/**
 * The kinds of entry in a call's event log. The wire name is what the legs extension endpoint
 * shows and what the store keeps.
 *
 * <p>The data each kind carries (all values are strings):
 * <ul>
 *   <li>{@link #LEG_DIALLED}: {@code side}, {@code contact_uri}, and for agents {@code user_id},
 *       {@code user_name}, {@code group_id}, {@code group_name} when known
 *   <li>{@link #LEG_NOT_DIALLED}: {@code side}, {@code reason}
 *   <li>{@link #LEG_ENDED}: {@code status} (a final {@link LegStatus}), {@code hangup_by}
 *       ({@code self}, {@code peer} or {@code system}), {@code reason}
 *   <li>{@link #BRIDGED}, {@link #UNBRIDGED}: {@code agent_leg}, {@code customer_leg}
 *   <li>{@link #DTMF}: {@code digits}
 *   <li>{@link #TRANSFER}: {@code to} and a free-form {@code reason}
 *   <li>{@link #RECORDING_READY}: {@code url}
 * </ul>
 */
public enum EventType {
  CALL_CREATED("call_created"),
  LEG_DIALLED("leg_dialled"),
  LEG_NOT_DIALLED("leg_not_dialled"),
  LEG_RINGING("leg_ringing"),
  LEG_ANSWERED("leg_answered"),
  BRIDGED("bridged"),
  UNBRIDGED("unbridged"),
  DTMF("dtmf"),
  TRANSFER("transfer"),
  LEG_ENDED("leg_ended"),
  CALL_ENDED("call_ended"),
  RECORDING_READY("recording_ready"),
  TERMINAL("terminal");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * The type named {@code wire}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static EventType fromWire(String wire) {
    for (EventType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type: '" + wire + "'");
  }
}
