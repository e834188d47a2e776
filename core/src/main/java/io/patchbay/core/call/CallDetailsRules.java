package io.patchbay.core.call;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The pure rules of contract §3: derives every field of the call details from the call and its
 * event log. Nothing here reads a clock or a store.
 *
 * <p>All durations are computed from times truncated to whole seconds, the precision the details
 * show, so that {@code total_duration} always equals {@code end_time - start_time} as printed.
 */
public final class CallDetailsRules {
  private CallDetailsRules() {}

  /**
   * Derives the call details.
   *
   * @param call what was fixed at creation
   * @param events the whole log, in order
   * @param zone the account's time zone, in which times are written
   * @throws IllegalArgumentException if the log is not in order or names a side it cannot have
   */
  public static CallDetails derive(Call call, List<CallEvent> events, ZoneId zone) {
    Legs legs = Legs.of(events);
    boolean terminal = legs.terminal();

    Legs.Leg agentLeg = call.direction() == Direction.OUTBOUND
        ? legs.first(Side.AGENT) : legs.last(Side.AGENT);
    Legs.Leg customerLeg = legs.first(Side.CUSTOMER);
    AgentRef agent = call.direction() == Direction.OUTBOUND || agentLeg == null
        ? call.agent() : agentLeg.agent();
    if (agent == null) {
      agent = new AgentRef(null, null, null, null, null);
    }

    Instant created = call.createdAt();
    Instant start = legs.firstDialAt() != null ? legs.firstDialAt() : created;
    Instant updated = events.isEmpty() ? created : events.get(events.size() - 1).at();
    Instant end = legs.endedAt();

    return new CallDetails(
        call.sid(),
        call.direction(),
        call.virtualNumber(),
        terminal,
        terminal ? outcome(call.direction(), legs) : null,
        agent,
        agentLeg == null ? null : agentLeg.status(),
        call.customerName(),
        call.customerUri(),
        customerLeg == null ? null : customerLeg.status(),
        time(created, zone),
        time(updated, zone),
        time(start, zone),
        terminal && end != null ? time(end, zone) : null,
        terminal && end != null ? seconds(start, end) : null,
        terminal ? legs.talkSeconds() : null,
        call.options().customField(),
        call.appId(),
        call.appName(),
        legs.digits(),
        terminal ? legs.recordings() : null);
  }

  /** The outcome of a finished call, following contract §3. */
  static CallStatus outcome(Direction direction, Legs legs) {
    if (direction == Direction.INBOUND) {
      if (legs.everBridged()) {
        return CallStatus.COMPLETED;
      }
      return legs.first(Side.AGENT) != null
          ? CallStatus.AGENT_UNANSWERED : CallStatus.AGENT_NO_DIAL;
    }

    Legs.Leg agent = legs.first(Side.AGENT);
    if (agent == null) {
      return CallStatus.AGENT_NO_DIAL;
    }
    if (agent.answeredAt() == null) {
      return CallStatus.AGENT_UNANSWERED;
    }
    Legs.Leg customer = legs.first(Side.CUSTOMER);
    if (customer == null) {
      return CallStatus.CUSTOMER_NO_DIAL;
    }
    if (legs.everBridged()) {
      return CallStatus.COMPLETED;
    }
    if (customer.answeredAt() == null && "peer".equals(customer.hangupBy())) {
      return CallStatus.AGENT_CANCELED;
    }
    return CallStatus.CUSTOMER_UNANSWERED;
  }

  static OffsetDateTime time(Instant at, ZoneId zone) {
    return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), zone);
  }

  static long seconds(Instant from, Instant to) {
    long s = to.getEpochSecond() - from.getEpochSecond();
    return Math.max(0, s);
  }

  /**
   * The length of each finished conversation of a call, in whole seconds, in order: what each
   * recording of the call lasts.
   *
   * @throws IllegalArgumentException if the log is not in order
   */
  public static List<Long> conversationSeconds(List<CallEvent> events) {
    return Legs.of(events).conversationSeconds();
  }
}
