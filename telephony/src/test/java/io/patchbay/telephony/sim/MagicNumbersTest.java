package io.patchbay.telephony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.call.Side;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the table in {@link MagicNumbers}' Javadoc, for both sides. */
class MagicNumbersTest {

  @ParameterizedTest(name = "{0} as {1}: {2} after {3} s, hangs up after {4}")
  // number, side, outcome, seconds of ringing, seconds from answer to hang-up
  @CsvSource(nullValues = "never", value = {
      "+919000000001, AGENT,    BUSY,        2,    never",
      "+919000000001, CUSTOMER, BUSY,        2,    never",
      "+919000000002, AGENT,    NO_ANSWER,   0,    never",
      "+919000000002, CUSTOMER, NO_ANSWER,   0,    never",
      "+919000000003, AGENT,    FAILED,      1,    never",
      "+919000000003, CUSTOMER, FAILED,      1,    never",
      "+919000000004, AGENT,    UNREACHABLE, 0,    never",
      "+919000000004, CUSTOMER, UNREACHABLE, 0,    never",
      "+919001000010, AGENT,    ANSWER,      3,    10",
      "+919001000010, CUSTOMER, ANSWER,      5,    10",
      "+919001000000, CUSTOMER, ANSWER,      5,    0",
      "+919001000600, CUSTOMER, ANSWER,      5,    600",
      "+919001999999, AGENT,    ANSWER,      3,    999999",
      "+919002000030, AGENT,    ANSWER,      30,   never",
      "+919002000030, CUSTOMER, ANSWER,      30,   never",
      "+919002000000, AGENT,    ANSWER,      0,    never",
      "+919002000045, CUSTOMER, ANSWER,      45,   never"
  })
  void behaviourOf_magicNumber_followsTheTable(
      String number, Side side, Outcome outcome, long ring, Long hangupAfter) {
    PhoneBehaviour b = MagicNumbers.behaviourOf(number, side);

    assertThat(b.outcome()).isEqualTo(outcome);
    assertThat(b.ringFor()).isEqualTo(Duration.ofSeconds(ring));
    assertThat(b.hangupAfter())
        .isEqualTo(hangupAfter == null ? null : Duration.ofSeconds(hangupAfter));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "+919876543210",
      "+919000000000",
      "+919000000005",
      "+919000000011",
      "+919003000010",
      "+919011000010",
      "+91900100001",
      "+9190010000100",
      "+919001abcdef",
      "+919002-00030",
      "+14155550123",
      "sip:agent@pbx.example.com"
  })
  void behaviourOf_ordinaryNumber_behavesByDefault(String number) {
    PhoneBehaviour agent = MagicNumbers.behaviourOf(number, Side.AGENT);
    PhoneBehaviour customer = MagicNumbers.behaviourOf(number, Side.CUSTOMER);

    assertThat(agent).isEqualTo(
        new PhoneBehaviour(Outcome.ANSWER, Duration.ofSeconds(3), null));
    assertThat(customer).isEqualTo(
        new PhoneBehaviour(Outcome.ANSWER, Duration.ofSeconds(5), Duration.ofSeconds(30)));
  }

  @Test
  void defaults_publishedConstants_matchTheJavadoc() {
    assertThat(MagicNumbers.AGENT_RING_SECONDS).isEqualTo(3);
    assertThat(MagicNumbers.CUSTOMER_RING_SECONDS).isEqualTo(5);
    assertThat(MagicNumbers.CUSTOMER_TALK_SECONDS).isEqualTo(30);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void resolve_behaviourSet_winsOverTheTableForThatAccountOnly(Side side) {
    Behaviours behaviours = new Behaviours();
    PhoneBehaviour set = new PhoneBehaviour(Outcome.BUSY, Duration.ofSeconds(7), null);

    behaviours.set("acme", "+919000000003", set);

    assertThat(behaviours.resolve("acme", "+919000000003", side)).isEqualTo(set);
    assertThat(behaviours.resolve("other", "+919000000003", side).outcome())
        .isEqualTo(Outcome.FAILED);

    assertThat(behaviours.clear("acme", "+919000000003")).isTrue();

    assertThat(behaviours.resolve("acme", "+919000000003", side).outcome())
        .isEqualTo(Outcome.FAILED);
    assertThat(behaviours.clear("acme", "+919000000003")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "answer, ANSWER",
      "busy, BUSY",
      "no_answer, NO_ANSWER",
      "no-answer, NO_ANSWER",
      "failed, FAILED",
      "unreachable, UNREACHABLE"
  })
  void parse_outcomeName_givesOutcome(String name, Outcome outcome) {
    assertThat(Outcome.parse(name)).isEqualTo(outcome);
  }
}
