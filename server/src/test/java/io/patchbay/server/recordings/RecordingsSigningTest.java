package io.patchbay.server.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.ApiServer.RawReply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed URLs: the round trip, every kind of tampering, expiry and the key file. */
class RecordingsSigningTest {
  private static final String ACCOUNT = "patchbay0a1b2c3d4e5f";
  private static final String CALL = "0123456789abcdefghijklmnopqrstuv";
  private static final String BASE = "http://127.0.0.1:8080";
  private static final Instant START = Instant.parse("2025-03-01T10:00:00.250Z");
  private static final Duration LIFETIME = Duration.ofMinutes(10);

  @TempDir
  Path dir;

  private MutableClock clock;
  private Recordings recordings;
  private String path;

  /** The parts of a signed URL that {@link Recordings#download} takes. */
  private record Url(String account, String call, String file, String expires,
      String signature) {
    static Url parse(String url) {
      URI uri = URI.create(url);
      String[] parts = uri.getPath().split("/");
      String expires = null;
      String signature = null;
      for (String pair : uri.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals("expires")) {
          expires = kv[1];
        } else if (kv[0].equals("signature")) {
          signature = kv[1];
        }
      }
      return new Url(parts[2], parts[3], parts[4], expires, signature);
    }

    RawReply download(Recordings recordings) {
      return recordings.download(account, call, file, expires, signature);
    }
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(START);
    recordings = Recordings.create(dir, clock, LIFETIME);
    recordings.write(ACCOUNT, CALL, 1, 2, true);
    path = recordings.path(ACCOUNT, CALL, 1);
  }

  private static void assertForbidden(ThrowingCallable call, String description) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.error()).isEqualTo(ErrorCode.RECORDING_FORBIDDEN);
      assertThat(e.error().httpStatus()).isEqualTo(403);
      assertThat(e.error().code()).isEqualTo(9403);
      assertThat(e.description()).contains(description);
    });
  }

  @Test
  void sign_givesBasePathExpiresAndHexSignature() {
    String url = recordings.sign(path, BASE + "/");

    long expires = START.getEpochSecond() + LIFETIME.toSeconds();
    assertThat(url).matches("\\Qhttp://127.0.0.1:8080" + path + "?expires=" + expires
        + "&signature=\\E[0-9a-f]{64}");
  }

  @Test
  void download_freshlySignedUrl_returnsTheFileAsAudioWav() throws IOException {
    RawReply reply = Url.parse(recordings.sign(path, BASE)).download(recordings);

    assertThat(reply.contentType()).isEqualTo("audio/wav");
    assertThat(reply.body()).isEqualTo(Files.readAllBytes(recordings.file(ACCOUNT, CALL, 1)));
  }

  @Test
  void download_justBeforeExpiry_isServed() {
    Url url = Url.parse(recordings.sign(path, BASE));

    clock.advance(LIFETIME.minusSeconds(1));

    assertThat(url.download(recordings).body()).isNotEmpty();
  }

  @Test
  void download_atOrAfterExpiry_is403SayingItExpired() {
    Url url = Url.parse(recordings.sign(path, BASE));

    clock.advance(LIFETIME);

    assertForbidden(() -> url.download(recordings), "expired");
    clock.advance(Duration.ofDays(1));
    assertForbidden(() -> url.download(recordings), "expired");
  }

  @Test
  void download_expiresMovedLater_is403() {
    Url url = Url.parse(recordings.sign(path, BASE));
    String later = String.valueOf(Long.parseLong(url.expires()) + 3600);

    assertForbidden(() -> recordings.download(url.account(), url.call(), url.file(), later,
        url.signature()), "signature");
  }

  @Test
  void download_signatureOfAnotherRecording_is403() {
    recordings.write(ACCOUNT, CALL, 2, 1, false);
    recordings.write(ACCOUNT, "othercall", 1, 1, false);
    recordings.write("otheraccount", CALL, 1, 1, false);
    Url url = Url.parse(recordings.sign(path, BASE));

    assertForbidden(() -> recordings.download(ACCOUNT, CALL, "2.wav", url.expires(),
        url.signature()), "signature");
    assertForbidden(() -> recordings.download(ACCOUNT, "othercall", "1.wav", url.expires(),
        url.signature()), "signature");
    assertForbidden(() -> recordings.download("otheraccount", CALL, "1.wav", url.expires(),
        url.signature()), "signature");
    assertForbidden(() -> recordings.download(ACCOUNT, CALL, "01.wav", url.expires(),
        url.signature()), "signature");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "00", "nothex", "0123456789abcdef", "flip", "upper", "longer"})
  void download_alteredSignature_is403(String kind) {
    Url url = Url.parse(recordings.sign(path, BASE));
    String good = url.signature();
    String bad = switch (kind) {
      case "flip" -> (good.charAt(0) == '0' ? "1" : "0") + good.substring(1);
      case "upper" -> good.toUpperCase(Locale.ROOT);
      case "longer" -> good + "0";
      default -> kind;
    };

    assertForbidden(() -> recordings.download(url.account(), url.call(), url.file(),
        url.expires(), bad), "signature");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "NULL,                  sig,  'expires' and 'signature'",
      "1741000000,            NULL, 'expires' and 'signature'",
      "'',                    sig,  epoch seconds",
      "-1,                    sig,  epoch seconds",
      "01741000000,           sig,  epoch seconds",
      "1741000000.5,          sig,  epoch seconds",
      "9999999999999999999,   sig,  epoch seconds",
      "99999999999999999999,  sig,  epoch seconds"})
  void download_missingOrMalformedParameter_is403(String expires, String signature,
      String description) {
    String sig = signature == null ? null : Url.parse(recordings.sign(path, BASE)).signature();

    assertForbidden(() -> recordings.download(ACCOUNT, CALL, "1.wav", expires, sig),
        description);
  }

  @ParameterizedTest
  @CsvSource({
      "..,                    " + CALL + ", 1.wav",
      ACCOUNT + ",            ..,           1.wav",
      ACCOUNT + ",            " + CALL + ", ..",
      ACCOUNT + ",            " + CALL + ", ../../../recording-key",
      ACCOUNT + ",            " + CALL + ", 1.WAV",
      ACCOUNT + ",            " + CALL + ", 1000.wav",
      ACCOUNT + ",            " + CALL + ", 1.wav.tmp",
      "PATCHBAY,              " + CALL + ", 1.wav",
      ACCOUNT + ",            a%2Fb,        1.wav"})
  void download_pathPartOutsideItsPattern_is403BeforeTouchingTheDisk(String account,
      String call, String file) {
    Url url = Url.parse(recordings.sign(path, BASE));

    assertForbidden(() -> recordings.download(account, call, file, url.expires(),
        url.signature()), "not a recording URL");
  }

  @Test
  void download_wellSignedButFileGone_is404() throws IOException {
    Url url = Url.parse(recordings.sign(path, BASE));
    Files.delete(recordings.file(ACCOUNT, CALL, 1));

    assertThatThrownBy(() -> url.download(recordings))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.error()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e.error().httpStatus()).isEqualTo(404);
        });
  }

  @Test
  void download_urlSignedWithAnotherDataFoldersKey_is403(@TempDir Path other) {
    Recordings stranger = Recordings.create(other, clock, LIFETIME);

    Url url = Url.parse(stranger.sign(path, BASE));

    assertForbidden(() -> url.download(recordings), "signature");
  }

  @Test
  void create_again_reusesTheKeySoUrlsSurviveARestart() throws IOException {
    Url url = Url.parse(recordings.sign(path, BASE));
    String key = Files.readString(dir.resolve("recording-key"));

    Recordings restarted = Recordings.create(dir, clock, LIFETIME);

    assertThat(url.download(restarted).body()).isNotEmpty();
    assertThat(Files.readString(dir.resolve("recording-key"))).isEqualTo(key);
  }

  @Test
  void create_keyFile_is64HexDigitsReadableByTheOwnerOnly() throws IOException {
    Path key = dir.resolve("recording-key");

    assertThat(Files.readString(key)).matches("[0-9a-f]{64}\n");
    Assumptions.assumeTrue(AtomicFiles.posix(dir), "POSIX permissions");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_keyFileMadeWorldReadable_narrowsItAgain() throws IOException {
    Path key = dir.resolve("recording-key");
    Assumptions.assumeTrue(AtomicFiles.posix(dir), "POSIX permissions");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    Recordings.create(dir, clock, LIFETIME);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_damagedKeyFile_throwsNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("recording-key"), "not a key\n");

    assertThatThrownBy(() -> Recordings.create(dir, clock, LIFETIME))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("recording-key");
  }

  @Test
  void create_twoDataFolders_haveDifferentKeys(@TempDir Path other) throws IOException {
    Recordings.create(other, clock, LIFETIME);

    assertThat(Files.readString(other.resolve("recording-key")))
        .isNotEqualTo(Files.readString(dir.resolve("recording-key")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT0.5S", "-PT1M", "P366D"})
  void create_lifetimeOutsideOneSecondToAYear_throws(String lifetime) {
    assertThatThrownBy(() -> Recordings.create(dir, clock, Duration.parse(lifetime)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urlLifetime");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/recordings/a/b/1.mp3", "/other/a/b/1.wav", "recordings/a/b/1.wav",
      "/recordings/a/../1.wav", "/recordings/a/b/1.wav?x=1"})
  void sign_notARecordingPath_throws(String notAPath) {
    assertThatThrownBy(() -> recordings.sign(notAPath, BASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notAPath);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8080", "ftp://host", "http://host/?a=1", "http://h#x"})
  void sign_baseUrlNotHttpOrWithQuery_throws(String base) {
    assertThatThrownBy(() -> recordings.sign(path, base))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
  }
}
