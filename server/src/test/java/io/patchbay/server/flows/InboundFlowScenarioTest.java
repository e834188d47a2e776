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
 * Inbound calls through a flow, with transfers, set up and driven through the public API, its
 * extensions and the control plane only.
 */
class InboundFlowScenarioTest {
  private static final String CALLER = "+919812345678";
  private static final String EXOPHONE = "+918045680001";

  @TempDir
  static Path dir;

  static TestServer server;
  static String first;
  static String second;
  static String third;
  static String group;
  static String transferGroup;

  @BeforeAll
  static void setUp() {
    server = TestServer.start(dir);
    first = user("Anil", "+919811100001");
    second = user("Bela", "+919811100002");
    third = user("Chen", "+919811100003");
    group = post("/groups", "{\"name\":\"Support\",\"members\":[\"" + first + "\",\""
        + second + "\"]}").get("id").asText();
    transferGroup = post("/groups", "{\"name\":\"Escalations\",\"members\":[\"" + third
        + "\"]}").get("id").asText();
    String flow = post("/flows", "{\"name\":\"Main menu\",\"applets\":["
        + "{\"type\":\"gather\",\"max_digits\":1},{\"type\":\"gather\",\"max_digits\":4},"
        + "{\"type\":\"connect\",\"group_id\":\"" + group + "\",\"ring_seconds\":20}]}")
        .get("id").asText();
    Response link = server.send("PUT", server.base() + "/exophones/" + EXOPHONE,
        "{\"flow_id\":\"" + flow + "\"}");
    assertThat(link.status()).as(link.body().toString()).isEqualTo(200);
  }

  @AfterAll
  static void tearDown() {
    server.close();
  }

  @AfterEach
  void forget() {
    server.sim("POST", "/clock", "{\"advance_seconds\":3600}");
    server.sim("DELETE", "/calls", null);
    for (String n : new String[] {"+919811100001", "+919811100002", "+919811100003"}) {
      server.sim("DELETE", "/phones/" + n.replace("+", "%2B"), null);
    }
  }

  private static String user(String name, String number) {
    return post("/users", "{\"first_name\":\"" + name + "\",\"last_name\":\"Agent\","
        + "\"device_contact_uri\":\"" + number + "\"}").get("id").asText();
  }

  private static JsonNode post(String path, String body) {
    Response r = server.send("POST", server.base() + path, body);
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return r.data();
  }

  private static void phone(String uri, String behaviour) {
    assertThat(server.sim("PUT", "/phones/" + uri.replace("+", "%2B"), behaviour).status())
        .isEqualTo(200);
  }

  private static JsonNode inbound(String transfers) {
    Response r = server.sim("POST", "/inbound", "{\"from\":\"" + CALLER + "\",\"to\":\""
        + EXOPHONE + "\",\"digits\":[\"1\",\"23\"],\"transfers\":[" + transfers + "]}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.data();
  }

  private static JsonNode details(JsonNode made) {
    return server.send("GET", server.base() + "/calls/" + made.get("call_sid").asText(), null)
        .data();
  }

  @Test
  void inbound_transferredToAnAgent_sumsTalkAndNamesTheLastAgentWithoutGroup() {
    phone("+919811100001", "{\"outcome\":\"no_answer\"}");
    phone("+919811100003", "{\"outcome\":\"answer\",\"ring_seconds\":3,"
        + "\"hangup_after_seconds\":60}");
    JsonNode made = inbound("{\"after_seconds\":40,\"to_user_id\":\"" + third + "\"}");

    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    JsonNode d = details(made);

    assertThat(made.get("direction").asText()).isEqualTo("inbound");
    assertThat(made.get("call_state").asText()).isEqualTo("active");
    assertThat(d.get("call_state").asText()).isEqualTo("terminal");
    assertThat(d.get("call_status").asText()).isEqualTo("completed");
    assertThat(d.get("digits").asText()).isEqualTo("1-23");
    assertThat(d.get("total_talk_time").asInt()).isEqualTo(100);
    assertThat(d.at("/assigned_agent_details/user_id").asText()).isEqualTo(third);
    assertThat(d.at("/assigned_agent_details/contact_uri").asText()).isEqualTo("+919811100003");
    assertThat(d.at("/assigned_agent_details/group_id").isNull()).isTrue();
    assertThat(d.at("/assigned_agent_details/group_name").isNull()).isTrue();
    assertThat(d.at("/assigned_agent_details/status").asText()).isEqualTo("completed");
    assertThat(d.at("/customer_details/contact_uri").asText()).isEqualTo(CALLER);
    assertThat(d.at("/customer_details/contact_name").asText()).isEqualTo("Ravi Kumar");
    assertThat(d.get("virtual_number").asText()).isEqualTo(EXOPHONE);
    assertThat(d.get("app_name").asText()).isEqualTo("Main menu");
    assertThat(d.get("app_id").asText()).hasSize(32);
    assertThat(d.get("recordings")).isEmpty();
  }

  @Test
  void inbound_transferredToAGroup_namesThatGroup() {
    phone("+919811100001", "{\"outcome\":\"no_answer\"}");
    phone("+919811100003", "{\"outcome\":\"answer\",\"ring_seconds\":3,"
        + "\"hangup_after_seconds\":60}");
    JsonNode made = inbound("{\"after_seconds\":40,\"to_group_id\":\"" + transferGroup + "\"}");

    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    JsonNode d = details(made);

    assertThat(d.get("total_talk_time").asInt()).isEqualTo(100);
    assertThat(d.at("/assigned_agent_details/user_id").asText()).isEqualTo(third);
    assertThat(d.at("/assigned_agent_details/group_id").asText()).isEqualTo(transferGroup);
    assertThat(d.at("/assigned_agent_details/group_name").asText()).isEqualTo("Escalations");
  }

  @Test
  void inbound_nobodyAnswers_isAgentUnansweredNamingTheLastAgentTried() {
    phone("+919811100001", "{\"outcome\":\"no_answer\"}");
    phone("+919811100002", "{\"outcome\":\"busy\",\"ring_seconds\":2}");
    JsonNode made = inbound("");

    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    JsonNode d = details(made);

    assertThat(d.get("call_status").asText()).isEqualTo("agent_unanswered");
    assertThat(d.at("/assigned_agent_details/user_id").asText()).isEqualTo(second);
    assertThat(d.at("/assigned_agent_details/group_name").asText()).isEqualTo("Support");
    assertThat(d.at("/assigned_agent_details/status").asText()).isEqualTo("busy");
    assertThat(d.get("total_talk_time").asInt()).isZero();
  }

  @Test
  void inbound_busyAgentOnAnotherCall_isSkipped() {
    phone("+919811100002", "{\"outcome\":\"answer\",\"ring_seconds\":3,"
        + "\"hangup_after_seconds\":30}");
    Response outbound = server.send("POST", server.base() + "/calls",
        server.callBody("+919811100001", "+919800000001"));
    assertThat(outbound.status()).isEqualTo(200);
    JsonNode made = inbound("");

    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    String legs = server.send("GET", server.base() + "/calls/"
        + made.get("call_sid").asText() + "/legs", null).data().toString();

    assertThat(details(made).at("/assigned_agent_details/user_id").asText()).isEqualTo(second);
    assertThat(legs).doesNotContain("+919811100001");
  }

  @Test
  void inbound_badScripts_are400AndCreateNoCall() {
    long before = server.patchbay().store().countCalls(server.demo().accountSid());

    Response unknownPhone = server.sim("POST", "/inbound",
        "{\"from\":\"" + CALLER + "\",\"to\":\"+918000000009\"}");
    Response tooManyDigits = server.sim("POST", "/inbound", "{\"from\":\"" + CALLER
        + "\",\"to\":\"" + EXOPHONE + "\",\"digits\":[\"1\",\"2\",\"3\"]}");
    Response longDigits = server.sim("POST", "/inbound", "{\"from\":\"" + CALLER
        + "\",\"to\":\"" + EXOPHONE + "\",\"digits\":[\"12\"]}");
    Response badTarget = server.sim("POST", "/inbound", "{\"from\":\"" + CALLER
        + "\",\"to\":\"" + EXOPHONE + "\",\"transfers\":[{\"after_seconds\":1,"
        + "\"to_user_id\":\"" + "f".repeat(32) + "\"}]}");

    assertThat(unknownPhone.status()).isEqualTo(400);
    assertThat(unknownPhone.description()).contains("ExoPhone");
    assertThat(tooManyDigits.description()).contains("digits");
    assertThat(longDigits.description()).contains("max_digits");
    assertThat(badTarget.description()).contains("to_user_id");
    assertThat(server.patchbay().store().countCalls(server.demo().accountSid()))
        .isEqualTo(before);
  }

  @Test
  void flows_thatLoopOrNameUnknownGroupsOrAreEmpty_are400NamingTheProblem() {
    Response loop = server.send("POST", server.base() + "/flows", "{\"name\":\"Loop\","
        + "\"applets\":[{\"type\":\"greeting\",\"seconds\":1},{\"type\":\"goto\",\"target\":0}]}");
    Response unknownGroup = server.send("POST", server.base() + "/flows", "{\"name\":\"G\","
        + "\"applets\":[{\"type\":\"connect\",\"group_id\":\"nope\",\"ring_seconds\":5}]}");
    Response empty = server.send("POST", server.base() + "/groups",
        "{\"name\":\"Empty\",\"members\":[]}");
    Response noApplets = server.send("POST", server.base() + "/flows",
        "{\"name\":\"Nothing\",\"applets\":[]}");

    assertThat(loop.status()).isEqualTo(400);
    assertThat(loop.description()).contains("loops forever");
    assertThat(unknownGroup.description()).contains("group_id");
    assertThat(empty.description()).contains("members");
    assertThat(noApplets.description()).contains("applets");
  }
}
