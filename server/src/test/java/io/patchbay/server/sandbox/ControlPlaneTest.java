package io.patchbay.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The control plane's guard, validation, faults and reset. */
class ControlPlaneTest {
  @TempDir
  static Path dir;

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private String call() {
    Response r = server.send("POST", server.base() + "/calls",
        server.callBody("+919876500001", "+919812345678"));
    assertThat(r.status()).isEqualTo(200);
    return r.data().get("call_sid").asText();
  }

  @Test
  void controlPlane_withoutOrWithAWrongAdminToken_is401() {
    String url = server.root() + "/_sim/v1/accounts/" + server.demo().accountSid() + "/clock";

    Response none = server.send("GET", url, null, Map.of());
    Response basic = server.send("GET", url, null);
    Response wrong = server.send("GET", url, null, Map.of("Authorization", "Bearer nope"));

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo(9401);
    assertThat(basic.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PUT  | /phones/%2B919812345678 | {\"outcome\":\"ringing\"}         | outcome",
      "PUT  | /phones/%2B919812345678 | {\"ring_seconds\":-1}             | ring_seconds",
      "PUT  | /phones/12               | {}                               | uri",
      "POST | /clock                   | {\"speed\":-2}                    | speed",
      "POST | /clock                   | {\"mode\":\"sideways\"}           | mode",
      "POST | /clock                   | {\"advance_seconds\":-5}          | advance_seconds",
      "POST | /clock                   | {\"set_time\":\"2001-01-01T00:00:00Z\"} | set_time",
      "POST | /faults                  | {\"kind\":\"explode\"}            | kind",
      "POST | /faults                  | {\"kind\":\"delay\"}              | delay_ms",
      "POST | /faults                  | {\"kind\":\"error_500\",\"count\":0} | count",
      "POST | /faults                  | {\"kind\":\"error_500\",\"count\":2.7} | count",
      "POST | /faults                  | {\"kind\":\"delay\",\"delay_ms\":1.5} | delay_ms",
      "POST | /calls/xyz/legs/3/hangup | {}                               | leg"})
  void controlPlane_invalidInput_is400NamingTheFieldAndChangesNothing(String method,
      String path, String body, String field) {
    Response before = server.sim("GET", "/clock", null);

    Response r = server.sim(method, path, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(9400);
    assertThat(r.description()).contains(field);
    assertThat(server.sim("GET", "/clock", null).data()).isEqualTo(before.data());
    assertThat(server.sim("GET", "/faults", null).data().get("armed").asInt()).isZero();
  }

  @Test
  void controlPlane_unknownAccount_is400NamingIt() {
    Response r = server.send("GET", server.root() + "/_sim/v1/accounts/nobody/clock", null,
        Map.of("Authorization", "Bearer " + server.patchbay().adminToken()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.description()).contains("nobody");
  }

  @Test
  void advance_onARunningClock_is400AndLeavesItRunning() {
    server.sim("POST", "/clock", "{\"mode\":\"running\",\"speed\":2}");

    Response r = server.sim("POST", "/clock", "{\"advance_seconds\":5}");
    Response clock = server.sim("GET", "/clock", null);
    server.sim("POST", "/clock", "{\"mode\":\"manual\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(clock.data().get("mode").asText()).isEqualTo("running");
    assertThat(clock.data().get("speed").asDouble()).isEqualTo(2.0);
  }

  @Test
  void faults_areOneShotAndScopedToTheirCall() {
    String sid = call();
    String other = server.base() + "/calls/0123456789abcdefghijklmnopqrstuv";
    server.sim("POST", "/faults", "{\"kind\":\"error_500\",\"call_sid\":\"" + sid + "\"}");
    server.sim("POST", "/faults", "{\"kind\":\"rate_limit_429\",\"call_sid\":\"" + sid + "\"}");

    Response untouched = server.send("GET", other, null);
    Response failed = server.send("GET", server.base() + "/calls/" + sid, null);
    Response limited = server.send("GET", server.base() + "/calls/" + sid, null);
    Response normal = server.send("GET", server.base() + "/calls/" + sid, null);
    server.advance(Duration.ofMinutes(2));

    assertThat(untouched.errorCode()).isEqualTo(3043);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.errorCode()).isEqualTo(3042);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(normal.status()).isEqualTo(200);
  }

  @Test
  void reset_deletesTheCallsAndFreesTheAgent() {
    String live = call();

    Response reset = server.sim("DELETE", "/calls", null);
    Response gone = server.send("GET", server.base() + "/calls/" + live, null);
    server.advance(Duration.ofMinutes(2));
    Response again = server.send("POST", server.base() + "/calls",
        server.callBody("+919876500001", "+919812345678"));
    server.advance(Duration.ofMinutes(2));

    assertThat(reset.data().get("deleted_calls").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(gone.errorCode()).isEqualTo(3043);
    assertThat(again.status()).isEqualTo(200);
  }
}
