package io.patchbay.server.users;

import static io.patchbay.server.users.Api.body;
import static io.patchbay.server.users.Harness.createUser;
import static io.patchbay.server.users.Harness.freshNumber;
import static io.patchbay.server.users.UserErrorsTest.assertError;
import static io.patchbay.server.users.UsersApiTest.devicePath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Availability as Make Call sees it: a device turned OFF refuses calls with 409/1012, turned
 * back ON lets the next call through; while the call is live the user names it in
 * {@code active_call} and the device reads {@code busy}, and both clear when the legs hang up.
 */
class DeviceAvailabilityTest {
  @TempDir
  static Path dir;
  static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.start(dir);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static Answer makeCall(String userId) {
    return h.api.post("/calls", Api.JSON.valueToTree(Map.of(
        "from", Map.of("user_id", userId),
        "to", Map.of("customer_contact_uri", h.demo.customerNumber()),
        "virtual_number", h.demo.virtualNumber())).toString());
  }

  private static JsonNode user(String userId) {
    return h.api.get("/users/" + userId).data();
  }

  /** Lets the account's manual clock run long enough for a default call to end. */
  private static void finishCalls() {
    Answer a = h.control("POST", "/_sim/v1/accounts/" + h.demo.accountSid() + "/clock",
        body("advance_seconds", 600));
    assertThat(a.status()).as("%s", a.json()).isEqualTo(200);
  }

  @Test
  void makeCall_deviceTurnedOff_answers409With1012AndCreatesNoCall() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    h.api.put(devicePath(user), body("available", false));
    long calls = h.patchbay.store().countCalls(h.demo.accountSid());

    Answer a = makeCall(user.path("id").asText());

    assertError(a, 409, 1012);
    assertThat(h.patchbay.store().countCalls(h.demo.accountSid())).isEqualTo(calls);
  }

  @Test
  void makeCall_deviceTurnedBackOn_letsTheNextCallThrough() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String userId = user.path("id").asText();
    h.api.put(devicePath(user), body("available", false));
    assertError(makeCall(userId), 409, 1012);

    Answer on = h.api.put(devicePath(user), body("available", true));
    Answer call = makeCall(userId);

    assertThat(on.status()).isEqualTo(200);
    assertThat(call.status()).as("%s", call.json()).isEqualTo(200);
    assertThat(call.data().path("assigned_agent_details").path("user_id").asText())
        .isEqualTo(userId);
    finishCalls();
  }

  @Test
  void liveCall_namesTheCallAndMarksTheDeviceBusyUntilTheLegsHangUp() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String userId = user.path("id").asText();
    Answer call = makeCall(userId);
    String callSid = call.data().path("call_sid").asText();

    JsonNode during = user(userId);
    Answer listed = h.api.get("/users?fields=active_call,devices&devices.contact_uri="
        + user.path("devices").get(0).path("contact_uri").asText().replace("+", "%2B"));
    finishCalls();
    JsonNode after = user(userId);

    assertThat(during.path("active_call").path("call_sid").asText()).isEqualTo(callSid);
    assertThat(during.path("devices").get(0).path("status").asText()).isEqualTo("busy");
    JsonNode item = listed.json().path("response").get(0).path("data");
    assertThat(item.path("active_call").path("call_sid").asText()).isEqualTo(callSid);
    assertThat(item.path("devices").get(0).path("status").asText()).isEqualTo("busy");
    assertThat(after.path("active_call").isNull()).isTrue();
    assertThat(after.path("devices").get(0).path("status").asText()).isEqualTo("free");
  }

  @Test
  void turnOff_duringACall_keepsTheCallAndRefusesTheNext() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String userId = user.path("id").asText();
    assertThat(makeCall(userId).status()).isEqualTo(200);

    Answer off = h.api.put(devicePath(user), body("available", false));
    finishCalls();

    assertThat(off.status()).isEqualTo(200);
    assertThat(off.data().path("status").asText()).isEqualTo("busy");
    JsonNode after = user(userId);
    assertThat(after.path("devices").get(0).path("available").booleanValue()).isFalse();
    assertThat(after.path("devices").get(0).path("status").asText()).isEqualTo("free");
    assertError(makeCall(userId), 409, 1012);
  }

  @Test
  void makeCall_secondDeviceOnInsteadOfTheFirst_ringsTheSecond() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String userId = user.path("id").asText();
    String second = freshNumber();
    Answer added = h.sideControl("POST", "/_sim/v1/accounts/" + h.demo.accountSid()
        + "/users/" + userId + "/devices", body("contact_uri", second));
    h.api.put(devicePath(user), body("available", false));
    h.api.put("/users/" + userId + "/devices/" + added.data().path("id").asLong(),
        body("available", true));

    Answer call = makeCall(userId);

    assertThat(call.status()).as("%s", call.json()).isEqualTo(200);
    assertThat(call.data().path("assigned_agent_details").path("contact_uri").asText())
        .isEqualTo(second);
    finishCalls();
  }
}
