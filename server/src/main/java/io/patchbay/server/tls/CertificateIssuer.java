package io.patchbay.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Makes the keys and certificates of the local CA. Bouncy Castle only builds and encodes the
 * certificates; keys, signatures and parsing go through the JDK's own providers, so nothing
 * here registers a global security provider behind the rest of the server's back.
 */
final class CertificateIssuer {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /**
   * Two years: Apple platforms reject a TLS server certificate valid for more than 825 days, and
   * browsers cap publicly trusted ones lower still, so stay well inside the strictest rule.
   */
  static final Duration SERVER_VALIDITY = Duration.ofDays(730);

  /** Start validity a little in the past so a client whose clock lags still accepts it. */
  static final Duration BACKDATE = Duration.ofHours(1);

  /**
   * The names the sandbox answers to: loopback, plus Exotel's API hosts for clients that point
   * those names at this machine (hosts file, DNS override) instead of changing their base URL.
   */
  static final List<String> SERVER_NAMES = List.of(
      "DNS:localhost",
      "DNS:ccm-api.exotel.com",
      "DNS:ccm-api.in.exotel.com",
      "IP:127.0.0.1",
      "IP:::1");

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final String ORGANIZATION = "Patchbay";

  private final SecureRandom random = new SecureRandom();

  /** A fresh EC P-256 key pair: small, fast to make, and accepted by every TLS stack we meet. */
  KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  /**
   * A common name unique to this CA. Two installs whose CAs shared a name would be confused by
   * trust stores that index by subject (macOS Keychain, NSS), so every CA gets a random suffix.
   */
  String newCaName() {
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    return "Patchbay Local CA " + HexFormat.of().formatHex(suffix);
  }

  X509Certificate issueCa(KeyPair ca, String commonName, Instant notBefore, Instant notAfter) {
    X500Name subject = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, ca.getPublic())
          // Path length 0: this CA may sign servers but never another CA, which bounds the harm
          // of a leaked key to leaf certificates.
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(
              KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(ca.getPublic()));
      return sign(builder, ca.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
  }

  X509Certificate issueServer(X509Certificate ca, PrivateKey caKey, PublicKey server,
      Collection<String> names, Instant notBefore, Instant notAfter) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          ca, serial(), Date.from(notBefore), Date.from(notAfter), name("localhost"), server)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          // An EC key only signs during the handshake; keyEncipherment belongs to RSA keys.
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, generalNames(names))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(server))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(ca.getPublicKey()));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build the server certificate", e);
    }
  }

  /**
   * The subject alternative names of a certificate in the {@code DNS:name} / {@code IP:address}
   * form of {@link #SERVER_NAMES}, with addresses and host names normalised so that equal
   * names compare equal however they were spelt.
   */
  static Set<String> subjectAltNames(X509Certificate cert) throws CertificateParsingException {
    Set<String> names = new LinkedHashSet<>();
    Collection<List<?>> entries = cert.getSubjectAlternativeNames();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      Object value = entry.get(1);
      if (type == GeneralName.dNSName) {
        names.add("DNS:" + value);
      } else if (type == GeneralName.iPAddress) {
        names.add("IP:" + value);
      } else {
        // Kept, not dropped, so that a certificate carrying extra names counts as different.
        names.add("OTHER" + type + ":" + value);
      }
    }
    return normalise(names);
  }

  static Set<String> normalise(Collection<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      if (n.startsWith("IP:")) {
        out.add("IP:" + address(n.substring(3)).getHostAddress());
      } else if (n.startsWith("DNS:")) {
        out.add("DNS:" + n.substring(4).toLowerCase(Locale.ROOT));
      } else {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether {@code key} is the private half of {@code cert}'s public key. */
  static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      // A key type we never write: treat it as foreign, so the caller replaces or rejects it.
      default -> null;
    };
    if (algorithm == null) {
      return false;
    }
    // Sign and verify a probe rather than compare key encodings: it works for every key type
    // and cannot be fooled by two encodings of the same key.
    try {
      byte[] probe = "patchbay key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static InetAddress address(String literal) {
    // Check first: InetAddress.getByName would resolve a host name over DNS, and a malformed
    // entry must never cause a lookup.
    if (!IPAddress.isValid(literal)) {
      throw new IllegalArgumentException("not an IP address: " + literal);
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }

  private static GeneralNames generalNames(Collection<String> names) {
    GeneralName[] out = new GeneralName[names.size()];
    int i = 0;
    for (String n : names) {
      if (n.startsWith("DNS:")) {
        out[i++] = new GeneralName(GeneralName.dNSName, n.substring(4));
      } else if (n.startsWith("IP:")) {
        out[i++] = new GeneralName(GeneralName.iPAddress, n.substring(3));
      } else {
        throw new IllegalArgumentException("expected DNS:name or IP:address, got " + n);
      }
    }
    return new GeneralNames(out);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ORGANIZATION)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  /** Positive, non-zero and at most 20 octets, as RFC 5280 requires; random so never reused. */
  private BigInteger serial() {
    return new BigInteger(159, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
