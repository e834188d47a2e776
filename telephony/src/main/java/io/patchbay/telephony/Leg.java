package io.patchbay.telephony;

/** A dialled leg, as the driver holds it. */
public interface Leg {
  /** Hangs the leg up from our side; its listener hears nothing more. */
  void hangup();

  /**
   * Makes a ringing leg answer now, as if its party picked up (the control plane's force).
   *
   * @return false when the leg is not ringing (answered already, or over)
   */
  boolean answerNow();
}
