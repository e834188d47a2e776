package io.patchbay.telephony;

/** A dialled leg, as the driver holds it. */
public interface Leg {
  /** Hangs the leg up from our side; its listener hears nothing more. */
  void hangup();
}
