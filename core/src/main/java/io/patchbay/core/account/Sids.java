package io.patchbay.core.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Makes and checks the identifiers Patchbay hands out. All are drawn from a
 * {@link SecureRandom}, so none can be guessed from another.
 */
public final class Sids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final byte[] HEX_DIGITS =
      "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Sids() {}

  /** A new call sid: 32 characters of {@code [0-9a-z]} (about 165 random bits). */
  public static String newCallSid() {
    return random(BASE36, 32);
  }

  /** A new user id: 32 lowercase hex characters. */
  public static String newUserId() {
    return randomHex(32);
  }

  /**
   * A new request id: 32 lowercase hex characters (128 bits in one draw: every response makes
   * one, and a draw a character cost 3 to 8 µs, more than a whole cached read).
   */
  public static String newRequestId() {
    return randomHex(32);
  }

  /** A new account sid: a readable prefix and 12 characters of {@code [0-9a-z]}. */
  public static String newAccountSid() {
    return "patchbay" + random(BASE36, 12);
  }

  /** A new API key: 40 lowercase hex characters. */
  public static String newApiKey() {
    return randomHex(40);
  }

  /** A new API token: 48 lowercase hex characters (192 random bits). */
  public static String newApiToken() {
    return randomHex(48);
  }

  /** Whether {@code s} has the shape of a call sid: 32 characters of {@code [0-9a-z]}. */
  public static boolean isCallSid(String s) {
    return s != null && s.length() == 32 && allIn(s, "0123456789abcdefghijklmnopqrstuvwxyz");
  }

  /** Whether {@code s} has the shape of a user id: 32 lowercase hex characters. */
  public static boolean isUserId(String s) {
    return s != null && s.length() == 32 && allIn(s, "0123456789abcdef");
  }

  /** Whether {@code s} can be an account sid: 4 to 64 characters of {@code [0-9a-z_-]}. */
  public static boolean isAccountSid(String s) {
    return s != null && s.length() >= 4 && s.length() <= 64
        && allIn(s, "0123456789abcdefghijklmnopqrstuvwxyz_-");
  }

  private static boolean allIn(String s, String alphabet) {
    for (int i = 0; i < s.length(); i++) {
      if (alphabet.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code length} (even) lowercase hex characters from {@code length / 2} bytes drawn at once. */
  private static String randomHex(int length) {
    byte[] bits = new byte[length / 2];
    RANDOM.nextBytes(bits);
    byte[] out = new byte[length];
    for (int i = 0; i < bits.length; i++) {
      out[2 * i] = HEX_DIGITS[(bits[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX_DIGITS[bits[i] & 0xf];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static String random(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
