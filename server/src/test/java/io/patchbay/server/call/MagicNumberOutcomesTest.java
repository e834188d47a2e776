package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's magic-number table, one case per documented outcome, through the public API on
 * a manual clock.
 */
class MagicNumberOutcomesTest {
  @TempDir
  static Path dir;

  static TestServer server;
  static final Set<String> agents = new HashSet<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static synchronized void ensureAgent(String number) {
    if (!agents.add(number) || number.equals("+919876500001")) {
      return;
    }
    String sid = server.demo().accountSid();
    String userId = Sids.newUserId();
    server.patchbay().store().createUser(new User(sid, userId, "Magic", "Agent", null,
        Role.USER, null, Instant.now(), null),
        new Device(0, sid, userId, "Phone", number, true, true, null));
  }

  @ParameterizedTest(name = "agent {0}, customer {1} -> {2}")
  @CsvSource(nullValues = "null", value = {
      "+919876500001, +919812345678, completed,           completed, completed, 30",
      "+919000000001, +919812345678, agent_unanswered,    busy,      null,      0",
      "+919000000002, +919812345678, agent_unanswered,    no-answer, null,      0",
      "+919000000003, +919812345678, agent_unanswered,    failed,    null,      0",
      "+919876500001, +919000000001, customer_unanswered, completed, busy,      0",
      "+919876500001, +919000000002, customer_unanswered, completed, no-answer, 0",
      "+919876500001, +919000000003, customer_unanswered, completed, failed,    0",
      "+919001000010, +919000000002, agent_canceled,      completed, no-answer, 0",
      "+919876500001, +919000000004, customer_no_dial,    completed, null,      0",
      "+919000000004, +919812345678, agent_no_dial,       null,      null,      0",
      "+919876500001, +919001000045, completed,           completed, completed, 45",
      "+919002000020, +919001000005, completed,           completed, completed, 5"})
  void magicNumbers_produceTheirDocumentedOutcome(String agent, String customer,
      String callStatus, String agentStatus, String customerStatus, int talk) {
    ensureAgent(agent);

    Response made = server.send("POST", server.base() + "/calls",
        server.callBody(agent, customer));
    server.advance(Duration.ofMinutes(5));
    JsonNode data = server.send("GET",
        server.base() + "/calls/" + made.data().get("call_sid").asText(), null).data();

    assertThat(made.status()).isEqualTo(200);
    assertThat(data.get("call_state").asText()).isEqualTo("terminal");
    assertThat(data.get("call_status").asText()).isEqualTo(callStatus);
    assertThat(text(data.at("/assigned_agent_details/status"))).isEqualTo(agentStatus);
    assertThat(text(data.at("/customer_details/status"))).isEqualTo(customerStatus);
    assertThat(data.get("total_talk_time").asInt()).isEqualTo(talk);
    assertThat(data.get("total_duration").isInt()).isTrue();
  }

  private static String text(JsonNode node) {
    return node.isNull() ? null : node.asText();
  }
}
