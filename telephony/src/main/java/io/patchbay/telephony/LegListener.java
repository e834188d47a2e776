package io.patchbay.telephony;

import io.patchbay.core.call.LegStatus;

/**
 * What the network reports about a dialled leg. Every method is called on the account's
 * timeline, never concurrently with another task of that account.
 */
public interface LegListener {
  /** The far end is ringing. */
  void onRinging();

  /** The far end picked up. */
  void onAnswered();

  /**
   * The far end ended the leg: rejected it, was busy, failed, or hung up after answering.
   * Not called after the driver itself hung the leg up.
   *
   * @param status the leg's final status
   */
  void onEnded(LegStatus status);
}
