package io.patchbay.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded calls: real files of each conversation's length behind signed URLs. */
class RecordingScenarioTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Each recording's duration in seconds and channel count. */
  private static List<double[]> download(JsonNode recordings) throws Exception {
    List<double[]> out = new ArrayList<>();
    for (JsonNode r : recordings) {
      HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(
          r.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.headers().firstValue("Content-Type")).contains("audio/wav");
      try (AudioInputStream in = AudioSystem.getAudioInputStream(
          new ByteArrayInputStream(file.body()))) {
        AudioFormat f = in.getFormat();
        out.add(new double[] {in.getFrameLength() / f.getFrameRate(), f.getChannels()});
      }
    }
    return out;
  }

  @Test
  void recordedOutboundCall_hasOnePlayableFileOfItsTalkTime() throws Exception {
    String body = server.callBody("+919876500001", "+919812345678");
    Response made = server.send("POST", server.base() + "/calls",
        body.substring(0, body.length() - 1) + ",\"recording\":true}");
    String sid = made.data().get("call_sid").asText();
    server.sim("POST", "/clock", "{\"advance_seconds\":20}");
    JsonNode talking = server.send("GET", server.base() + "/calls/" + sid, null).data();
    server.sim("POST", "/clock", "{\"advance_seconds\":60}");
    JsonNode done = server.send("GET", server.base() + "/calls/" + sid, null).data();

    assertThat(talking.get("recordings").isNull()).isTrue();
    assertThat(done.get("call_state").asText()).isEqualTo("terminal");
    assertThat(done.get("recordings")).hasSize(1);
    List<double[]> files = download(done.get("recordings"));
    assertThat(files.get(0)[0]).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(files.get(0)[1]).isEqualTo(1.0);
  }

  @Test
  void recordingUrl_forgedOrTampered_is403InTheEnvelope() throws Exception {
    String body = server.callBody("+919876500002", "+919812345678");
    Response made = server.send("POST", server.base() + "/calls",
        body.substring(0, body.length() - 1) + ",\"recording\":true}");
    server.sim("POST", "/clock", "{\"advance_seconds\":80}");
    String url = server.send("GET", server.base() + "/calls/"
        + made.data().get("call_sid").asText(), null).data().at("/recordings/0/url").asText();

    HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(
        url.replaceAll("signature=[0-9a-f]{4}", "signature=0000"))).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(
        url.substring(0, url.indexOf('?')))).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(TestServer.JSON.readTree(forged.body()).at("/response/error_data/code").asInt())
        .isEqualTo(9403);
    assertThat(unsigned.statusCode()).isEqualTo(403);
  }

  @Test
  void recordedInboundFlowWithATransfer_hasOneDualFilePerConversation() throws Exception {
    String a = user("Dara", "+919822200001");
    String b = user("Esha", "+919822200002");
    String group = post("/groups", "{\"name\":\"Sales\",\"members\":[\"" + a + "\"]}");
    String flow = post("/flows", "{\"name\":\"Recorded\",\"recording\":true,"
        + "\"recording_channels\":\"dual\",\"applets\":[{\"type\":\"greeting\",\"seconds\":3},"
        + "{\"type\":\"connect\",\"group_id\":\"" + group + "\",\"ring_seconds\":15}]}");
    server.send("POST", server.base() + "/exophones",
        "{\"number\":\"+918045680002\",\"flow_id\":\"" + flow + "\"}");
    server.sim("PUT", "/phones/%2B919822200002", "{\"outcome\":\"answer\",\"ring_seconds\":2,"
        + "\"hangup_after_seconds\":60}");
    Response made = server.sim("POST", "/inbound", "{\"from\":\"+919812345678\","
        + "\"to\":\"+918045680002\",\"transfers\":[{\"after_seconds\":40,\"to_user_id\":\""
        + b + "\"}]}");
    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    JsonNode done = server.send("GET", server.base() + "/calls/"
        + made.data().get("call_sid").asText(), null).data();

    assertThat(done.get("total_talk_time").asInt()).isEqualTo(100);
    List<double[]> files = download(done.get("recordings"));
    assertThat(files).hasSize(2);
    assertThat(files.get(0)[0]).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(files.get(1)[0]).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1.0));
    assertThat(files.get(0)[1]).isEqualTo(2.0);
  }

  private static String user(String name, String number) {
    return post("/users", "{\"first_name\":\"" + name + "\",\"last_name\":\"Agent\","
        + "\"device_contact_uri\":\"" + number + "\"}");
  }

  private static String post(String path, String body) {
    Response r = server.send("POST", server.base() + path, body);
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return r.data().get("id").asText();
  }
}
