package io.patchbay.server.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.account.Region;
import io.patchbay.server.TestStores;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Authenticator;
import io.patchbay.server.http.RateLimiter;
import io.patchbay.server.http.Regions;
import io.patchbay.store.Store;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Downloads over real HTTP from an {@link ApiServer} on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingsHttpTest {
  private static final String ACCOUNT = "patchbay0a1b2c3d4e5f";
  private static final String CALL = "0123456789abcdefghijklmnopqrstuv";
  private static final Duration LIFETIME = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static final MutableClock CLOCK = new MutableClock(Instant.now());
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static Store store;
  private static Vertx vertx;
  private static ApiServer server;
  private static Recordings recordings;
  private static String base;

  @BeforeAll
  static void start() {
    store = TestStores.open(dir);
    vertx = Vertx.vertx();
    server = new ApiServer(vertx, new Authenticator(store),
        new Regions(Map.of(), Region.SINGAPORE), new RateLimiter(Clock.systemUTC(), 0), "admin");
    recordings = Recordings.create(dir, CLOCK, LIFETIME);
    Recordings.register(server, recordings);
    base = "http://127.0.0.1:" + server.listen("127.0.0.1", 0, -1, null, null).http();
    recordings.write(ACCOUNT, CALL, 1, 3, true);
    recordings.write(ACCOUNT, CALL, 2, 4, false);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().await();
    store.close();
  }

  private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode envelope(HttpResponse<byte[]> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  private static int errorCode(HttpResponse<byte[]> r) throws IOException {
    return envelope(r).path("response").path("error_data").path("code").asInt();
  }

  @Test
  void get_signedUrl_is200AudioWavWithTheFileBytes() throws Exception {
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 1), base);

    HttpResponse<byte[]> r = get(url);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(r.body()).isEqualTo(Files.readAllBytes(recordings.file(ACCOUNT, CALL, 1)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void get_signedUrl_downloadsAudioWhoseDurationMatchesTheConversation(int index)
      throws Exception {
    long expected = index == 1 ? 3 : 4;

    HttpResponse<byte[]> r = get(recordings.sign(recordings.path(ACCOUNT, CALL, index), base));

    try (AudioInputStream audio =
        AudioSystem.getAudioInputStream(new ByteArrayInputStream(r.body()))) {
      double seconds = audio.getFrameLength() / audio.getFormat().getFrameRate();
      assertThat(seconds).isCloseTo(expected, Offset.offset(1.0));
      assertThat(audio.getFormat().getChannels()).isEqualTo(index == 1 ? 2 : 1);
    }
  }

  @Test
  void get_forgedSignature_is403EnvelopeWith9403() throws Exception {
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 1), base);
    String forged = url.substring(0, url.length() - 64) + "0".repeat(64);

    HttpResponse<byte[]> r = get(forged);

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = envelope(r);
    assertThat(body.path("http_code").asInt()).isEqualTo(403);
    assertThat(body.path("response").path("status").asText()).isEqualTo("failure");
    assertThat(body.path("response").path("error_data").path("code").asInt()).isEqualTo(9403);
  }

  @Test
  void get_signedForOneRecordingUsedForAnother_is403() throws Exception {
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 1), base);

    HttpResponse<byte[]> r = get(url.replace("/1.wav?", "/2.wav?"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(errorCode(r)).isEqualTo(9403);
  }

  @Test
  void get_withoutSignature_is403() throws Exception {
    HttpResponse<byte[]> r = get(base + recordings.path(ACCOUNT, CALL, 1));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(errorCode(r)).isEqualTo(9403);
  }

  @Test
  void get_repeatedParameter_is403() throws Exception {
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 1), base);

    HttpResponse<byte[]> r = get(url + "&expires=1");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(errorCode(r)).isEqualTo(9403);
  }

  @Test
  void get_expiredUrl_is403() throws Exception {
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 1), base);
    CLOCK.advance(LIFETIME.plusSeconds(1));

    HttpResponse<byte[]> r = get(url);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(errorCode(r)).isEqualTo(9403);
    assertThat(envelope(r).path("response").path("error_data").path("description").asText())
        .contains("expired");
  }

  @Test
  void get_wellSignedButFileGone_is404Envelope() throws Exception {
    recordings.write(ACCOUNT, CALL, 9, 1, false);
    String url = recordings.sign(recordings.path(ACCOUNT, CALL, 9), base);
    Files.delete(recordings.file(ACCOUNT, CALL, 9));

    HttpResponse<byte[]> r = get(url);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(errorCode(r)).isEqualTo(9404);
  }

  // Encoded separators reach the handler and fail its strict patterns (403); dot segments are
  // removed by the router first, so the path matches no route (404). Neither serves a file.
  @ParameterizedTest
  @CsvSource({
      "/recordings/" + ACCOUNT + "/" + CALL + "/..%2F..%2F..%2Frecording-key, 403",
      "/recordings/" + ACCOUNT + "/..%2F" + CALL + "/1.wav,                   403",
      "/recordings/..%2F..%2Frecording-key/" + CALL + "/1.wav,                403",
      "/recordings/" + ACCOUNT + "/" + CALL + "/1.wav%00,                      403",
      "/recordings/" + ACCOUNT + "/" + CALL + "/%2E%2E,                        404",
      "/recordings/" + ACCOUNT + "/" + CALL + "/../../../recording-key,        404",
      "/recordings/" + ACCOUNT + "/" + CALL + "/1.wav/extra,                   404"})
  void get_pathTraversal_isRefusedInTheEnvelopeAndNeverServesAFile(String attack, int status)
      throws Exception {
    String key = Files.readString(dir.resolve("recording-key")).trim();

    HttpResponse<byte[]> r = get(base + attack + "?expires=1&signature=" + "0".repeat(64));

    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(errorCode(r)).isEqualTo(status == 403 ? 9403 : 9404);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(key);
  }
}
