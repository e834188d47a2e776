package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on the data folder of a running server: what it stores is what the server's calls
 * use at once, and what the API stores is what it shows.
 */
class CliWithServerTest {
  private static final String CALLER = "+919811100050";

  @TempDir
  static Path dir;

  static TestServer server;
  static List<String> account;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    account = List.of(Console.args(TestStores.cliOptions(dir), "--account",
        server.demo().accountSid(), "--json"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void forget() {
    server.sim("POST", "/clock", "{\"advance_seconds\":3600}");
    server.sim("DELETE", "/calls", null);
  }

  private static JsonNode cli(String... args) {
    Console.Run r = Console.run(Console.args(List.of(args), account.toArray(String[]::new)));
    assertThat(r.exit()).as(r.toString()).isZero();
    return r.json();
  }

  private static String agent(int i) {
    return server.demo().agents().get(i).userId();
  }

  @Test
  void flowMadeByTheCli_onALinkedExoPhone_runsTheServersNextInboundCall() throws Exception {
    String group = cli("group", "create", "--name", "Support", "--member", agent(0), agent(1))
        .get("id").asText();
    Path file = dir.resolve("menu.json");
    Files.writeString(file, "{\"name\":\"CLI menu\",\"applets\":["
        + "{\"type\":\"greeting\",\"seconds\":3},{\"type\":\"gather\",\"max_digits\":1},"
        + "{\"type\":\"connect\",\"group_id\":\"" + group + "\",\"ring_seconds\":20}]}");
    JsonNode flow = cli("flow", "create", "--file", file.toString());
    String flowId = flow.get("id").asText();
    cli("exophone", "link", server.demo().virtualNumber(), "--flow", flowId);
    cli("contact", "set", CALLER, "Priya Shah");

    Response made = server.sim("POST", "/inbound", "{\"from\":\"" + CALLER + "\",\"to\":\""
        + server.demo().virtualNumber() + "\",\"digits\":[\"2\"],"
        + "\"caller_hangup_after_seconds\":60}");
    server.sim("POST", "/clock", "{\"advance_seconds\":300}");
    JsonNode d = server.send("GET", server.base() + "/calls/"
        + made.data().get("call_sid").asText(), null).data();
    JsonNode viaApi = server.send("GET", server.base() + "/flows/" + flowId, null).data();

    assertThat(made.status()).as(made.body().toString()).isEqualTo(200);
    assertThat(viaApi).isEqualTo(flow);
    assertThat(d.get("call_status").asText()).isEqualTo("completed");
    assertThat(d.get("app_id").asText()).isEqualTo(flowId);
    assertThat(d.get("app_name").asText()).isEqualTo("CLI menu");
    assertThat(d.get("digits").asText()).isEqualTo("2");
    assertThat(d.at("/customer_details/contact_name").asText()).isEqualTo("Priya Shah");
    assertThat(d.at("/assigned_agent_details/user_id").asText()).isEqualTo(agent(0));
    assertThat(d.at("/assigned_agent_details/group_name").asText()).isEqualTo("Support");
    assertThat(d.get("total_talk_time").asInt()).isEqualTo(52);
  }

  @Test
  void numberListedByTheCli_isRefusedByMakeCallUntilRemoved() {
    String body = server.callBody(server.demo().agents().get(0).contactUri(), "+919811100051");
    cli("dnc", "add", "09811100051");

    Response refused = server.send("POST", server.base() + "/calls", body);
    cli("dnc", "remove", "+919811100051");
    Response accepted = server.send("POST", server.base() + "/calls", body);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo(10717);
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
  }

  @Test
  void exoPhoneAddedThroughTheApi_isListedByTheCli() {
    Response added = server.send("POST", server.base() + "/exophones",
        "{\"number\":\"+918045680077\"}");

    JsonNode list = cli("exophone", "list");

    assertThat(added.status()).isEqualTo(200);
    assertThat(list.findValuesAsText("number")).contains("+918045680077",
        server.demo().virtualNumber());
  }
}
