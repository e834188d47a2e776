package io.patchbay.core.phone;

import java.util.Optional;

/**
 * Normalises phone numbers to E.164 and masks them for logs.
 *
 * <p>Accepted forms: E.164 ({@code +} and 8 to 15 digits, no leading zero), a {@code 0}-prefixed
 * Indian number ({@code 0} and 10 digits) and a bare 10-digit Indian number. Both Indian forms
 * become {@code +91} and the 10 digits. Spaces, dashes and brackets are not accepted: the real
 * service rejects them too, and a lenient sandbox would hide that bug.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  /**
   * Returns {@code raw} in E.164, or empty if it is not a phone number in an accepted form.
   */
  public static Optional<String> normalise(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.charAt(0) == '+') {
      String digits = raw.substring(1);
      boolean ok = digits.length() >= 8 && digits.length() <= 15 && allDigits(digits)
          && digits.charAt(0) != '0';
      return ok ? Optional.of(raw) : Optional.empty();
    }
    if (!allDigits(raw)) {
      return Optional.empty();
    }
    if (raw.length() == 11 && raw.charAt(0) == '0' && raw.charAt(1) != '0') {
      return Optional.of("+91" + raw.substring(1));
    }
    if (raw.length() == 10 && raw.charAt(0) != '0') {
      return Optional.of("+91" + raw);
    }
    return Optional.empty();
  }

  /** Whether {@code uri} is a SIP URI ({@code sip:user@host}) as agents' devices may have. */
  public static boolean isSipUri(String uri) {
    if (uri == null || !uri.startsWith("sip:") || uri.length() > 256) {
      return false;
    }
    int at = uri.indexOf('@');
    return at > 4 && at < uri.length() - 1 && uri.indexOf(' ') < 0;
  }

  /**
   * A device contact URI in its stored form: a SIP URI as given, a phone number in E.164.
   */
  public static Optional<String> normaliseContactUri(String raw) {
    if (isSipUri(raw)) {
      return Optional.of(raw);
    }
    return normalise(raw);
  }

  /**
   * Masks all but the last 4 characters, for log lines: {@code +919876543210} becomes
   * {@code *********3210}. Null becomes {@code "null"}.
   */
  public static String mask(String number) {
    if (number == null) {
      return "null";
    }
    if (number.length() <= 4) {
      return "****";
    }
    return "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
