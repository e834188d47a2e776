package io.patchbay.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VirtualClockTest {
  private static final Instant WALL = Instant.parse("2026-03-02T04:30:00Z");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** A source clock that moves only when the test says so. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void tick(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final MutableClock source = new MutableClock(WALL);

  @Test
  void running_speedOne_followsTheSource() {
    VirtualClock clock = VirtualClock.running(source, 1);

    source.tick(Duration.ofMillis(1_234));

    assertThat(clock.instant()).isEqualTo(WALL.plusMillis(1_234));
    assertThat(clock.isManual()).isFalse();
    assertThat(clock.speed()).isEqualTo(1.0);
  }

  @Test
  void running_speedTen_runsTenTimesFaster() {
    VirtualClock clock = VirtualClock.running(source, 10);
    assertThat(clock.instant()).isEqualTo(WALL);

    source.tick(Duration.ofSeconds(6));

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(60));

    source.tick(Duration.ofMillis(150));

    assertThat(clock.instant()).isEqualTo(WALL.plusMillis(61_500));
  }

  @Test
  void running_fractionalSpeed_runsSlower() {
    VirtualClock clock = VirtualClock.running(source, 0.5);

    source.tick(Duration.ofSeconds(10));

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(5));
  }

  @ParameterizedTest(name = "speed {0}")
  @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void running_badSpeed_isRejected(double speed) {
    assertThatThrownBy(() -> VirtualClock.running(source, speed))
        .isInstanceOf(IllegalArgumentException.class);

    VirtualClock clock = VirtualClock.manual(source, START);
    assertThatThrownBy(() -> clock.setRunning(speed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.isManual()).isTrue();
  }

  @Test
  void manual_sourceMoves_clockStandsStill() {
    VirtualClock clock = VirtualClock.manual(source, START);

    source.tick(Duration.ofHours(3));

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.isManual()).isTrue();
    assertThat(clock.speed()).isZero();
  }

  @Test
  void advanceTo_manualClock_movesExactlyThere() {
    VirtualClock clock = VirtualClock.manual(source, START);

    clock.advanceTo(START.plusSeconds(90));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));

    clock.advanceTo(START.plusSeconds(90));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
  }

  @Test
  void advanceTo_earlierInstant_isRejectedAndClockStays() {
    VirtualClock clock = VirtualClock.manual(source, START);
    clock.advanceTo(START.plusSeconds(10));

    assertThatThrownBy(() -> clock.advanceTo(START.plusSeconds(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never goes back");

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(10));
  }

  @Test
  void advanceTo_runningClock_isRejected() {
    VirtualClock clock = VirtualClock.running(source, 10);

    assertThatThrownBy(() -> clock.advanceTo(WALL.plusSeconds(60)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(clock.instant()).isEqualTo(WALL);
  }

  @Test
  void setManual_runningClock_keepsTheInstantAndStops() {
    VirtualClock clock = VirtualClock.running(source, 10);
    source.tick(Duration.ofSeconds(2));

    clock.setManual();

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(20));

    source.tick(Duration.ofSeconds(5));

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(20));
    assertThat(clock.isManual()).isTrue();
  }

  @Test
  void setRunning_manualClock_runsOnFromTheInstant() {
    VirtualClock clock = VirtualClock.manual(source, START);
    clock.advanceTo(START.plusSeconds(30));
    source.tick(Duration.ofMinutes(7));

    clock.setRunning(10);

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(30));

    source.tick(Duration.ofSeconds(1));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(40));
    assertThat(clock.speed()).isEqualTo(10.0);
  }

  @Test
  void setRunning_changingSpeed_keepsTheInstant() {
    VirtualClock clock = VirtualClock.running(source, 10);
    source.tick(Duration.ofSeconds(3));

    clock.setRunning(2);

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(30));

    source.tick(Duration.ofSeconds(3));

    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(36));
  }

  @Test
  void modeSwitches_manySwitches_neverGoBack() {
    VirtualClock clock = VirtualClock.running(source, 10);
    Instant previous = clock.instant();

    for (int i = 0; i < 20; i++) {
      source.tick(Duration.ofMillis(250));
      if (i % 2 == 0) {
        clock.setManual();
        clock.advanceTo(clock.instant().plusSeconds(1));
      } else {
        clock.setRunning(1 + i);
      }
      Instant now = clock.instant();
      assertThat(now).isAfterOrEqualTo(previous);
      previous = now;
    }

    assertThat(previous).isAfter(WALL.plusSeconds(10));
  }

  @Test
  void sourceNanosUntil_running_scalesBySpeed() {
    VirtualClock clock = VirtualClock.running(source, 10);

    assertThat(clock.sourceNanosUntil(WALL.plusSeconds(10)))
        .isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(clock.sourceNanosUntil(WALL)).isZero();
    assertThat(clock.sourceNanosUntil(WALL.minusSeconds(5))).isZero();
  }

  @Test
  void sourceNanosUntil_manual_isHuge() {
    VirtualClock clock = VirtualClock.manual(source, START);

    assertThat(clock.sourceNanosUntil(START.plusSeconds(1))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void zone_always_isUtc() {
    VirtualClock clock = VirtualClock.manual(source, START);

    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThatThrownBy(() -> clock.withZone(ZoneId.of("Asia/Kolkata")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
