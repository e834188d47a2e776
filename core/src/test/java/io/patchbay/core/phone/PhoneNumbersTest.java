package io.patchbay.core.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "+919876543210, +919876543210",
      "+14155550123, +14155550123",
      "+6591234567, +6591234567",
      "+12345678, +12345678",
      "+123456789012345, +123456789012345",
      "09876543210, +919876543210",
      "08045680000, +918045680000",
      "9876543210, +919876543210",
      "8045680000, +918045680000"
  })
  void normalise_acceptedForm_givesE164(String raw, String e164) {
    assertThat(PhoneNumbers.normalise(raw)).contains(e164);
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "+91 98765 43210",
      "098765 43210",
      "98765 43210",
      " 9876543210",
      "9876543210 ",
      "+91-98765-43210",
      "098-7654-3210",
      "(098)76543210",
      "+1234567",
      "+1234567890123456",
      "+",
      "+09876543210",
      "+0919876543210",
      "987654321",
      "98765432101",
      "919876543210",
      "0987654321",
      "00987654321",
      "0098765432100",
      "0987654321a",
      "++919876543210",
      "+91987654321O",
      "sip:agent@pbx.example.com",
      "tel:+919876543210"
  })
  void normalise_otherForm_isRejected(String raw) {
    assertThat(PhoneNumbers.normalise(raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "sip:agent@pbx.example.com",
      "sip:1001@10.0.0.5",
      "sip:a@b"
  })
  void isSipUri_sipUri_isTrueAndKeptAsGiven(String uri) {
    assertThat(PhoneNumbers.isSipUri(uri)).isTrue();
    assertThat(PhoneNumbers.normaliseContactUri(uri)).contains(uri);
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "sip:",
      "sip:@host",
      "sip:agent@",
      "sip:agent",
      "sip:age nt@host",
      "SIP:agent@host",
      "sips:agent@host",
      "agent@host",
      "+919876543210"
  })
  void isSipUri_notSipUri_isFalse(String uri) {
    assertThat(PhoneNumbers.isSipUri(uri)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {256, 300})
  void isSipUri_overlong_isFalse(int length) {
    String uri = "sip:" + "a".repeat(length - "sip:@h".length()) + "@h";

    boolean sip = PhoneNumbers.isSipUri(uri);

    assertThat(uri).hasSize(length);
    assertThat(sip).isEqualTo(length <= 256);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "09876543210, +919876543210",
      "9876543210, +919876543210",
      "+14155550123, +14155550123"
  })
  void normaliseContactUri_phoneNumber_givesE164(String raw, String e164) {
    assertThat(PhoneNumbers.normaliseContactUri(raw)).contains(e164);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"98765-43210", "sip:agent", "+0919876543210"})
  void normaliseContactUri_neither_isEmpty(String raw) {
    assertThat(PhoneNumbers.normaliseContactUri(raw)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "+919876543210, *********3210",
      "+14155550123, ********0123",
      "12345, *2345",
      "1234, ****",
      "12, ****"
  })
  void mask_number_keepsOnlyLastFour(String number, String masked) {
    String out = PhoneNumbers.mask(number);

    assertThat(out).isEqualTo(masked);
    assertThat(out).hasSize(Math.max(4, number.length()));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void mask_nullOrEmpty_revealsNothing(String number) {
    assertThat(PhoneNumbers.mask(number)).isEqualTo(number == null ? "null" : "****");
  }
}
