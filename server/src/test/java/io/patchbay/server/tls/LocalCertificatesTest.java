package io.patchbay.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// Every network test binds and connects on loopback only; the timeout bounds a hung handshake.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalCertificatesTest {
  private static final char[] PASSWORD = "test".toCharArray();
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir Path dataDir;

  @Test
  void ensure_emptyDataDir_createsFilesWithOwnerOnlyKeys() throws IOException {
    Assumptions.assumeTrue(
        dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "needs POSIX file permissions");

    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    Path tls = dataDir.resolve("tls");
    assertThat(certs.created()).isTrue();
    assertThat(certs.caCertPath()).isEqualTo(tls.resolve("ca.pem"));
    assertThat(certs.serverCertPath()).isEqualTo(tls.resolve("server.pem"));
    assertThat(certs.serverKeyPath()).isEqualTo(tls.resolve("server-key.pem"));
    assertThat(mode(tls.resolve("ca-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(tls.resolve("server-key.pem"))).isEqualTo("rw-------");
    assertThat(mode(tls.resolve("ca.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(tls.resolve("server.pem"))).isEqualTo("rw-r--r--");
    try (var files = Files.list(tls)) {
      // No temporary file is left behind by the atomic writes.
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "ca-key.pem", "server.pem", "server-key.pem",
              ".lock");
    }
  }

  @Test
  void locate_emptyDataDir_namesTheFilesAndTouchesNothing() {
    LocalCertificates certs = LocalCertificates.locate(dataDir);

    Path tls = dataDir.resolve("tls");
    assertThat(certs.created()).isFalse();
    assertThat(certs.caCertPath()).isEqualTo(tls.resolve("ca.pem"));
    assertThat(certs.serverCertPath()).isEqualTo(tls.resolve("server.pem"));
    assertThat(certs.serverKeyPath()).isEqualTo(tls.resolve("server-key.pem"));
    assertThat(tls).doesNotExist();
  }

  @Test
  void locate_afterEnsure_namesTheSameFiles() {
    LocalCertificates made = LocalCertificates.ensure(dataDir);

    LocalCertificates located = LocalCertificates.locate(dataDir);

    assertThat(located.caCertPath()).isEqualTo(made.caCertPath()).isRegularFile();
    assertThat(located.serverCertPath()).isEqualTo(made.serverCertPath()).isRegularFile();
    assertThat(located.serverKeyPath()).isEqualTo(made.serverKeyPath()).isRegularFile();
  }

  @Test
  void caCertificate_afterEnsure_isTenYearSigningAuthority() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    X509Certificate ca = readCertificates(certs.caCertPath()).get(0);
    assertThat(ca.getSubjectX500Principal().getName())
        .containsPattern("CN=Patchbay Local CA [0-9a-f]{8}");
    assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    // keyUsage bit 5 is keyCertSign.
    assertThat(ca.getKeyUsage()[5]).isTrue();
    assertThat(validity(ca)).isBetween(Duration.ofDays(3640), Duration.ofDays(3660));
    ca.verify(ca.getPublicKey());
  }

  @Test
  void ensure_twoDataDirs_giveCasDistinctNames() {
    X509Certificate first = readCertificates(LocalCertificates.ensure(dataDir.resolve("a"))
        .caCertPath()).get(0);
    X509Certificate second = readCertificates(LocalCertificates.ensure(dataDir.resolve("b"))
        .caCertPath()).get(0);

    assertThat(first.getSubjectX500Principal()).isNotEqualTo(second.getSubjectX500Principal());
  }

  @Test
  void serverCertificate_afterEnsure_chainsToCa() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    X509Certificate ca = readCertificates(certs.caCertPath()).get(0);
    List<X509Certificate> chain = readCertificates(certs.serverCertPath());
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    chain.get(0).verify(ca.getPublicKey());
    assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());

    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(factory.generateCertPath(List.of(chain.get(0))), params);
  }

  @Test
  void serverCertificate_afterEnsure_namesAllHostsForServerAuthOnly() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    X509Certificate server = readCertificates(certs.serverCertPath()).get(0);
    List<String> names = new ArrayList<>();
    for (List<?> entry : server.getSubjectAlternativeNames()) {
      names.add((entry.get(0).equals(2) ? "DNS:" : "IP:") + entry.get(1));
    }
    assertThat(names).containsExactlyInAnyOrder(
        "DNS:localhost", "DNS:ccm-api.exotel.com", "DNS:ccm-api.in.exotel.com",
        "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1");
    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(validity(server))
        .isGreaterThan(Duration.ofDays(700))
        .isLessThanOrEqualTo(Duration.ofDays(825));
  }

  @Test
  void serverKey_afterEnsure_isPkcs8PemOfTheServerCertificate() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    String pem = Files.readString(certs.serverKeyPath());
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey key = readPrivateKey(certs.serverKeyPath());
    X509Certificate server = readCertificates(certs.serverCertPath()).get(0);
    assertThat(CertificateIssuer.matches(key, server)).isTrue();
  }

  @Test
  void ensure_calledTwice_reusesCaAndServerFiles() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] ca = Files.readAllBytes(first.caCertPath());
    byte[] caKey = Files.readAllBytes(dataDir.resolve("tls/ca-key.pem"));
    byte[] server = Files.readAllBytes(first.serverCertPath());
    byte[] serverKey = Files.readAllBytes(first.serverKeyPath());

    LocalCertificates second = LocalCertificates.ensure(dataDir);

    assertThat(second.created()).isFalse();
    assertThat(Files.readAllBytes(second.caCertPath())).isEqualTo(ca);
    assertThat(Files.readAllBytes(dataDir.resolve("tls/ca-key.pem"))).isEqualTo(caKey);
    assertThat(Files.readAllBytes(second.serverCertPath())).isEqualTo(server);
    assertThat(Files.readAllBytes(second.serverKeyPath())).isEqualTo(serverKey);
  }

  @Test
  void ensure_serverCertExpiringWithin30Days_reissuesOnlyServerCert() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] ca = Files.readAllBytes(first.caCertPath());
    byte[] server = Files.readAllBytes(first.serverCertPath());
    Instant later = Instant.now().plus(Duration.ofDays(710));

    LocalCertificates second = LocalCertificates.ensure(dataDir, at(later));

    assertThat(second.created()).isFalse();
    assertThat(Files.readAllBytes(second.caCertPath())).isEqualTo(ca);
    assertThat(Files.readAllBytes(second.serverCertPath())).isNotEqualTo(server);
    X509Certificate renewed = readCertificates(second.serverCertPath()).get(0);
    assertThat(renewed.getNotAfter().toInstant()).isAfter(later.plus(Duration.ofDays(700)));
  }

  @Test
  void ensure_serverCertValidBeyond30Days_keepsIt() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] server = Files.readAllBytes(first.serverCertPath());
    Instant later = Instant.now().plus(Duration.ofDays(690));

    LocalCertificates.ensure(dataDir, at(later));

    assertThat(Files.readAllBytes(first.serverCertPath())).isEqualTo(server);
  }

  @Test
  void ensure_serverCertWithOtherNames_reissuesWithAllNames() throws Exception {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] ca = Files.readAllBytes(first.caCertPath());
    X509Certificate caCert = readCertificates(first.caCertPath()).get(0);
    PrivateKey caKey = readPrivateKey(dataDir.resolve("tls/ca-key.pem"));
    CertificateIssuer issuer = new CertificateIssuer();
    KeyPair keys = issuer.newKeyPair();
    Instant now = Instant.now();
    X509Certificate narrow = issuer.issueServer(caCert, caKey, keys.getPublic(),
        List.of("DNS:localhost"), now, now.plus(Duration.ofDays(365)));
    PemFiles.writePrivateKey(first.serverKeyPath(), keys.getPrivate());
    PemFiles.writeCertificates(first.serverCertPath(), List.of(narrow, caCert));

    LocalCertificates second = LocalCertificates.ensure(dataDir);

    assertThat(second.created()).isFalse();
    assertThat(Files.readAllBytes(second.caCertPath())).isEqualTo(ca);
    X509Certificate reissued = readCertificates(second.serverCertPath()).get(0);
    assertThat(reissued).isNotEqualTo(narrow);
    assertThat(reissued.getSubjectAlternativeNames()).hasSize(5);
  }

  @Test
  void ensure_serverFilesCorrupt_reissuesThem() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    Files.writeString(first.serverCertPath(), "not a certificate");
    Files.writeString(first.serverKeyPath(), "not a key");

    LocalCertificates second = LocalCertificates.ensure(dataDir);

    assertThat(second.created()).isFalse();
    X509Certificate server = readCertificates(second.serverCertPath()).get(0);
    assertThat(CertificateIssuer.matches(readPrivateKey(second.serverKeyPath()), server)).isTrue();
  }

  @Test
  void ensure_caExpiringWithin30Days_makesNewCa() throws Exception {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] ca = Files.readAllBytes(first.caCertPath());
    Instant later = Instant.now().plus(Duration.ofDays(3640));

    LocalCertificates second = LocalCertificates.ensure(dataDir, at(later));

    assertThat(second.created()).isTrue();
    assertThat(Files.readAllBytes(second.caCertPath())).isNotEqualTo(ca);
    X509Certificate newCa = readCertificates(second.caCertPath()).get(0);
    readCertificates(second.serverCertPath()).get(0).verify(newCa.getPublicKey());
  }

  @Test
  void ensure_caKeyMissing_throwsNamingTheKey() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    byte[] ca = Files.readAllBytes(first.caCertPath());
    Path caKey = dataDir.resolve("tls/ca-key.pem");
    Files.delete(caKey);

    assertThatThrownBy(() -> LocalCertificates.ensure(dataDir))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(caKey.toString());
    // The CA clients may trust is left alone.
    assertThat(Files.readAllBytes(first.caCertPath())).isEqualTo(ca);
  }

  @Test
  void ensure_caKeyOfAnotherCa_throwsNamingTheKey() throws IOException {
    LocalCertificates.ensure(dataDir.resolve("a"));
    LocalCertificates.ensure(dataDir.resolve("b"));
    Path caKey = dataDir.resolve("a/tls/ca-key.pem");
    Files.copy(dataDir.resolve("b/tls/ca-key.pem"), caKey, StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> LocalCertificates.ensure(dataDir.resolve("a")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(caKey.toString());
  }

  @Test
  void ensure_caCertUnreadable_throwsNamingTheCert() throws IOException {
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    Files.writeString(first.caCertPath(), "garbage");

    assertThatThrownBy(() -> LocalCertificates.ensure(dataDir))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(first.caCertPath().toString());
  }

  @Test
  void ensure_dataDirIsAFile_throwsNamingThePath() throws IOException {
    Path file = Files.writeString(dataDir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> LocalCertificates.ensure(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.resolve("tls").toString());
  }

  @Test
  void ensure_serverKeyMadeWorldReadable_restrictsItAgain() throws IOException {
    Assumptions.assumeTrue(
        dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "needs POSIX file permissions");
    LocalCertificates first = LocalCertificates.ensure(dataDir);
    Files.setPosixFilePermissions(first.serverKeyPath(),
        PosixFilePermissions.fromString("rw-r--r--"));

    LocalCertificates.ensure(dataDir);

    assertThat(mode(first.serverKeyPath())).isEqualTo("rw-------");
  }

  @Test
  void ensure_calledConcurrently_makesOneCa() throws Exception {
    int callers = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<LocalCertificates>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Callable<LocalCertificates> call = () -> {
          start.await();
          return LocalCertificates.ensure(dataDir);
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      int created = 0;
      for (Future<LocalCertificates> r : results) {
        created += r.get(30, TimeUnit.SECONDS).created() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void httpClient_trustingOnlyCa_completesRequestByNameAndAddress() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    try (TestServer server = TestServer.start(certs);
        HttpClient client = client(trusting(certs.caCertPath()))) {
      for (String host : List.of("localhost", "127.0.0.1")) {
        HttpResponse<String> response = client.send(
            get("https://" + host + ":" + server.port() + "/"),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("patchbay");
      }
    }
  }

  @Test
  void httpClient_trustingDefaultCas_failsHandshake() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    try (TestServer server = TestServer.start(certs);
        HttpClient client = client(SSLContext.getDefault())) {
      HttpRequest request = get("https://localhost:" + server.port() + "/");

      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(
              SSLHandshakeException.class));
    }
  }

  @Test
  void httpClient_trustingAnotherLocalCa_failsHandshake() throws Exception {
    LocalCertificates certs = LocalCertificates.ensure(dataDir.resolve("server"));
    LocalCertificates other = LocalCertificates.ensure(dataDir.resolve("other"));

    try (TestServer server = TestServer.start(certs);
        HttpClient client = client(trusting(other.caCertPath()))) {
      HttpRequest request = get("https://localhost:" + server.port() + "/");

      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(
              SSLHandshakeException.class));
    }
  }

  @Test
  void curl_withCaCert_completesRequestForLocalhostAndExotelName() throws Exception {
    Assumptions.assumeTrue(curlInstalled(), "curl is not installed");
    LocalCertificates certs = LocalCertificates.ensure(dataDir);

    try (TestServer server = TestServer.start(certs)) {
      int port = server.port();
      String ca = certs.caCertPath().toString();

      assertThat(curl("--cacert", ca, "https://localhost:" + port + "/"))
          .isEqualTo(new CurlResult(0, "patchbay"));
      // --resolve pins the Exotel name to loopback, so nothing leaves the machine, while curl
      // still checks the certificate against that name.
      assertThat(curl("--cacert", ca, "--resolve", "ccm-api.exotel.com:" + port + ":127.0.0.1",
          "https://ccm-api.exotel.com:" + port + "/"))
          .isEqualTo(new CurlResult(0, "patchbay"));
      assertThat(curl("https://localhost:" + port + "/").exitCode()).isNotZero();
    }
  }

  // --- helpers ---

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static Duration validity(X509Certificate cert) {
    return Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
  }

  /** Parsed with the JDK alone, to prove the files need nothing beyond it. */
  private static List<X509Certificate> readCertificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError("cannot read " + pem, e);
    }
  }

  /** Parsed with the JDK alone: what a Vert.x or Netty PEM key option expects, too. */
  private static PrivateKey readPrivateKey(Path pem) {
    try {
      String text = Files.readString(pem, StandardCharsets.US_ASCII)
          .replace("-----BEGIN PRIVATE KEY-----", "")
          .replace("-----END PRIVATE KEY-----", "");
      byte[] der = Base64.getMimeDecoder().decode(text);
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (Exception e) {
      throw new AssertionError("cannot read " + pem, e);
    }
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", readCertificates(caPem).get(0));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder()
        .sslContext(context)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  private static boolean curlInstalled() {
    try {
      Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private record CurlResult(int exitCode, String body) {}

  private static CurlResult curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        "curl", "--silent", "--fail", "--noproxy", "*", "--max-time", "20"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("curl did not finish: " + command);
    }
    return new CurlResult(p.exitValue(), body);
  }

  /** A JDK HTTPS server on 127.0.0.1 that serves the files exactly as they lie on disk. */
  private record TestServer(HttpsServer server) implements AutoCloseable {
    static TestServer start(LocalCertificates certs) throws Exception {
      PrivateKey key = readPrivateKey(certs.serverKeyPath());
      Certificate[] chain = readCertificates(certs.serverCertPath()).toArray(new Certificate[0]);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", key, PASSWORD, chain);
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);

      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      HttpsServer server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      server.createContext("/", exchange -> {
        byte[] body = "patchbay".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return new TestServer(server);
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
