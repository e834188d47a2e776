package io.patchbay.server.recordings;

import io.patchbay.server.demo.DemoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks recording URLs: HMAC-SHA256 with a 32-byte key over the path and the expiry,
 * {@code path + "\n" + expires}, written as 64 lowercase hex digits.
 *
 * <p><b>Note:</b> the key lives in a file of the data folder (64 hex digits, owner-only); a new
 * key (the file deleted) makes every URL handed out before it fail with 403. Checking compares
 * in constant time.
 */
final class UrlSigner {
  static final int KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern KEY_TEXT = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Serialises key creation, so two starts in one process cannot pick different keys. */
  private static final Object KEY_LOCK = new Object();

  private final SecretKeySpec key;

  /**
   * Creates a signer with {@code key}.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes
   */
  UrlSigner(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("key must be " + KEY_BYTES + " bytes, got "
          + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /**
   * The signer whose key is in {@code file}, making the key (and the file, owner-only) when
   * missing; a key file that grew wider permissions is narrowed again.
   *
   * @throws IllegalStateException if the file holds anything but a key of 64 hex digits
   * @throws UncheckedIOException if the file cannot be read or written
   */
  static UrlSigner loadOrCreate(Path file) {
    synchronized (KEY_LOCK) {
      try {
        try {
          String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
          if (!KEY_TEXT.matcher(text).matches()) {
            throw new IllegalStateException(file + " does not hold a key of 64 hex digits; "
                + "delete it to make a new one (recording URLs handed out so far then fail)");
          }
          DemoFiles.restrict(file);
          return new UrlSigner(HEX.parseHex(text));
        } catch (NoSuchFileException e) {
          byte[] key = new byte[KEY_BYTES];
          RANDOM.nextBytes(key);
          byte[] text = (HEX.formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
          AtomicFiles.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(text);
            while (buf.hasRemaining()) {
              ch.write(buf);
            }
          });
          DemoFiles.restrict(file);
          return new UrlSigner(key);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** The signature of {@code path} valid until {@code expires}, as 64 lowercase hex digits. */
  String sign(String path, long expires) {
    return HEX.formatHex(mac(path, expires));
  }

  /**
   * Whether {@code signature} is the signature of {@code path} and {@code expires}; says
   * nothing about the expiry itself. Any malformed signature (null, wrong length, not lowercase
   * hex) is simply wrong.
   */
  boolean verify(String path, long expires, String signature) {
    if (signature == null || !SIGNATURE.matcher(signature).matches()) {
      return false;
    }
    return MessageDigest.isEqual(mac(path, expires), HEX.parseHex(signature));
  }

  private byte[] mac(String path, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      // Every Java platform must offer HmacSHA256; a 32-byte key is always valid for it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
