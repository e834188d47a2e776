package io.patchbay.core.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call's legs and conversations, folded from its event log in one pass. Package-private: the
 * rules read it, nothing else does.
 */
final class Legs {
  private final Map<Integer, Leg> legs = new LinkedHashMap<>();
  private final List<long[]> conversations = new ArrayList<>();
  private final List<String> digitGroups = new ArrayList<>();
  private final List<String> recordings = new ArrayList<>();
  private final Map<String, Integer> openBridges = new LinkedHashMap<>();
  private Instant firstDialAt;
  private Instant endedAt;
  private boolean terminal;

  /** One leg's state. */
  static final class Leg {
    final int number;
    final Side side;
    final AgentRef agent;
    Instant dialledAt;
    Instant answeredAt;
    Instant endedAt;
    LegStatus endStatus;
    String hangupBy;

    Leg(int number, Side side, AgentRef agent) {
      this.number = number;
      this.side = side;
      this.agent = agent;
    }

    AgentRef agent() {
      return agent;
    }

    Instant answeredAt() {
      return answeredAt;
    }

    String hangupBy() {
      return hangupBy;
    }

    /** The live or final status; null while dialled and not yet answered. */
    LegStatus status() {
      if (endStatus != null) {
        return endStatus;
      }
      return answeredAt != null ? LegStatus.IN_PROGRESS : null;
    }
  }

  static Legs of(List<CallEvent> events) {
    Legs folded = new Legs();
    Instant previous = Instant.MIN;
    for (CallEvent e : events) {
      if (e.at().isBefore(previous)) {
        throw new IllegalArgumentException("event " + e.seq() + " goes back in time");
      }
      previous = e.at();
      folded.apply(e);
    }
    folded.closeBridges(folded.endedAt);
    return folded;
  }

  private void apply(CallEvent e) {
    switch (e.type()) {
      case LEG_DIALLED -> {
        Side side = Side.fromWire(e.get("side"));
        AgentRef agent = side == Side.AGENT
            ? new AgentRef(e.get("user_id"), e.get("user_name"), e.get("contact_uri"),
                e.get("group_id"), e.get("group_name"))
            : null;
        Leg leg = new Leg(e.leg(), side, agent);
        leg.dialledAt = e.at();
        legs.put(e.leg(), leg);
        if (firstDialAt == null) {
          firstDialAt = e.at();
        }
      }
      case LEG_ANSWERED -> leg(e).answeredAt = e.at();
      case LEG_ENDED -> {
        Leg leg = leg(e);
        leg.endedAt = e.at();
        leg.endStatus = LegStatus.fromWire(e.get("status")).orElseThrow(
            () -> new IllegalArgumentException("event " + e.seq() + " has no final status"));
        leg.hangupBy = e.get("hangup_by");
        closeBridgesOf(e.leg(), e.at());
      }
      case BRIDGED -> {
        openBridges.put(e.get("agent_leg") + "/" + e.get("customer_leg"), conversations.size());
        conversations.add(new long[] {e.at().getEpochSecond(), Long.MIN_VALUE});
      }
      case UNBRIDGED -> closeBridge(e.get("agent_leg") + "/" + e.get("customer_leg"), e.at());
      case DTMF -> digitGroups.add(e.get("digits"));
      case RECORDING_READY -> recordings.add(e.get("url"));
      case CALL_ENDED -> endedAt = e.at();
      case TERMINAL -> terminal = true;
      case CALL_CREATED, LEG_NOT_DIALLED, LEG_RINGING, TRANSFER -> { }
    }
  }

  private Leg leg(CallEvent e) {
    Leg leg = legs.get(e.leg());
    if (leg == null) {
      throw new IllegalArgumentException(
          "event " + e.seq() + " names leg " + e.leg() + " which was never dialled");
    }
    return leg;
  }

  private void closeBridgesOf(int leg, Instant at) {
    for (String key : List.copyOf(openBridges.keySet())) {
      String[] parts = key.split("/");
      if (parts[0].equals(String.valueOf(leg)) || parts[1].equals(String.valueOf(leg))) {
        closeBridge(key, at);
      }
    }
  }

  private void closeBridge(String key, Instant at) {
    Integer index = openBridges.remove(key);
    if (index != null) {
      conversations.get(index)[1] = at.getEpochSecond();
    }
  }

  private void closeBridges(Instant at) {
    if (at == null) {
      return;
    }
    for (String key : List.copyOf(openBridges.keySet())) {
      closeBridge(key, at);
    }
  }

  boolean terminal() {
    return terminal;
  }

  Instant firstDialAt() {
    return firstDialAt;
  }

  Instant endedAt() {
    return endedAt;
  }

  boolean everBridged() {
    return !conversations.isEmpty();
  }

  Leg first(Side side) {
    for (Leg leg : legs.values()) {
      if (leg.side == side) {
        return leg;
      }
    }
    return null;
  }

  /** Every leg, in the order dialled. */
  List<Leg> all() {
    return List.copyOf(legs.values());
  }

  Leg last(Side side) {
    Leg found = null;
    for (Leg leg : legs.values()) {
      if (leg.side == side) {
        found = leg;
      }
    }
    return found;
  }

  /** Seconds of conversation, summed; a conversation still open counts nothing yet. */
  long talkSeconds() {
    long total = 0;
    for (long[] c : conversations) {
      if (c[1] != Long.MIN_VALUE) {
        total += Math.max(0, c[1] - c[0]);
      }
    }
    return total;
  }

  List<Long> conversationSeconds() {
    List<Long> out = new ArrayList<>();
    for (long[] c : conversations) {
      if (c[1] != Long.MIN_VALUE) {
        out.add(Math.max(0, c[1] - c[0]));
      }
    }
    return out;
  }

  String digits() {
    return digitGroups.isEmpty() ? null : String.join("-", digitGroups);
  }

  List<String> recordings() {
    return List.copyOf(recordings);
  }
}
