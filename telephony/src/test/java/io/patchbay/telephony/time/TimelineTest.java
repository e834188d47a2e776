package io.patchbay.telephony.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.time.VirtualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final Instant START = Instant.parse("2026-03-02T04:30:00Z");

  private final VirtualClock clock = VirtualClock.manual(Clock.systemUTC(), START);
  private final Timeline timeline = Timeline.create("test", clock);
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void closeTimeline() {
    timeline.close();
  }

  @Test
  void advance_tasksScheduledOutOfOrder_runInDueOrderAtTheirInstants() {
    timeline.after(Duration.ofSeconds(3), "c", record("third"));
    timeline.after(Duration.ofSeconds(1), "c", record("first"));
    timeline.after(Duration.ofSeconds(2), "c", record("second"));

    timeline.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly(
        "first@" + START.plusSeconds(1),
        "second@" + START.plusSeconds(2),
        "third@" + START.plusSeconds(3));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));
  }

  @Test
  void advance_tasksDueAtSameInstant_runInSchedulingOrder() {
    timeline.at(START.plusSeconds(2), "c", record("a"));
    timeline.at(START.plusSeconds(2), "c", record("b"));
    timeline.at(START.plusSeconds(2), "c", record("c"));

    timeline.advance(Duration.ofSeconds(2));

    assertThat(ran).extracting(s -> s.substring(0, 1)).containsExactly("a", "b", "c");
  }

  @Test
  void advance_shortOfDueInstant_leavesLaterTasksWaiting() {
    timeline.after(Duration.ofSeconds(1), "c", record("early"));
    timeline.after(Duration.ofSeconds(10), "c", record("late"));

    timeline.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("early@" + START.plusSeconds(1));
    assertThat(timeline.pending()).isEqualTo(1);

    timeline.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly(
        "early@" + START.plusSeconds(1), "late@" + START.plusSeconds(10));
    assertThat(timeline.pending()).isZero();
  }

  @Test
  void advance_taskSchedulesAnotherWithinWindow_bothRunInOneAdvance() {
    timeline.after(Duration.ofSeconds(1), "c", () -> {
      ran.add("outer@" + clock.instant());
      timeline.after(Duration.ofSeconds(2), "c", record("inner"));
    });

    timeline.advance(Duration.ofSeconds(10));

    assertThat(ran).containsExactly(
        "outer@" + START.plusSeconds(1), "inner@" + START.plusSeconds(3));
  }

  @Test
  void advance_taskDueInThePast_runsAtCurrentInstantWithoutGoingBack() {
    timeline.advance(Duration.ofSeconds(10));
    timeline.at(START.plusSeconds(4), "c", record("late"));

    timeline.advance(Duration.ofSeconds(1));

    assertThat(ran).hasSize(1);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(11));
    assertThat(Instant.parse(ran.get(0).substring("late@".length())))
        .isAfterOrEqualTo(START.plusSeconds(10));
  }

  @Test
  void cancel_beforeDue_taskNeverRuns() {
    Timer doomed = timeline.after(Duration.ofSeconds(2), "c", record("doomed"));
    timeline.after(Duration.ofSeconds(3), "c", record("kept"));

    doomed.cancel();

    assertThat(timeline.pending()).isEqualTo(1);

    timeline.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("kept@" + START.plusSeconds(3));
  }

  @Test
  void cancel_byEarlierTaskAtSameInstant_laterTaskNeverRuns() {
    AtomicReference<Timer> victim = new AtomicReference<>();
    timeline.after(Duration.ofSeconds(2), "c", () -> victim.get().cancel());
    victim.set(timeline.after(Duration.ofSeconds(2), "c", record("victim")));

    timeline.advance(Duration.ofSeconds(2));

    assertThat(ran).isEmpty();
  }

  @Test
  void cancel_afterRunning_doesNothing() {
    Timer timer = timeline.after(Duration.ofSeconds(1), "c", record("once"));
    timeline.advance(Duration.ofSeconds(1));

    timer.cancel();
    timeline.advance(Duration.ofSeconds(1));

    assertThat(ran).containsExactly("once@" + START.plusSeconds(1));
  }

  @Test
  void now_manualClock_runsWithoutAdvance() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Instant> seen = new AtomicReference<>();

    timeline.now("c", () -> {
      seen.set(clock.instant());
      done.countDown();
    });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void at_pastInstantOnManualClock_runsWithoutAdvance() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    timeline.advance(Duration.ofMinutes(1));

    timeline.at(START, "c", done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void advance_runningClock_throws() {
    VirtualClock running = VirtualClock.running(Clock.systemUTC(), 1);
    try (Timeline onRunning = Timeline.create("running", running)) {
      assertThatThrownBy(() -> onRunning.advance(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class);
    }

    timeline.setRunning(1);

    assertThatThrownBy(() -> timeline.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void advance_negativeAmount_throws() {
    assertThatThrownBy(() -> timeline.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void advance_taskThrows_laterTasksStillRun() {
    timeline.after(Duration.ofSeconds(1), "c", () -> {
      throw new IllegalStateException("boom (expected by the test)");
    });
    timeline.after(Duration.ofSeconds(2), "c", record("after"));

    timeline.advance(Duration.ofSeconds(3));

    assertThat(ran).containsExactly("after@" + START.plusSeconds(2));
  }

  @Test
  void runningClock_taskDueLater_runsOnDriverThreadAtOrAfterDue() throws InterruptedException {
    timeline.setRunning(1_000);
    Instant due = clock.instant().plusSeconds(20);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Instant> seen = new AtomicReference<>();

    timeline.at(due, "c", () -> {
      seen.set(clock.instant());
      done.countDown();
    });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get()).isAfterOrEqualTo(due);
  }

  @Test
  void setManual_afterRunning_stopsTheClockAndAdvanceWorksAgain() {
    timeline.setRunning(1);
    timeline.setManual();
    Instant stopped = clock.instant();
    timeline.after(Duration.ofSeconds(30), "c", record("later"));

    timeline.advance(Duration.ofSeconds(30));

    assertThat(ran).containsExactly("later@" + stopped.plusSeconds(30));
  }

  @Test
  void close_pendingTasks_areDropped() {
    timeline.after(Duration.ofSeconds(1), "c", record("never"));

    timeline.close();

    assertThat(timeline.pending()).isZero();
    timeline.advance(Duration.ofSeconds(5));
    assertThat(ran).isEmpty();
  }

  private Runnable record(String name) {
    return () -> ran.add(name + "@" + clock.instant());
  }
}
