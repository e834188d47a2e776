package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Sids;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's and the readers' views of a live call's log. */
class LiveCallTest {
  private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

  private final Call call = new Call(Sids.newCallSid(), "acme", Direction.INBOUND,
      "+918000000000", T0, null, "+919900000001", null, CallOptions.defaults(), null, null);
  private final LiveCall live = new LiveCall(call, null,
      new CallEvent(0, T0, EventType.CALL_CREATED, 0, Map.of()));

  @Test
  void snapshot_beforeAnythingIsDurable_isEmptyAndTheCallUnseen() {
    assertThat(live.snapshot()).isEmpty();
    assertThat(live.unseen()).isTrue();
    assertThat(live.all()).hasSize(1);
  }

  @Test
  void append_eventsNotDurableYet_areInTheDriversViewOnly() {
    live.durableThrough(0);

    CallEvent ringing = live.append(T0.plusSeconds(1), EventType.LEG_RINGING, 1, Map.of());

    assertThat(ringing.seq()).isEqualTo(1);
    assertThat(live.all()).extracting(CallEvent::type)
        .containsExactly(EventType.CALL_CREATED, EventType.LEG_RINGING);
    assertThat(live.snapshot()).extracting(CallEvent::type)
        .containsExactly(EventType.CALL_CREATED);
    assertThat(live.unseen()).isFalse();
  }

  @Test
  void durableThrough_inOrder_showsEachEventOnceItIsDurable() {
    live.durableThrough(0);
    live.append(T0, EventType.LEG_DIALLED, 1, Map.of());
    live.append(T0, EventType.LEG_RINGING, 1, Map.of());
    List<Integer> seen = new ArrayList<>();

    live.durableThrough(1);
    seen.add(live.snapshot().size());
    live.durableThrough(2);
    seen.add(live.snapshot().size());
    live.durableThrough(1);
    seen.add(live.snapshot().size());

    assertThat(seen).containsExactly(2, 3, 3);
    assertThat(live.before(2)).extracting(CallEvent::seq).containsExactly(0, 1);
  }

  @Test
  void stuck_aFailedEvent_freezesTheReadersView() {
    live.durableThrough(0);
    live.append(T0, EventType.LEG_DIALLED, 1, Map.of());
    live.append(T0, EventType.LEG_RINGING, 1, Map.of());

    live.stuck();
    live.durableThrough(2);

    assertThat(live.snapshot()).hasSize(1);
  }

  @Test
  void ifKept_droppedByAReset_publishesNothing() {
    List<String> published = new ArrayList<>();
    live.ifKept(() -> published.add("before"));

    live.drop();
    live.ifKept(() -> published.add("after"));

    assertThat(published).containsExactly("before");
  }
}
