package io.patchbay.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retry delays, the host allow-list and signatures: the pure parts of delivery. */
class PolicyTest {
  @Test
  void retryDelay_defaults_doublesWithinTwentyPercentJitter() {
    CallbackSettings s = CallbackSettings.defaults();

    assertThat(s.retryDelay(1, 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.retryDelay(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.retryDelay(1, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(6));
    assertThat(s.retryDelay(2, 0.5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.retryDelay(20, 0.999)).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.retries()).isEqualTo(2);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void settings_outOfRange_areRefused() {
    CallbackSettings s = CallbackSettings.defaults();

    assertThatThrownBy(() -> s.withRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withRetries(21)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withAllowHosts(List.of("http://x/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.withRetries(10).retries()).isEqualTo(10);
  }

  @Test
  void allowList_patterns_matchHostsOnly() {
    HostAllowList list = HostAllowList.of(List.of("Hooks.Example.com", "*.trusted.test",
        "10.0.0.7", "::1"));

    assertThat(list.allows("https://hooks.example.com/cb?x=1")).isTrue();
    assertThat(list.allows("http://HOOKS.example.com.:8080/cb")).isTrue();
    assertThat(list.allows("https://a.b.trusted.test/")).isTrue();
    assertThat(list.allows("https://trusted.test/")).isFalse();
    assertThat(list.allows("https://eviltrusted.test/")).isFalse();
    assertThat(list.allows("http://10.0.0.7/")).isTrue();
    assertThat(list.allows("http://[::1]:9000/")).isTrue();
    assertThat(list.allows("http://127.0.0.1/")).isFalse();
    assertThat(list.allows("http://hooks.example.com@169.254.169.254/")).isFalse();
    assertThat(list.allows("not a url")).isFalse();
    assertThat(HostAllowList.of(List.of()).allows("http://anything/")).isTrue();
  }

  @Test
  void allowList_badPatterns_areRefused() {
    for (String bad : List.of("", " ", "*", "*.", "a.*.com", "http://x", "x/y", "u@h")) {
      assertThatThrownBy(() -> HostAllowList.of(List.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void sign_knownVector_matchesAnIndependentHmac() {
    String sig = Signature.sign("secret-0123456789", 1_700_000_000L,
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(sig).isEqualTo(
        "v1=692511b180bbcd561410894fd2bedac27a99690e45169490ea808f433b5d0097");
    assertThat(Signature.newSecret()).matches("[0-9a-f]{64}")
        .isNotEqualTo(Signature.newSecret());
  }

  @Test
  void faults_oneShotAndRate_applyInOrderUntilUsedUp() {
    Faults faults = new Faults();
    faults.add("acc", Faults.Kind.DELAY, 2, null, null);
    faults.add("acc", Faults.Kind.DROP, null, 0.5, Duration.ZERO);

    assertThat(faults.take("acc", () -> 0.9)).get().extracting(r -> r.kind)
        .isEqualTo(Faults.Kind.DELAY);
    assertThat(faults.take("acc", () -> 0.9)).get().extracting(r -> r.delay)
        .isEqualTo(Faults.DEFAULT_DELAY);
    assertThat(faults.take("acc", () -> 0.9)).isEmpty();
    assertThat(faults.take("acc", () -> 0.1)).get().extracting(r -> r.kind)
        .isEqualTo(Faults.Kind.DROP);
    assertThat(faults.take("other", () -> 0.0)).isEmpty();
    assertThat(faults.list("acc")).hasSize(1);
    assertThat(faults.clear("acc")).isEqualTo(1);
    assertThatThrownBy(() -> faults.add("acc", Faults.Kind.DROP, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
