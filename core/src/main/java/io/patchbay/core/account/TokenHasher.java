package io.patchbay.core.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes API tokens for storage and checks presented tokens in constant time.
 *
 * <p>Tokens are 192 random bits made by {@link Sids#newApiToken()}, so a single SHA-256 over the
 * key and the token is enough: there is no password to guess, and a slow hash would only make
 * every request slower.
 *
 * <p><b>Note:</b> a token chosen by a person (not made by Patchbay) would deserve a slow,
 * salted hash; Patchbay never accepts such tokens.
 */
public final class TokenHasher {
  private TokenHasher() {}

  /** The stored form of {@code token} for {@code apiKey}: 64 lowercase hex characters. */
  public static String hash(String apiKey, String token) {
    return HexFormat.of().formatHex(digest(apiKey, token));
  }

  /** Whether {@code token} matches {@code storedHash}, compared in constant time. */
  public static boolean matches(String apiKey, String token, String storedHash) {
    byte[] stored;
    try {
      stored = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(digest(apiKey, token), stored);
  }

  private static byte[] digest(String apiKey, String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(apiKey.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(token.getBytes(StandardCharsets.UTF_8));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
