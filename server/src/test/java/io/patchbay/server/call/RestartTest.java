package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.Patchbay;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything survives a restart, and calls left live are finished honestly. */
class RestartTest {
  @TempDir
  Path dir;

  @Test
  void restart_keepsEveryCallAndFinishesTheLiveOnes() throws Exception {
    String finished;
    String talking;
    String ringing;
    DemoAccount demo;
    try (TestServer server = TestServer.start(dir)) {
      demo = server.demo();
      finished = sid(server.send("POST", server.base() + "/calls",
          server.callBody("+919876500001", "+919812345678")));
      server.advance(Duration.ofMinutes(1));
      talking = sid(server.send("POST", server.base() + "/calls",
          server.callBody("+919876500001", "+919812345678")));
      server.advance(Duration.ofSeconds(20));
      ringing = sid(server.send("POST", server.base() + "/calls",
          server.callBody("+919876500002", "+919812345678")));
      server.advance(Duration.ofSeconds(2));
    }

    try (Patchbay again = Patchbay.start(TestStores.config(dir))) {
      String base = "http://127.0.0.1:" + again.ports().http() + "/v2/accounts/"
          + demo.accountSid() + "/calls/";
      JsonNode done = get(base + finished, demo);
      JsonNode wasTalking = get(base + talking, demo);
      JsonNode wasRinging = get(base + ringing, demo);

      assertThat(again.recovered()).isEqualTo(2);
      assertThat(again.createdDemo()).isEmpty();
      assertThat(done.get("call_status").asText()).isEqualTo("completed");
      assertThat(done.get("total_talk_time").asInt()).isEqualTo(30);
      assertThat(wasTalking.get("call_state").asText()).isEqualTo("terminal");
      assertThat(wasTalking.get("call_status").asText()).isEqualTo("completed");
      assertThat(wasTalking.at("/customer_details/status").asText()).isEqualTo("completed");
      assertThat(wasRinging.get("call_state").asText()).isEqualTo("terminal");
      assertThat(wasRinging.get("call_status").asText()).isEqualTo("agent_unanswered");
      assertThat(wasRinging.at("/assigned_agent_details/status").asText())
          .isEqualTo("no-answer");
      assertThat(again.store().user(demo.accountSid(), demo.agents().get(0).userId())
          .orElseThrow().activeCallSid()).isNull();
    }
  }

  @Test
  void restart_keepsAClockSetAheadAndTheTalkOfACallLeftLive() throws Exception {
    String talking;
    DemoAccount demo;
    try (TestServer server = TestServer.start(dir)) {
      demo = server.demo();
      server.sim("POST", "/clock", "{\"set_time\":\"2031-01-01T10:00:00+05:30\"}");
      String body = server.callBody("+919876500001", "+919812345678");
      talking = sid(server.send("POST", server.base() + "/calls",
          body.substring(0, body.length() - 1) + ",\"recording\":true}"));
      server.advance(Duration.ofSeconds(20));
    }

    try (Patchbay again = Patchbay.start(TestStores.config(dir))) {
      JsonNode call = get("http://127.0.0.1:" + again.ports().http() + "/v2/accounts/"
          + demo.accountSid() + "/calls/" + talking, demo);

      assertThat(call.get("call_state").asText()).isEqualTo("terminal");
      assertThat(call.get("end_time").asText()).startsWith("2031-01-01T10:00:2");
      assertThat(call.get("total_talk_time").asInt()).isEqualTo(11);
      assertThat(call.get("recordings")).hasSize(1);
      assertThat(call.at("/recordings/0/url").asText()).contains("/recordings/");
      assertThat(again.timelines().of(demo.accountSid()).clock().isManual()).isTrue();
      assertThat(again.timelines().of(demo.accountSid()).instant().toString())
          .startsWith("2031-01-01T04:30:2");
    }
  }

  private static String sid(Response r) {
    assertThat(r.status()).isEqualTo(200);
    return r.data().get("call_sid").asText();
  }

  private static JsonNode get(String url, DemoAccount demo) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(url)).header("Authorization", TestServer.basic(demo.apiKey(),
        demo.apiToken())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return TestServer.JSON.readTree(r.body()).at("/response/data");
  }
}
