package io.patchbay.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** If-None-Match against a weak entity tag, by the weak comparison of RFC 9110. */
class EntityTagsTest {
  private static final String TAG = "W/\"abc-_9\"";

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      "W/\"abc-_9\"",
      "\"abc-_9\"",
      "*",
      "\"x\", W/\"abc-_9\"",
      "\"x\",\"abc-_9\"",
      "  W/\"abc-_9\"  ",
      "\"\", \"abc-_9\""
  })
  void matches_headerNamingTheTag_isTrue(String header) {
    assertThat(EntityTags.matches(header, TAG)).isTrue();
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "W/\"abc-_8\"",
      "\"abc-_9",
      "abc-_9",
      "w/\"abc-_9\"",
      "\"abc\", junk, \"abc-_9\"",
      "\"abc-_9x\"",
      "\"ab\"c-_9\""
  })
  void matches_headerNotNamingTheTagOrMalformed_isFalse(String header) {
    assertThat(EntityTags.matches(header, TAG)).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"\"abc-_9\"", "W/\"abc-_9\""})
  void matches_strongTag_comparesTheSameWay(String header) {
    assertThat(EntityTags.matches(header, "\"abc-_9\"")).isTrue();
  }
}
