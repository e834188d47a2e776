package io.patchbay.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenHasherTest {
  private static final String KEY = "my-api-key";
  private static final String TOKEN = "my-api-token";

  @Test
  void hash_knownInput_isSha256OfKeyNulToken() {
    // printf 'my-api-key\0my-api-token' | sha256sum
    String expected = "00a313b9c2229852075f432de01a0f1cf25e97ba5696ba9c7c2aa0cc663f7c71";

    String hash = TokenHasher.hash(KEY, TOKEN);

    assertThat(hash).isEqualTo(expected);
  }

  @Test
  void hash_freshToken_is64LowercaseHexAndStable() {
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();

    String first = TokenHasher.hash(key, token);
    String second = TokenHasher.hash(key, token);

    assertThat(first).matches("[0-9a-f]{64}");
    assertThat(second).isEqualTo(first);
    assertThat(first).doesNotContain(token);
  }

  @Test
  void hash_keyTokenBoundaryShifted_differs() {
    String a = TokenHasher.hash("ab", "c");
    String b = TokenHasher.hash("a", "bc");

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void hash_sameTokenOtherKey_differs() {
    assertThat(TokenHasher.hash("key-1", TOKEN)).isNotEqualTo(TokenHasher.hash("key-2", TOKEN));
  }

  @Test
  void matches_rightKeyAndToken_isTrue() {
    String stored = TokenHasher.hash(KEY, TOKEN);

    assertThat(TokenHasher.matches(KEY, TOKEN, stored)).isTrue();
  }

  @Test
  void matches_wrongToken_isFalse() {
    String stored = TokenHasher.hash(KEY, TOKEN);

    assertThat(TokenHasher.matches(KEY, TOKEN + "x", stored)).isFalse();
    assertThat(TokenHasher.matches(KEY, TOKEN.substring(1), stored)).isFalse();
    assertThat(TokenHasher.matches(KEY, "", stored)).isFalse();
  }

  @Test
  void matches_rightTokenUnderOtherKey_isFalse() {
    String stored = TokenHasher.hash(KEY, TOKEN);

    assertThat(TokenHasher.matches("other-key", TOKEN, stored)).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "zz", "abc", "not hex at all", "00a313b9c2229852075f432de01a0f1c"})
  void matches_malformedOrShortStoredHash_isFalse(String stored) {
    assertThat(TokenHasher.matches(KEY, TOKEN, stored)).isFalse();
  }
}
