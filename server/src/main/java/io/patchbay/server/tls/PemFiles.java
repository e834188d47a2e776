package io.patchbay.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads and writes the PEM files. Every write goes to a temporary file in the same folder that
 * is then renamed over the target, so a crash leaves either the old file or the new one, never a
 * half-written key that the next start would choke on.
 */
final class PemFiles {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString(
      "rw-r--r--");
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private PemFiles() {}

  /** All certificates in a PEM file, in file order; at least one. */
  static List<X509Certificate> readCertificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException("no certificate in the file");
      }
      return out;
    } catch (IOException e) {
      throw unreadable(file, e);
    } catch (CertificateException e) {
      throw unreadable(file, new IOException(e.getMessage(), e));
    }
  }

  /**
   * The unencrypted private key in a PEM file, as PKCS#8 ({@code PRIVATE KEY}) or in OpenSSL's
   * older form ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}).
   */
  static PrivateKey readPrivateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (pem instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IOException("no unencrypted private key in the file");
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** Writes certificates, readable by all: they are public, and clients need to read ca.pem. */
  static void writeCertificates(Path file, List<X509Certificate> certs) {
    StringBuilder pem = new StringBuilder();
    try {
      for (X509Certificate cert : certs) {
        pem.append(block("CERTIFICATE", cert.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate for " + file, e);
    }
    write(file, pem.toString(), READABLE);
  }

  /** Writes a private key as PKCS#8 PEM, readable by the owner only. */
  static void writePrivateKey(Path file, PrivateKey key) {
    // The JDK's own key classes encode as PKCS#8; anything else would be a bug here.
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalStateException("expected a PKCS#8 key, got " + key.getFormat());
    }
    write(file, block("PRIVATE KEY", key.getEncoded()), OWNER_ONLY);
  }

  /**
   * Narrows a key file that grew wider permissions (a copy, a restore from backup) back to the
   * owner. Returns whether anything changed. Does nothing where the file system has no POSIX
   * permissions.
   */
  static boolean restrictToOwner(Path file) {
    if (!posix(file)) {
      return false;
    }
    try {
      if (Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        return false;
      }
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
    }
  }

  static UncheckedIOException unreadable(Path file, IOException cause) {
    return new UncheckedIOException("cannot read " + file + ": " + cause.getMessage(), cause);
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void write(Path file, String content, Set<PosixFilePermission> permissions) {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = posix(dir);
    Path tmp = null;
    try {
      // Born owner-only, so a key is never readable by others, not even for a moment.
      FileAttribute<?>[] attrs = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
          : new FileAttribute<?>[0];
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attrs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        // Flushed before the rename, or a crash could leave the new name on empty content.
        ch.force(true);
      }
      if (posix) {
        // Set explicitly rather than trusting the umask.
        Files.setPosixFilePermissions(tmp, permissions);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed, which is what the caller needs to hear; a stray hidden
          // temporary file is harmless.
        }
      }
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
