package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs the property tests found, kept as examples: each was accepted, left
 * unanswered or answered outside the envelope before its fix.
 */
class MalformedRequestTest {
  @TempDir
  static Path dir;

  static World world;

  @BeforeAll
  static void start() {
    world = World.start(dir);
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static byte[] makeCallWithCustomField(byte[] value) {
    String agent = world.server.demo().agents().get(0).contactUri();
    byte[] head = ("{\"from\":{\"user_contact_uri\":\"" + agent + "\"},\"to\":"
        + "{\"customer_contact_uri\":\"+919812345678\"},\"virtual_number\":\""
        + world.demo.virtualNumber() + "\",\"custom_field\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + value.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(value, 0, out, head.length, value.length);
    out[out.length - 2] = '"';
    out[out.length - 1] = '}';
    return out;
  }

  private static Wire.Answer post(String path, byte[] body, String auth) {
    return Wire.send("POST", world.root() + path, body, Map.of("Authorization", auth));
  }

  @Test
  void makeCall_encodedSurrogateInAString_is400AndPlacesNoCall() {
    String before = StoreSnapshot.of(world.database());
    byte[] body = makeCallWithCustomField(new byte[] {'a', (byte) 0xED, (byte) 0xA0,
        (byte) 0x80});

    Wire.Answer a = post("/v2/accounts/" + world.demo.sid() + "/calls", body,
        world.demo.basic());

    Envelopes.assertFailure(a, "POST", 400, 10725);
    assertThat(StoreSnapshot.of(world.database())).isEqualTo(before);
  }

  @Test
  void makeCall_overlongUtf8InAString_is400() {
    Wire.Answer a = post("/v2/accounts/" + world.demo.sid() + "/calls",
        makeCallWithCustomField(new byte[] {(byte) 0xC0, (byte) 0xAE}), world.demo.basic());

    Envelopes.assertFailure(a, "POST", 400, 10725);
  }

  @Test
  void makeCall_escapedLoneSurrogate_is400() {
    Wire.Answer a = post("/v2/accounts/" + world.demo.sid() + "/calls",
        makeCallWithCustomField("x\\ud800".getBytes(StandardCharsets.UTF_8)),
        world.demo.basic());

    Envelopes.assertFailure(a, "POST", 400, 10725);
    assertThat(a.json().at("/response/error_data/description").asText())
        .contains("unpaired surrogate");
  }

  @Test
  void makeCall_escapedSurrogatePair_isAccepted() {
    Wire.Answer a = post("/v2/accounts/" + world.demo.sid() + "/calls",
        makeCallWithCustomField("\\ud83d\\ude00".getBytes(StandardCharsets.UTF_8)),
        world.demo.basic());

    assertThat(a.status()).as("%s", a).isIn(200, 409);
  }

  @Test
  void controlPlane_keyWithOverlongUtf8_is400NotIgnored() {
    byte[] body = {'{', '"', 'a', 'd', 'v', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'};

    Wire.Answer a = post("/_sim/v1/accounts/" + world.demo.sid() + "/clock", body,
        "Bearer " + world.adminToken());

    Envelopes.assertFailure(a, "POST", 400, 9400);
  }

  @Test
  void hostHeaderPercentZero_is400InTheEnvelopeNotAHang() {
    Wire.Answer a = Wire.raw(world.port(), ("GET /v2/accounts/" + world.demo.sid()
        + "/users HTTP/1.1\r\nHost: %00\r\nAuthorization: " + world.demo.basic())
        .getBytes(StandardCharsets.ISO_8859_1), new byte[0]);

    Envelopes.assertFailure(a, "GET", 400, 1007);
  }

  @Test
  void requestLineTooLong_is414InTheEnvelope() {
    Wire.Answer a = Wire.raw(world.port(), ("GET /v2/accounts/" + "a".repeat(9_000)
        + "/users HTTP/1.1\r\nHost: 127.0.0.1").getBytes(StandardCharsets.ISO_8859_1),
        new byte[0]);

    Envelopes.assertFailure(a, "GET", 414, 9414);
  }

  @Test
  void headersTooLarge_is431InTheEnvelope() {
    Wire.Answer a = Wire.raw(world.port(), ("GET /v2/accounts/" + world.demo.sid()
        + "/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000))
        .getBytes(StandardCharsets.ISO_8859_1), new byte[0]);

    Envelopes.assertFailure(a, "GET", 431, 9431);
  }

  @Test
  void malformedContentLength_is400InTheEnvelope() {
    Wire.Answer a = Wire.rawBytes(world.port(), ("POST /v2/accounts/" + world.demo.sid()
        + "/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n{}")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().at("/response/error_data/code").asInt()).isEqualTo(1007);
  }
}
