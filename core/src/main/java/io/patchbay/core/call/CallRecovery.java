package io.patchbay.core.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finishes honestly a call that was live when its process stopped: every leg still up ends at
 * the restart instant (answered legs as completed, others as no-answer), a customer never reached
 * after the agent answered is marked never dialled, and the call ends and turns terminal.
 */
public final class CallRecovery {
  private CallRecovery() {}

  /**
   * The events that close the call, to append after {@code events}.
   *
   * @param now the restart instant; earlier instants are raised to the last event's
   * @return nothing when the call is already terminal
   */
  public static List<CallEvent> closingEvents(Call call, List<CallEvent> events, Instant now) {
    Legs legs = Legs.of(events);
    if (legs.terminal()) {
      return List.of();
    }
    Instant last = events.isEmpty() ? call.createdAt() : events.get(events.size() - 1).at();
    Instant at = now.isBefore(last) ? last : now;
    int seq = events.size();
    List<CallEvent> out = new ArrayList<>();
    Map<String, String> reason = Map.of("hangup_by", "system", "reason", "restart");

    if (legs.endedAt() == null) {
      boolean customerDialled = legs.first(Side.CUSTOMER) != null;
      for (Legs.Leg leg : legs.all()) {
        if (leg.endStatus == null) {
          LegStatus status = leg.answeredAt != null ? LegStatus.COMPLETED : LegStatus.NO_ANSWER;
          Map<String, String> data = new java.util.HashMap<>(reason);
          data.put("status", status.wire());
          out.add(new CallEvent(seq++, at, EventType.LEG_ENDED, leg.number, data));
        }
      }
      Legs.Leg agent = legs.first(Side.AGENT);
      if (call.direction() == Direction.OUTBOUND && agent != null && agent.answeredAt != null
          && !customerDialled) {
        out.add(new CallEvent(seq++, at, EventType.LEG_NOT_DIALLED, 2,
            Map.of("side", Side.CUSTOMER.wire(), "reason", "restart")));
      }
      out.add(new CallEvent(seq++, at, EventType.CALL_ENDED, 0, Map.of()));
    }
    out.add(new CallEvent(seq, at, EventType.TERMINAL, 0, Map.of()));
    return out;
  }
}
