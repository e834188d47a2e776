package io.patchbay.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SidsTest {

  @Test
  void newCallSid_always_is32Base36AndPassesCheck() {
    for (int i = 0; i < 200; i++) {
      String sid = Sids.newCallSid();

      assertThat(sid).matches("[0-9a-z]{32}");
      assertThat(Sids.isCallSid(sid)).isTrue();
    }
  }

  @Test
  void newCallSid_manyDrawn_useTheWholeAlphabet() {
    Set<Character> seen = new HashSet<>();

    IntStream.range(0, 500).forEach(i -> Sids.newCallSid().chars()
        .forEach(c -> seen.add((char) c)));

    assertThat(seen).hasSize(36);
  }

  @Test
  void newUserIdAndRequestId_always_are32LowercaseHex() {
    String userId = Sids.newUserId();
    String requestId = Sids.newRequestId();

    assertThat(userId).matches("[0-9a-f]{32}");
    assertThat(requestId).matches("[0-9a-f]{32}");
    assertThat(Sids.isUserId(userId)).isTrue();
  }

  @Test
  void newAccountSid_always_hasPrefixAndPassesCheck() {
    String sid = Sids.newAccountSid();

    assertThat(sid).matches("patchbay[0-9a-z]{12}");
    assertThat(Sids.isAccountSid(sid)).isTrue();
  }

  @Test
  void newApiKeyAndToken_always_haveTheirLengths() {
    assertThat(Sids.newApiKey()).matches("[0-9a-f]{40}");
    assertThat(Sids.newApiToken()).matches("[0-9a-f]{48}");
  }

  @Test
  void generators_manyDrawn_neverRepeat() {
    assertUnique(Sids::newCallSid);
    assertUnique(Sids::newUserId);
    assertUnique(Sids::newRequestId);
    assertUnique(Sids::newAccountSid);
    assertUnique(Sids::newApiKey);
    assertUnique(Sids::newApiToken);
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "0123456789abcdefghijklmnopqrstu",
      "0123456789abcdefghijklmnopqrstuvw",
      "0123456789ABCDEFGHIJKLMNOPQRSTUV",
      "0123456789abcdefghijklmnopqrst-v",
      "0123456789abcdefghijklmnopqrst v",
      "0123456789abcdefghijklmnopqrst\u00e9v"
  })
  void isCallSid_malformed_isFalse(String s) {
    assertThat(Sids.isCallSid(s)).isFalse();
  }

  @Test
  void isCallSid_wellFormed_isTrue() {
    assertThat(Sids.isCallSid("72827ead13a355d334338f53af71157s")).isTrue();
    assertThat(Sids.isCallSid("0123456789abcdefghijklmnopqrstuv")).isTrue();
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "0123456789abcdef0123456789abcde",
      "0123456789abcdef0123456789abcdef0",
      "0123456789ABCDEF0123456789ABCDEF",
      "0123456789abcdef0123456789abcdeg"
  })
  void isUserId_malformed_isFalse(String s) {
    assertThat(Sids.isUserId(s)).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"acme", "patchbay_test-1", "exotel1"})
  void isAccountSid_wellFormed_isTrue(String s) {
    assertThat(Sids.isAccountSid(s)).isTrue();
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"abc", "Acme", "acme corp", "acme/x", "acme.x", "../etc"})
  void isAccountSid_malformed_isFalse(String s) {
    assertThat(Sids.isAccountSid(s)).isFalse();
  }

  @Test
  void isAccountSid_lengthLimits_are4To64() {
    assertThat(Sids.isAccountSid("a".repeat(64))).isTrue();
    assertThat(Sids.isAccountSid("a".repeat(65))).isFalse();
  }

  private static void assertUnique(Supplier<String> generator) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      seen.add(generator.get());
    }
    assertThat(seen).hasSize(2_000);
  }
}
