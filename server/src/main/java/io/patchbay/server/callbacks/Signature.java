package io.patchbay.server.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callback signing, a Patchbay extension: {@code HMAC-SHA256(secret, timestamp + "." + body)}
 * in lowercase hex, sent as {@code X-Patchbay-Signature: v1=<hex>} beside
 * {@code X-Patchbay-Timestamp: <unix seconds>}. docs/callbacks.md shows how to verify it.
 */
final class Signature {
  static final String SIGNATURE_HEADER = "X-Patchbay-Signature";
  static final String TIMESTAMP_HEADER = "X-Patchbay-Timestamp";
  /** The shortest secret an account may set. */
  static final int MIN_SECRET_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Signature() {}

  /** The signature header's value for {@code body} sent at {@code unixSeconds}. */
  static String sign(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** A new random secret: 32 bytes as 64 lowercase hex characters. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
