package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.patchbay.core.account.Sids;
import io.patchbay.server.Patchbay;
import io.patchbay.server.TestStores;
import io.patchbay.server.hardening.World.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue #9 part 2, secrets in logs: a full run at DEBUG (start-up, calls made, read and
 * finished, failed authentication of every kind, the Users API, the directory, the control
 * plane, a restart) is captured from the root logger, and no line may hold an API token, the
 * admin token, a Basic header's value or a full phone number (masked forms keep the last 4
 * digits only).
 */
class LogLeakTest {
  @TempDir
  Path dir;

  private final List<String> numbers = new ArrayList<>();

  @Test
  void fullRunAtDebug_logsNoTokenAndNoFullPhoneNumber() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger patchbay = context.getLogger("io.patchbay");
    Level before = patchbay.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    patchbay.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    try {
      World w = World.start(dir);
      try {
        run(w);
        secrets.addAll(w.secrets());
        for (Tenant t : List.of(w.demo, w.other, w.mumbai)) {
          secrets.add(t.basic().substring("Basic ".length()));
        }
        numbers.addAll(w.numbers());
      } finally {
        w.close();
      }
      Patchbay.start(TestStores.config(dir)).close();
    } finally {
      root.detachAppender(captured);
      patchbay.setLevel(before);
    }

    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : captured.list) {
      String line = e.getLoggerName() + " " + e.getFormattedMessage();
      if (e.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
      }
      lines.add(line);
    }
    Figures.add(LogLeakTest.class, "logLines", lines.size());
    Figures.add(LogLeakTest.class, "numbersChecked", numbers.size());
    Figures.print(LogLeakTest.class);

    assertThat(lines).as("the run logged its work").hasSizeGreaterThan(50);
    assertThat(String.join("\n", lines)).as("a call was logged with masked numbers")
        .contains("call placed: agent *********0001");
    for (String line : lines) {
      for (String secret : secrets) {
        assertThat(line).as("a secret in a log line").doesNotContain(secret);
      }
      for (String number : numbers) {
        String national = number.startsWith("+91") ? number.substring(3) : number.substring(1);
        assertThat(line).as("the full number %s in a log line", number)
            .doesNotContain(national);
      }
    }
  }

  /** Everything a client and an operator do, on every surface. */
  private void run(World w) {
    Tenant demo = w.demo;
    String agent1 = w.server.demo().agents().get(0).contactUri();
    String agent2 = w.server.demo().agents().get(1).contactUri();
    String customer = "+919812300001";
    String blocked = "+919812300002";
    String newAgent = "+919812300003";
    String moved = "+919812300004";
    String inboundCaller = "+919812300005";
    numbers.addAll(List.of(customer, blocked, newAgent, moved, inboundCaller));

    // Calls: local and E.164 forms, by number and by user id, failed admissions, reads.
    w.as(demo, "PUT", "/do-not-call/" + Wire.segment(blocked), null);
    w.as(demo, "PUT", "/contacts/0" + customer.substring(3), "{\"name\":\"Leak Check\"}");
    String sid1 = call(w, demo, "0" + agent1.substring(3), customer.substring(3));
    call(w, demo, agent1, customer);
    call(w, demo, agent2, blocked);
    call(w, demo, "+919812399999", customer);
    w.as(demo, "POST", "/calls", "{\"from\":{\"user_id\":\"" + demo.userId() + "\"},"
        + "\"to\":{\"number\":\"" + customer + "\"},\"virtual_number\":\"+918045689999\"}");
    w.as(demo, "GET", "/calls/" + sid1, null);
    w.as(demo, "GET", "/calls/" + sid1 + "/legs", null);
    w.as(demo, "GET", "/calls/" + sid1 + "/callbacks", null);
    w.as(demo, "GET", "/calls/" + Sids.newCallSid(), null);
    w.admin(demo.sid(), "POST", "/clock", "{\"advance_seconds\":8}");
    w.admin(demo.sid(), "POST", "/calls/" + sid1 + "/legs/2/hangup", null);

    // Failed authentication of every kind.
    String path = w.root() + "/v2/accounts/" + demo.sid() + "/users";
    for (String header : List.of(Wire.basic(demo.key(), Sids.newApiToken()),
        Wire.basic(demo.token(), demo.key()), w.other.basic(), w.mumbai.basic(),
        "Bearer " + w.adminToken(), "Bearer " + demo.token(), "Basic " + demo.token(),
        "Basic " + Base64.getEncoder().encodeToString(demo.token().getBytes()),
        "Digest " + demo.token())) {
      Wire.send("GET", path, (String) null, Map.of("Authorization", header));
      Wire.send("POST", w.root() + "/_sim/v1/accounts/" + demo.sid() + "/clock", "{}",
          Map.of("Authorization", header));
    }
    Wire.send("GET", path, (String) null, Map.of());

    // The Users API.
    Wire.Answer made = w.as(demo, "POST", "/users", "{\"first_name\":\"Leak\",\"last_name\":"
        + "\"Check\",\"email\":\"leak@demo.example\",\"device_contact_uri\":\"" + newAgent
        + "\"}");
    String userId = made.data().get("id").asText();
    long deviceId = made.data().at("/devices/0/id").asLong();
    w.as(demo, "POST", "/users", "{\"first_name\":\"Leak\",\"last_name\":\"Twice\","
        + "\"device_contact_uri\":\"" + newAgent + "\"}");
    w.as(demo, "GET", "/users?fields=devices,active_call&devices.contact_uri="
        + Wire.segment(newAgent), null);
    w.as(demo, "GET", "/users/" + userId, null);
    w.as(demo, "PUT", "/users/" + userId, "{\"first_name\":\"Leaky\"}");
    w.as(demo, "PUT", "/users/" + userId + "/devices/" + deviceId,
        "{\"contact_uri\":\"" + moved + "\"}");
    w.as(demo, "PUT", "/users/" + userId + "/devices/" + deviceId, "{\"available\":false}");
    w.admin(demo.sid(), "POST", "/devices/" + deviceId + "/verify", null);
    w.admin(demo.sid(), "POST", "/users/" + userId + "/devices",
        "{\"contact_uri\":\"" + newAgent + "\"}");
    w.as(demo, "DELETE", "/users/" + userId, null);

    // The control plane: phones by number in the path, faults, inbound, reset.
    w.admin(demo.sid(), "GET", "/clock", null);
    w.admin(demo.sid(), "PUT", "/phones/" + Wire.segment(customer), "{\"outcome\":\"busy\"}");
    w.admin(demo.sid(), "PUT", "/phones/0" + customer.substring(3), "{\"outcome\":\"answer\"}");
    w.admin(demo.sid(), "DELETE", "/phones/" + customer.substring(3), null);
    w.admin(demo.sid(), "POST", "/faults", "{\"kind\":\"error_500\"}");
    w.as(demo, "GET", "/calls/" + sid1, null);
    w.admin(demo.sid(), "POST", "/faults", "{\"kind\":\"rate_limit_429\"}");
    w.as(demo, "GET", "/users", null);
    Wire.Answer flow = w.as(demo, "POST", "/flows", "{\"name\":\"Leak flow\",\"applets\":"
        + "[{\"type\":\"connect\",\"user_id\":\"" + demo.userId() + "\"}]}");
    if (flow.status() == 200) {
      w.as(demo, "PUT", "/exophones/" + Wire.segment(demo.virtualNumber()),
          "{\"flow_id\":\"" + flow.data().get("id").asText() + "\"}");
      w.admin(demo.sid(), "POST", "/inbound", "{\"from\":\"" + inboundCaller + "\",\"to\":\""
          + demo.virtualNumber() + "\"}");
    }
    w.as(demo, "GET", "/do-not-call/" + Wire.segment(blocked), null);
    w.as(demo, "DELETE", "/do-not-call/" + Wire.segment(blocked), null);
    call(w, demo, agent2, customer);
    w.admin(World.GHOST_SID, "GET", "/clock", null);
    w.admin(w.other.sid(), "DELETE", "/calls", null);
    w.advance(demo, Duration.ofSeconds(20));
  }

  private static String call(World w, Tenant t, String agent, String customer) {
    Wire.Answer a = w.as(t, "POST", "/calls", "{\"from\":{\"user_contact_uri\":\"" + agent
        + "\"},\"to\":{\"customer_contact_uri\":\"" + customer + "\"},\"virtual_number\":\""
        + t.virtualNumber() + "\",\"status_callback\":[{\"url\":\"http://127.0.0.1:9/cb\"}]}");
    return a.status() == 200 ? a.data().get("call_sid").asText() : null;
  }
}
