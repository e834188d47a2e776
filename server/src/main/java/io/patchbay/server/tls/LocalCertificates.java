package io.patchbay.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local certificate authority and a server certificate signed by it, kept in
 * {@code <dataDir>/tls/}, so that the sandbox can serve HTTPS under the host names its clients
 * already use and a client can trust it by adding one file, {@code ca.pem}, to its trust store.
 *
 * <p>The folder holds:
 *
 * <ul>
 *   <li>{@code ca.pem}: the CA certificate (EC P-256, valid ten years, path length 0);
 *   <li>{@code ca-key.pem}: its private key, PKCS#8, owner-only (mode 600);
 *   <li>{@code server.pem}: the server certificate (valid two years, server authentication only,
 *       for {@code localhost}, {@code ccm-api.exotel.com}, {@code ccm-api.in.exotel.com},
 *       {@code 127.0.0.1} and {@code ::1}) followed by the CA certificate, the chain a TLS
 *       server sends;
 *   <li>{@code server-key.pem}: the server's private key, PKCS#8, owner-only (mode 600).
 * </ul>
 *
 * <p>{@link #ensure} makes whatever is missing and keeps what is there: the CA is made once and
 * reused, so a client that trusts it keeps working across restarts; the server certificate is
 * issued again, with a new key, when it expires within 30 days, names other hosts, is not signed
 * by the current CA, or does not match its key. Concurrent calls, from threads or from other
 * processes on the same folder, are serialised by a lock file ({@code tls/.lock}).
 *
 * <p><b>Note:</b> this is for development and testing, not a real PKI.
 *
 * <ul>
 *   <li>The CA key lies unencrypted on disk. Whoever can read it can mint a certificate for any
 *       host name, and every client that trusts {@code ca.pem} will believe it. Trust
 *       {@code ca.pem} as narrowly as you can (one tool's trust store, {@code curl --cacert})
 *       rather than machine-wide, and never copy {@code ca-key.pem} off the machine.
 *   <li>Nothing can be revoked: there is no CRL and no OCSP. To withdraw trust, remove
 *       {@code ca.pem} from the trust stores that hold it and delete the {@code tls} folder.
 *   <li>The host names are fixed. A client that reaches the sandbox by another name (a LAN
 *       address, a container name) fails host name verification, and one that keeps the Exotel
 *       host names must itself point them at this machine (a hosts file entry, say).
 *   <li>Files are checked only when {@code ensure} runs, normally at start-up: a server that runs
 *       past its certificate's expiry must be restarted to pick up the renewed one.
 *   <li>A CA that has expired, or expires within 30 days, is replaced by a new one
 *       ({@link #created()} is then true) and clients must trust the new {@code ca.pem}.
 *   <li>If {@code ca.pem} exists but {@code ca-key.pem} is missing, unreadable or not its key,
 *       {@code ensure} fails instead of replacing a CA that clients may already trust; delete
 *       the {@code tls} folder to start over.
 *   <li>Owner-only modes are applied only on file systems with POSIX permissions; elsewhere
 *       (Windows) the keys get whatever access the folder grants.
 * </ul>
 */
public final class LocalCertificates {
  static final String DIRECTORY = "tls";
  static final String CA_CERT = "ca.pem";
  static final String CA_KEY = "ca-key.pem";
  static final String SERVER_CERT = "server.pem";
  static final String SERVER_KEY = "server-key.pem";
  static final String LOCK_FILE = ".lock";

  /** Renew this long before expiry, so a server restarted now and then never serves a dead one. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** The TLS server authentication purpose, id-kp-serverAuth. */
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private static final Logger LOG = LoggerFactory.getLogger(LocalCertificates.class);

  /**
   * Serialises callers within this JVM. The file lock alone cannot: a second thread asking for a
   * lock its own JVM already holds gets an exception rather than a wait.
   */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private final Path caCertPath;
  private final Path serverCertPath;
  private final Path serverKeyPath;
  private final boolean created;

  private LocalCertificates(Path dir, boolean created) {
    this.caCertPath = dir.resolve(CA_CERT);
    this.serverCertPath = dir.resolve(SERVER_CERT);
    this.serverKeyPath = dir.resolve(SERVER_KEY);
    this.created = created;
  }

  /**
   * Makes sure {@code <dataDir>/tls/} holds a usable CA and server certificate, creating the
   * folders, the CA or the server certificate as needed.
   *
   * @param dataDir the sandbox's data folder; created if missing
   * @return where the files are, and whether this call made a new CA
   * @throws UncheckedIOException naming the file, when a file cannot be created, written or read,
   *     or when {@code ca.pem} exists without a usable key
   */
  public static LocalCertificates ensure(Path dataDir) {
    return ensure(dataDir, Clock.systemUTC());
  }

  /**
   * Where the files of {@code dataDir} are or would be, without reading, checking or making any
   * of them: for a server that does not listen on HTTPS, which has no use for them. Making the
   * CA costs key pairs, two certificates and Bouncy Castle's classes, and checking existing
   * files reads them and checks two signatures (with skipping Flyway, a fifth of a start's
   * CPU: docs/architecture.md, "Start-up and memory").
   *
   * <p><b>Note:</b> the files may be missing, or stale, until a start with HTTPS runs
   * {@link #ensure}; {@link #created()} is false.
   *
   * @param dataDir the sandbox's data folder; nothing in it is touched
   */
  public static LocalCertificates locate(Path dataDir) {
    return new LocalCertificates(dataDir.resolve(DIRECTORY), false);
  }

  /** As {@link #ensure(Path)}, at the time {@code clock} tells; tests move the clock. */
  static LocalCertificates ensure(Path dataDir, Clock clock) {
    Path dir = dataDir.resolve(DIRECTORY);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path lockFile = dir.resolve(LOCK_FILE);
    JVM_LOCK.lock();
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      // Another process running ensure() on the same folder finishes its writes first; closing
      // the channel releases the lock. Only opening, locking and closing throw IOException.
      channel.lock();
      return ensureLocked(dir, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      JVM_LOCK.unlock();
    }
  }

  /** The CA certificate, PEM: the file clients add to their trust store. */
  public Path caCertPath() {
    return caCertPath;
  }

  /** The server certificate followed by the CA certificate, PEM. */
  public Path serverCertPath() {
    return serverCertPath;
  }

  /** The server's private key, PKCS#8 PEM, unencrypted. */
  public Path serverKeyPath() {
    return serverKeyPath;
  }

  /**
   * Whether this call made a new CA, first run or replacement of an expiring one: the moment to
   * tell the user which file to trust.
   */
  public boolean created() {
    return created;
  }

  @Override
  public String toString() {
    return "LocalCertificates[ca=" + caCertPath + ", created=" + created + "]";
  }

  private static LocalCertificates ensureLocked(Path dir, Instant now) {
    Path caCert = dir.resolve(CA_CERT);
    Path caKey = dir.resolve(CA_KEY);
    CertificateIssuer issuer = new CertificateIssuer();

    Authority ca = Files.exists(caCert) ? loadCa(caCert, caKey) : null;
    if (ca != null && expiresBefore(ca.cert(), now.plus(RENEW_BEFORE))) {
      LOG.warn("The local CA in {} expires on {}; replacing it. Clients must trust the new one.",
          caCert, ca.cert().getNotAfter().toInstant());
      ca = null;
    }
    boolean created = ca == null;
    if (created) {
      ca = newCa(issuer, now, caCert, caKey);
      LOG.info("Created a local certificate authority, \"{}\". To trust the sandbox over HTTPS, "
          + "add {} to your client's trust store.", commonName(ca.cert()), caCert);
    }

    Path serverCert = dir.resolve(SERVER_CERT);
    Path serverKey = dir.resolve(SERVER_KEY);
    String reason = created ? "new CA" : whyReissue(ca, serverCert, serverKey, now);
    if (reason != null) {
      issueServer(issuer, ca, now, serverCert, serverKey, reason);
    } else if (PemFiles.restrictToOwner(serverKey)) {
      LOG.warn("{} was readable by others; made it owner-only", serverKey);
    }
    return new LocalCertificates(dir, created);
  }

  private static Authority loadCa(Path caCert, Path caKey) {
    X509Certificate cert = PemFiles.readCertificates(caCert).get(0);
    if (cert.getBasicConstraints() < 0) {
      throw new UncheckedIOException("cannot use " + caCert + ": not a CA certificate",
          new IOException("basicConstraints CA:false"));
    }
    if (!Files.exists(caKey)) {
      // Never replace the CA here: clients may trust this ca.pem, and a silent new one would
      // break them with no hint why.
      throw new UncheckedIOException("cannot use the local CA: " + caKey + " is missing but "
          + caCert + " exists; delete " + caCert.getParent() + " to make a new CA",
          new NoSuchFileException(caKey.toString()));
    }
    PrivateKey key = PemFiles.readPrivateKey(caKey);
    if (!CertificateIssuer.matches(key, cert)) {
      throw new UncheckedIOException("cannot use the local CA: " + caKey + " is not the key of "
          + caCert + "; delete " + caCert.getParent() + " to make a new CA",
          new IOException("key does not match certificate"));
    }
    if (PemFiles.restrictToOwner(caKey)) {
      LOG.warn("{} was readable by others; made it owner-only", caKey);
    }
    return new Authority(cert, key);
  }

  private static Authority newCa(CertificateIssuer issuer, Instant now, Path caCert,
      Path caKey) {
    KeyPair keys = issuer.newKeyPair();
    X509Certificate cert = issuer.issueCa(keys, issuer.newCaName(),
        now.minus(CertificateIssuer.BACKDATE), now.plus(CertificateIssuer.CA_VALIDITY));
    // Key first: ca.pem is what marks a CA as present, so a crash between the two writes leaves
    // no ca.pem and the next run starts over instead of finding a certificate without its key.
    PemFiles.writePrivateKey(caKey, keys.getPrivate());
    PemFiles.writeCertificates(caCert, List.of(cert));
    return new Authority(cert, keys.getPrivate());
  }

  /** Why the server certificate must be issued again, or null if it is fine as it is. */
  private static String whyReissue(Authority ca, Path serverCert, Path serverKey, Instant now) {
    if (!Files.exists(serverCert) || !Files.exists(serverKey)) {
      return "none yet";
    }
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = PemFiles.readCertificates(serverCert);
      key = PemFiles.readPrivateKey(serverKey);
    } catch (UncheckedIOException e) {
      // Unlike the CA, the server certificate is ours alone to replace: nobody trusts it directly.
      LOG.warn("Replacing the server certificate: {}", e.getMessage());
      return "unreadable";
    }
    X509Certificate leaf = chain.get(0);
    if (!signedBy(leaf, ca.cert())) {
      return "signed by another CA";
    }
    if (expiresBefore(leaf, now.plus(RENEW_BEFORE))) {
      return "expires on " + leaf.getNotAfter().toInstant();
    }
    if (leaf.getNotBefore().toInstant().isAfter(now)) {
      return "not valid until " + leaf.getNotBefore().toInstant();
    }
    if (!namesMatch(leaf)) {
      return "host names differ";
    }
    if (!serverAuth(leaf)) {
      return "not for TLS servers";
    }
    if (chain.size() != 2 || !chain.get(1).equals(ca.cert())) {
      return "chain does not end in the CA";
    }
    if (!CertificateIssuer.matches(key, leaf)) {
      return "key does not match";
    }
    return null;
  }

  private static void issueServer(CertificateIssuer issuer, Authority ca, Instant now,
      Path serverCert, Path serverKey, String reason) {
    KeyPair keys = issuer.newKeyPair();
    Instant notAfter = now.plus(CertificateIssuer.SERVER_VALIDITY);
    // Never past the CA: a client would reject the chain from the CA's last day anyway.
    Instant caNotAfter = ca.cert().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    X509Certificate cert = issuer.issueServer(ca.cert(), ca.key(), keys.getPublic(),
        CertificateIssuer.SERVER_NAMES, now.minus(CertificateIssuer.BACKDATE), notAfter);
    // Key first: should the certificate write fail, the next run sees a key that does not match
    // and issues again, rather than serving a certificate whose key was never written.
    PemFiles.writePrivateKey(serverKey, keys.getPrivate());
    PemFiles.writeCertificates(serverCert, List.of(cert, ca.cert()));
    LOG.info("Issued the server certificate {} ({}), valid until {}", serverCert, reason,
        notAfter);
  }

  private static boolean expiresBefore(X509Certificate cert, Instant limit) {
    return cert.getNotAfter().toInstant().isBefore(limit);
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
    if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean namesMatch(X509Certificate cert) {
    try {
      return CertificateIssuer.subjectAltNames(cert)
          .equals(CertificateIssuer.normalise(CertificateIssuer.SERVER_NAMES));
    } catch (CertificateParsingException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean serverAuth(X509Certificate cert) {
    try {
      List<String> usages = cert.getExtendedKeyUsage();
      return usages != null && usages.contains(SERVER_AUTH);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    for (String part : dn.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return dn;
  }

  private record Authority(X509Certificate cert, PrivateKey key) {}
}
