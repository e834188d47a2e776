package io.patchbay.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which event fires which callback (contract §5). */
class TriggersTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final List<CallEvent> log = new ArrayList<>();

  private List<CallEvent> add(EventType type, int leg, Map<String, String> data) {
    log.add(new CallEvent(log.size(), T0.plusSeconds(log.size()), type, leg, data));
    return log;
  }

  private List<CallEvent> dial(int leg, String side) {
    return add(EventType.LEG_DIALLED, leg, Map.of("side", side));
  }

  @Test
  void outbound_agentAnswers_firesNothing_customerAnswers_firesAnswered() {
    add(EventType.CALL_CREATED, 0, Map.of());
    dial(1, "agent");
    Optional<String> agent = Triggers.fired(Direction.OUTBOUND,
        add(EventType.LEG_ANSWERED, 1, Map.of()));
    dial(2, "customer");
    Optional<String> customer = Triggers.fired(Direction.OUTBOUND,
        add(EventType.LEG_ANSWERED, 2, Map.of()));
    Optional<String> bridged = Triggers.fired(Direction.OUTBOUND,
        add(EventType.BRIDGED, 0, Map.of("agent_leg", "1", "customer_leg", "2")));

    assertThat(agent).isEmpty();
    assertThat(customer).contains("answered");
    assertThat(bridged).isEmpty();
  }

  @Test
  void inbound_firstAgentAnswer_firesAnswered_aSecondAgentDoesNot() {
    add(EventType.CALL_CREATED, 0, Map.of());
    dial(1, "customer");
    Optional<String> caller = Triggers.fired(Direction.INBOUND,
        add(EventType.LEG_ANSWERED, 1, Map.of()));
    dial(2, "agent");
    Optional<String> first = Triggers.fired(Direction.INBOUND,
        add(EventType.LEG_ANSWERED, 2, Map.of()));
    dial(3, "agent");
    Optional<String> second = Triggers.fired(Direction.INBOUND,
        add(EventType.LEG_ANSWERED, 3, Map.of()));

    assertThat(caller).isEmpty();
    assertThat(first).contains("answered");
    assertThat(second).isEmpty();
  }

  @Test
  void terminal_always_firesTerminal() {
    add(EventType.CALL_CREATED, 0, Map.of());
    add(EventType.CALL_ENDED, 0, Map.of());

    assertThat(Triggers.fired(Direction.OUTBOUND, add(EventType.TERMINAL, 0, Map.of())))
        .contains("terminal");
    assertThat(Triggers.mayFire(EventType.TERMINAL)).isTrue();
    assertThat(Triggers.mayFire(EventType.LEG_RINGING)).isFalse();
    assertThat(Triggers.fired(Direction.OUTBOUND, List.of())).isEmpty();
  }
}
