package io.patchbay.telephony.time;

/** A task scheduled on a {@link Timeline}; cancelling a task that already ran does nothing. */
public interface Timer {
  void cancel();
}
