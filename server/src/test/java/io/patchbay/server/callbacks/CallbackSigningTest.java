package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.WAIT;
import static io.patchbay.server.callbacks.Fixtures.advance;
import static io.patchbay.server.callbacks.Fixtures.item;
import static io.patchbay.server.callbacks.Fixtures.makeCall;
import static io.patchbay.server.callbacks.Fixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.callbacks.Receiver.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed callbacks: off by default, on by the account's option, verifiable by receivers. */
class CallbackSigningTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dir);
    receiver = Receiver.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  /** What a receiver does, written independently of the server's code (docs/callbacks.md). */
  private static boolean verify(String secret, Received r) throws Exception {
    String timestamp = r.header("X-Patchbay-Timestamp");
    String signature = r.header("X-Patchbay-Signature");
    if (timestamp == null || signature == null) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
    boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
    return fresh && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        signature.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signing_enabledThenDisabled_signsOnlyWhileOn() throws Exception {
    Response off = sandbox(server, "GET", "/callback-signing", null);
    Response on = sandbox(server, "PUT", "/callback-signing", "{\"enabled\":true}");
    String secret = on.data().get("secret").asText();
    makeCall(server, "[" + item("terminal", receiver.url("/signed")) + "]");
    advance(server, Duration.ofMinutes(2));
    Received signed = receiver.take(WAIT);

    sandbox(server, "PUT", "/callback-signing", "{\"enabled\":false}");
    makeCall(server, "[" + item("terminal", receiver.url("/plain")) + "]");
    advance(server, Duration.ofMinutes(2));
    Received plain = receiver.take(WAIT);

    assertThat(off.data().get("enabled").asBoolean()).isFalse();
    assertThat(on.data().get("enabled").asBoolean()).isTrue();
    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(verify(secret, signed)).isTrue();
    assertThat(verify("another-secret-0123", signed)).isFalse();
    assertThat(plain.header("X-Patchbay-Signature")).isNull();
    assertThat(plain.header("X-Patchbay-Timestamp")).isNull();
  }

  @Test
  void signing_givenSecret_isUsedAndInvalidOnesAre400() throws Exception {
    Response tooShort = sandbox(server, "PUT", "/callback-signing",
        "{\"enabled\":true,\"secret\":\"short\"}");
    Response noFlag = sandbox(server, "PUT", "/callback-signing", "{\"secret\":\"x\"}");
    Response set = sandbox(server, "PUT", "/callback-signing",
        "{\"enabled\":true,\"secret\":\"my-own-secret-0123456789\"}");
    makeCall(server, "[" + item("terminal", receiver.url("/own")) + "]");
    advance(server, Duration.ofMinutes(2));
    Received signed = receiver.take(WAIT);
    sandbox(server, "PUT", "/callback-signing", "{\"enabled\":false}");

    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(noFlag.status()).isEqualTo(400);
    assertThat(set.data().get("secret").asText()).isEqualTo("my-own-secret-0123456789");
    assertThat(verify("my-own-secret-0123456789", signed)).isTrue();
  }
}
