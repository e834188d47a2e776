package io.patchbay.core.account;

import java.security.SecureRandom;

/**
 * Makes and checks the identifiers Patchbay hands out. All are drawn from a
 * {@link SecureRandom}, so none can be guessed from another.
 */
public final class Sids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Sids() {}

  /** A new call sid: 32 characters of {@code [0-9a-z]} (about 165 random bits). */
  public static String newCallSid() {
    return random(BASE36, 32);
  }

  /** A new user id: 32 lowercase hex characters. */
  public static String newUserId() {
    return random(HEX, 32);
  }

  /** A new request id: 32 lowercase hex characters. */
  public static String newRequestId() {
    return random(HEX, 32);
  }

  /** A new account sid: a readable prefix and 12 characters of {@code [0-9a-z]}. */
  public static String newAccountSid() {
    return "patchbay" + random(BASE36, 12);
  }

  /** A new API key: 40 lowercase hex characters. */
  public static String newApiKey() {
    return random(HEX, 40);
  }

  /** A new API token: 48 lowercase hex characters (192 random bits). */
  public static String newApiToken() {
    return random(HEX, 48);
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

  private static String random(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
