package io.patchbay.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent of a Make Call call hands the customer to another agent through the control plane:
 * both conversations count, and the call stays the first agent's (outbound rule: leg 1).
 */
class OutboundTransferScenarioTest {
  private static final String AGENT_A = "+919876500001";
  private static final String AGENT_B = "+919876500002";
  private static final String CUSTOMER = "+919811100070";

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

  @AfterEach
  void forget() {
    advance(3600);
    server.sim("DELETE", "/calls", null);
    server.sim("DELETE", "/phones/%2B919811100070", null);
  }

  private static void advance(int seconds) {
    assertThat(server.sim("POST", "/clock", "{\"advance_seconds\":" + seconds + "}").status())
        .isEqualTo(200);
  }

  private static String call() {
    Response made = server.send("POST", server.base() + "/calls",
        server.callBody(AGENT_A, CUSTOMER));
    assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
    return made.data().get("call_sid").asText();
  }

  private static Response transfer(String callSid, String userId) {
    return server.sim("POST", "/calls/" + callSid + "/transfer",
        "{\"to_user_id\":\"" + userId + "\"}");
  }

  private static JsonNode details(String callSid) {
    return server.send("GET", server.base() + "/calls/" + callSid, null).data();
  }

  @Test
  void transfer_whileAgentTalks_sumsBothConversationsAndKeepsTheFirstAgent() {
    String a = server.demo().agents().get(0).userId();
    String b = server.demo().agents().get(1).userId();
    assertThat(server.sim("PUT", "/phones/%2B919811100070", "{\"outcome\":\"answer\","
        + "\"ring_seconds\":5,\"hangup_after_seconds\":60}").status()).isEqualTo(200);
    String sid = call();

    // 1 s queue, A rings 3 s, the customer 5 s: talking from 9 s, hanging up at 69 s.
    advance(29);
    Response moved = transfer(sid, b);
    advance(300);
    JsonNode d = details(sid);
    JsonNode legs = server.send("GET", server.base() + "/calls/" + sid + "/legs", null).data();

    assertThat(moved.status()).as(moved.body().toString()).isEqualTo(200);
    assertThat(moved.data().get("call_state").asText()).isEqualTo("active");
    assertThat(d.get("call_state").asText()).isEqualTo("terminal");
    assertThat(d.get("call_status").asText()).isEqualTo("completed");
    // 20 s with A (9 to 29), then B rings 3 s and talks from 32 s to 69 s: 37 s.
    assertThat(d.get("total_talk_time").asInt()).isEqualTo(57);
    assertThat(d.at("/assigned_agent_details/user_id").asText()).isEqualTo(a);
    assertThat(d.at("/assigned_agent_details/contact_uri").asText()).isEqualTo(AGENT_A);
    assertThat(d.at("/assigned_agent_details/status").asText()).isEqualTo("completed");
    assertThat(d.at("/customer_details/status").asText()).isEqualTo("completed");
    assertThat(legs.toString()).contains(AGENT_B);
  }

  @Test
  void transfer_freesTheTransferringAgentForItsNextCallAtOnce() {
    String b = server.demo().agents().get(1).userId();
    assertThat(server.sim("PUT", "/phones/%2B919811100070", "{\"outcome\":\"answer\","
        + "\"ring_seconds\":5,\"hangup_after_seconds\":60}").status()).isEqualTo(200);
    String sid = call();
    advance(29);
    assertThat(transfer(sid, b).status()).isEqualTo(200);

    Response next = server.send("POST", server.base() + "/calls",
        server.callBody(AGENT_A, "+919812345678"));
    JsonNode user = server.send("GET", server.base() + "/users/"
        + server.demo().agents().get(1).userId(), null).data();

    assertThat(next.status()).as(next.body().toString()).isEqualTo(200);
    assertThat(user.at("/active_call/call_sid").asText()).isEqualTo(sid);
  }

  @Test
  void transfer_whileTheAgentRings_is400AndTheCallGoesOn() {
    String sid = call();
    advance(2);

    Response r = transfer(sid, server.demo().agents().get(1).userId());
    advance(300);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(9400);
    assertThat(r.description()).isEqualTo("no agent is talking to the customer on this call now");
    assertThat(details(sid).get("call_status").asText()).isEqualTo("completed");
    assertThat(details(sid).get("total_talk_time").asInt()).isEqualTo(30);
  }

  @Test
  void transfer_afterTheCallEnded_is404() {
    String sid = call();
    advance(300);

    Response r = transfer(sid, server.demo().agents().get(1).userId());

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo(3043);
  }
}
