package io.patchbay.telephony;

import java.util.Optional;

/**
 * The port through which calls reach phones: the simulator now, SIP later.
 */
public interface TelephonyEngine {
  /**
   * Hands a leg to the network.
   *
   * @return the leg, or empty when the network refuses to dial it at all (the leg is then
   *     "never dialled" in the call details)
   */
  Optional<Leg> dial(DialRequest request, LegListener listener);
}
