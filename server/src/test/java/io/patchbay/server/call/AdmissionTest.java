package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Sids;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Make Call's validation and admission checks: each error creates no call. */
class AdmissionTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static Store store;
  static String sid;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    store = server.patchbay().store();
    sid = server.demo().accountSid();
    agent("+919811111111", false, true);
    agent("+919822222222", true, false);
    store.addDoNotCall(sid, "+919833333333");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void agent(String number, boolean verified, boolean on) {
    String userId = Sids.newUserId();
    store.createUser(new User(sid, userId, "Test", "Agent", null, Role.USER, null,
        Instant.now(), null), new Device(0, sid, userId, "Phone", number, on, verified, null));
  }

  static Stream<Arguments> badBodies() {
    String vn = "\"virtual_number\":\"+918045680001\"";
    String to = "\"to\":{\"customer_contact_uri\":\"+919812345678\"}";
    String from = "\"from\":{\"user_contact_uri\":\"+919876500001\"}";
    return Stream.of(
        Arguments.of("", "empty"),
        Arguments.of("not json", "not valid JSON"),
        Arguments.of("[1,2]", "JSON object"),
        Arguments.of("{" + to + "," + vn + "}", "from"),
        Arguments.of("{" + from + "," + vn + "}", "to is required"),
        Arguments.of("{" + from + "," + to + "}", "virtual_number"),
        Arguments.of("{\"from\":{\"user_id\":\"" + "a".repeat(32)
            + "\",\"user_contact_uri\":\"+919876500001\"}," + to + "," + vn + "}", "exactly one"),
        Arguments.of("{\"from\":{\"user_contact_uri\":\"98765-00001\"}," + to + "," + vn + "}",
            "from.user_contact_uri"),
        Arguments.of("{" + from + ",\"to\":{\"customer_contact_uri\":\"12\"}," + vn + "}",
            "to.customer_contact_uri"),
        Arguments.of("{" + from + "," + to + "," + vn + ",\"recording\":\"yes\"}", "recording"),
        Arguments.of("{" + from + "," + to + "," + vn + ",\"max_time_limit\":\"ten\"}",
            "max_time_limit"),
        Arguments.of("{" + from + "," + to + "," + vn + ",\"attempt_time_out\":0}",
            "attempt_time_out"),
        Arguments.of("{" + from + "," + to + "," + vn + ",\"recording_channels\":\"quad\"}",
            "recording_channels"),
        Arguments.of("{" + from + "," + to + "," + vn
            + ",\"status_callback\":[{\"event\":\"terminal\",\"url\":\"ftp://x/y\"}]}",
            "status_callback[0].url"),
        Arguments.of("{" + from + "," + to + "," + vn
            + ",\"status_callback\":[{\"event\":\"ringing\",\"url\":\"http://x/y\"}]}",
            "status_callback[0].event"),
        Arguments.of("{" + from + "," + from + "," + to + "," + vn + "}", "Duplicate"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void makeCall_badBody_is400With10725NamingTheField(String body, String named) {
    long before = store.countCalls(sid);

    Response r = server.send("POST", server.base() + "/calls", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(10725);
    assertThat(r.description()).contains(named);
    assertThat(store.countCalls(sid)).isEqualTo(before);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("{\"user_id\":\"" + "b".repeat(32) + "\"}", "+919812345678",
            "+918045680001", 404, 10731),
        Arguments.of("{\"user_contact_uri\":\"+919800000000\"}", "+919812345678",
            "+918045680001", 404, 10731),
        Arguments.of("{\"user_contact_uri\":\"+919811111111\"}", "+919812345678",
            "+918045680001", 409, 10705),
        Arguments.of("{\"user_contact_uri\":\"+919822222222\"}", "+919812345678",
            "+918045680001", 409, 1012),
        Arguments.of("{\"user_contact_uri\":\"+919876500002\"}", "+919812345678",
            "+918000000000", 404, 10716),
        Arguments.of("{\"user_contact_uri\":\"+919876500002\"}", "+919833333333",
            "+918045680001", 403, 10717),
        Arguments.of("{\"user_contact_uri\":\"+919811111111\"}", "+919833333333",
            "+918000000000", 409, 10705));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void makeCall_failedAdmission_answersItsCodeInOrderAndCreatesNothing(String from,
      String customer, String virtualNumber, int status, int code) {
    long before = store.countCalls(sid);
    String body = "{\"from\":" + from + ",\"to\":{\"customer_contact_uri\":\"" + customer
        + "\"},\"virtual_number\":\"" + virtualNumber + "\"}";

    Response r = server.send("POST", server.base() + "/calls", body);

    assertThat(r.status()).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(store.countCalls(sid)).isEqualTo(before);
  }

  @Test
  void makeCall_agentAlreadyOnACall_is409With10706UntilTheLegsHangUp() {
    String body = server.callBody("+919876500001", "+919812345678");
    Response first = server.send("POST", server.base() + "/calls", body);

    Response second = server.send("POST", server.base() + "/calls", body);
    server.advance(Duration.ofSeconds(38));
    Response lastSecondOfTalk = server.send("POST", server.base() + "/calls", body);
    server.advance(Duration.ofSeconds(1));
    Response afterHangup = server.send("POST", server.base() + "/calls", body);
    server.advance(Duration.ofMinutes(2));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorCode()).isEqualTo(10706);
    assertThat(lastSecondOfTalk.errorCode()).isEqualTo(10706);
    assertThat(afterHangup.status()).isEqualTo(200);
  }
}
