package io.patchbay.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.call.WireTime;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every outbound rule of contract §3, scripted through the public API and the control plane
 * only; each scenario compares the whole GET body with the expected JSON.
 */
class OutboundScenarioTest {
  private static final String AGENT = "+919876500001";
  private static final String OTHER_AGENT = "+919876500002";
  private static final String CUSTOMER = "+919812345678";
  private static final DateTimeFormatter TIME = WireTime.FORMAT;

  @TempDir
  static Path dir;

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    Response clock = server.sim("POST", "/clock", "{\"set_time\":\"2030-01-01T10:00:00+05:30\"}");
    assertThat(clock.status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void finishAndForget() {
    advance(3600);
    assertThat(server.sim("DELETE", "/calls", null).status()).isEqualTo(200);
    server.sim("DELETE", "/phones/" + AGENT, null);
    server.sim("DELETE", "/phones/" + OTHER_AGENT, null);
    server.sim("DELETE", "/phones/" + CUSTOMER, null);
  }

  private static void advance(double seconds) {
    Response r = server.sim("POST", "/clock", "{\"advance_seconds\":" + seconds + "}");
    assertThat(r.status()).isEqualTo(200);
  }

  private static void phone(String uri, String json) {
    assertThat(server.sim("PUT", "/phones/" + uri, json).status()).isEqualTo(200);
  }

  /** Makes a call; returns {sid, creation instant}. */
  private static Object[] call(String agent, String extra) {
    String body = server.callBody(agent, CUSTOMER);
    body = body.substring(0, body.length() - 1) + extra + "}";
    Response made = server.send("POST", server.base() + "/calls", body);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
    Instant created = OffsetDateTime.parse(made.data().get("created_time").asText()).toInstant();
    return new Object[] {made.data().get("call_sid").asText(), created};
  }

  private static JsonNode get(Object[] call) {
    return server.send("GET", server.base() + "/calls/" + call[0], null).data();
  }

  /** The expected details of a terminal call; times in seconds after creation. */
  private static ObjectNode expected(Object[] call, String agent, String status,
      String agentStatus, String customerStatus, int start, int end, int talk) {
    Instant t0 = (Instant) call[1];
    ObjectNode d = TestServer.JSON.createObjectNode();
    d.put("call_sid", (String) call[0]);
    d.put("direction", "outbound");
    d.put("virtual_number", "+918045680001");
    d.put("call_state", "terminal");
    d.put("call_status", status);
    ObjectNode a = d.putObject("assigned_agent_details");
    server.demo().agents().stream().filter(x -> x.contactUri().equals(agent)).findFirst()
        .ifPresent(x -> a.put("user_id", x.userId()).put("user_name", x.name()));
    a.put("contact_uri", agent);
    a.putNull("group_id");
    a.putNull("group_name");
    a.put("status", agentStatus);
    ObjectNode c = d.putObject("customer_details");
    c.put("contact_name", "Ravi Kumar").put("contact_uri", CUSTOMER).put("status",
        customerStatus);
    d.put("created_time", at(t0, 0));
    d.put("updated_time", at(t0, end + 2));
    d.put("start_time", at(t0, start));
    d.put("end_time", at(t0, end));
    d.put("total_duration", end - start);
    d.put("total_talk_time", talk);
    d.putNull("custom_field");
    d.putNull("app_id");
    d.putNull("app_name");
    d.putNull("digits");
    d.putArray("recordings");
    return d;
  }

  private static String at(Instant t0, int seconds) {
    return TIME.format(OffsetDateTime.ofInstant(t0.plusSeconds(seconds),
        ZoneOffset.ofHoursMinutes(5, 30)));
  }

  @Test
  void defaultCall_isCompletedWithThirtySecondsOfTalk() {
    Object[] c = call(AGENT, "");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "completed", "completed", "completed",
        1, 39, 30));
  }

  @Test
  void agentBusy_isAgentUnansweredAndTheCustomerNeverDialled() {
    phone(OTHER_AGENT, "{\"outcome\":\"busy\",\"ring_seconds\":4}");
    Object[] c = call(OTHER_AGENT, "");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, OTHER_AGENT, "agent_unanswered", "busy", null,
        1, 5, 0).set("customer_details", customerNull()));
  }

  @Test
  void agentNeverAnswers_endsAtItsAttemptTimeOut() {
    phone(AGENT, "{\"outcome\":\"no_answer\"}");
    Object[] c = call(AGENT, ",\"attempt_time_out\":\"12\"");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "agent_unanswered", "no-answer", null,
        1, 13, 0).set("customer_details", customerNull()));
  }

  @Test
  void customerNeverAnswers_isCustomerUnansweredAtItsAttemptTimeOut() {
    phone(CUSTOMER, "{\"outcome\":\"no_answer\"}");
    Object[] c = call(AGENT, ",\"attempt_time_out\":20");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "customer_unanswered", "completed",
        "no-answer", 1, 24, 0));
  }

  @Test
  void agentHangsUpWhileTheCustomerRings_isAgentCanceled() {
    phone(CUSTOMER, "{\"outcome\":\"no_answer\"}");
    Object[] c = call(AGENT, "");
    advance(10);
    Response hangup = server.sim("POST", "/calls/" + c[0] + "/legs/1/hangup", null);
    advance(60);

    assertThat(hangup.status()).isEqualTo(200);
    assertThat(get(c)).isEqualTo(expected(c, AGENT, "agent_canceled", "completed",
        "no-answer", 1, 10, 0));
  }

  @Test
  void customerUnreachable_isCustomerNoDial() {
    phone(CUSTOMER, "{\"outcome\":\"unreachable\"}");
    Object[] c = call(AGENT, "");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "customer_no_dial", "completed", null,
        1, 4, 0).set("customer_details", customerNull()));
  }

  @Test
  void agentUnreachable_isAgentNoDialWithStartAtCreation() {
    phone(AGENT, "{\"outcome\":\"unreachable\"}");
    Object[] c = call(AGENT, "");
    advance(60);

    ObjectNode want = expected(c, AGENT, "agent_no_dial", null, null, 0, 1, 0);
    want.set("customer_details", customerNull());
    assertThat(get(c)).isEqualTo(want);
  }

  @Test
  void maxTimeLimit_endsTheConversation() {
    Object[] c = call(AGENT, ",\"max_time_limit\":\"20\"");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "completed", "completed", "completed",
        1, 21, 12));
  }

  @Test
  void timeLimitBeforeTheAgentAnswers_isAgentUnanswered() {
    phone(AGENT, "{\"outcome\":\"answer\",\"ring_seconds\":30}");
    Object[] c = call(AGENT, ",\"max_time_limit\":10,\"attempt_time_out\":45");
    advance(60);

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "agent_unanswered", "no-answer", null,
        1, 11, 0).set("customer_details", customerNull()));
  }

  @Test
  void forcedAnswerAndForcedHangup_shapeTheConversation() {
    phone(CUSTOMER, "{\"outcome\":\"no_answer\"}");
    Object[] c = call(AGENT, ",\"wait_audio_url\":\"https://example.com/wait.mp3\"");
    advance(15);
    Response answered = server.sim("POST", "/calls/" + c[0] + "/legs/2/answer", null);
    advance(25);
    JsonNode talking = get(c);
    Response hangup = server.sim("POST", "/calls/" + c[0] + "/legs/2/hangup", null);
    advance(60);

    assertThat(answered.status()).isEqualTo(200);
    assertThat(talking.at("/customer_details/status").asText()).isEqualTo("in-progress");
    assertThat(talking.get("total_talk_time").isNull()).isTrue();
    assertThat(hangup.status()).isEqualTo(200);
    assertThat(get(c)).isEqualTo(expected(c, AGENT, "completed", "completed", "completed",
        1, 40, 25));
  }

  @Test
  void scriptedLongCall_reachesTerminalOnTheManualClockWithoutWaiting() {
    phone(CUSTOMER, "{\"outcome\":\"answer\",\"ring_seconds\":30,"
        + "\"hangup_after_seconds\":600}");
    Object[] c = call(AGENT, "");
    long began = System.nanoTime();
    advance(700);
    long wallMillis = (System.nanoTime() - began) / 1_000_000;
    System.out.println("30 s ringing + 10 min talk reached terminal in " + wallMillis
        + " ms of wall time");

    assertThat(get(c)).isEqualTo(expected(c, AGENT, "completed", "completed", "completed",
        1, 634, 600));
  }

  private static ObjectNode customerNull() {
    ObjectNode c = TestServer.JSON.createObjectNode();
    c.put("contact_name", "Ravi Kumar").put("contact_uri", CUSTOMER).putNull("status");
    return c;
  }
}
