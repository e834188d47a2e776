package io.patchbay.server.callbacks;

import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.Side;
import java.util.List;
import java.util.Optional;

/**
 * Which status callback event, if any, the last event of a call's log fires (contract §5).
 *
 * <ul>
 *   <li>{@code answered}: outbound, the customer's leg answers (the conversation starts);
 *       inbound, the first agent leg answers. It fires at most once per call.
 *   <li>{@code terminal}: the call turns terminal.
 * </ul>
 */
final class Triggers {
  static final String ANSWERED = "answered";
  static final String TERMINAL = "terminal";

  private Triggers() {}

  /** Whether an event of {@code type} can fire a callback at all (a cheap first check). */
  static boolean mayFire(EventType type) {
    return type == EventType.LEG_ANSWERED || type == EventType.TERMINAL;
  }

  /**
   * The callback event the last entry of {@code log} fires.
   *
   * @param log the call's whole log, the new event last
   */
  static Optional<String> fired(Direction direction, List<CallEvent> log) {
    if (log.isEmpty()) {
      return Optional.empty();
    }
    CallEvent last = log.get(log.size() - 1);
    if (last.type() == EventType.TERMINAL) {
      return Optional.of(TERMINAL);
    }
    if (last.type() != EventType.LEG_ANSWERED) {
      return Optional.empty();
    }
    Side wanted = direction == Direction.OUTBOUND ? Side.CUSTOMER : Side.AGENT;
    if (side(log, last.leg()) != wanted) {
      return Optional.empty();
    }
    for (int i = 0; i < log.size() - 1; i++) {
      CallEvent e = log.get(i);
      if (e.type() == EventType.LEG_ANSWERED && side(log, e.leg()) == wanted) {
        return Optional.empty();
      }
    }
    return Optional.of(ANSWERED);
  }

  private static Side side(List<CallEvent> log, int leg) {
    for (CallEvent e : log) {
      if (e.type() == EventType.LEG_DIALLED && e.leg() == leg) {
        try {
          return Side.fromWire(e.get("side"));
        } catch (IllegalArgumentException ex) {
          return null;
        }
      }
    }
    return null;
  }
}
