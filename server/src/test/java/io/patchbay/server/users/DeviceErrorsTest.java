package io.patchbay.server.users;

import static io.patchbay.server.users.Api.body;
import static io.patchbay.server.users.Harness.createUser;
import static io.patchbay.server.users.Harness.freshNumber;
import static io.patchbay.server.users.UserErrorsTest.assertError;
import static io.patchbay.server.users.UsersApiTest.devicePath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every documented error of the device update, over HTTP: its status and code in the envelope,
 * and that the user and its devices are as they were.
 */
class DeviceErrorsTest {
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

  /** A user with a second device, added through the control plane: verified, OFF. */
  private static JsonNode userWithTwoDevices(Api api) {
    String id = createUser(api, freshNumber()).data().path("id").asText();
    Answer added = h.sideControl("POST",
        "/_sim/v1/accounts/" + api.sid() + "/users/" + id + "/devices",
        body("contact_uri", freshNumber(), "name", "Mobile"));
    assertThat(added.status()).as("%s", added.json()).isEqualTo(200);
    return api.get("/users/" + id).data();
  }

  private static String secondDevicePath(JsonNode user) {
    return "/users/" + user.path("id").asText() + "/devices/"
        + user.path("devices").get(1).path("id").asLong();
  }

  @Test
  void turnOn_whileAnotherDeviceIsOn_answers403With10810AndChangesNothing() {
    JsonNode user = userWithTwoDevices(h.api);
    assertThat(user.path("devices").get(1).path("verified").booleanValue()).isTrue();
    assertThat(user.path("devices").get(1).path("available").booleanValue()).isFalse();

    Answer a = h.api.put(secondDevicePath(user), body("available", true));

    assertError(a, 403, 10810);
    assertThat(h.api.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void turnOn_afterTheOtherIsTurnedOff_isAccepted() {
    JsonNode user = userWithTwoDevices(h.api);
    h.api.put(devicePath(user), body("available", false));

    Answer a = h.api.put(secondDevicePath(user), body("available", true));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.data().path("available").booleanValue()).isTrue();
  }

  @Test
  void turnOn_unverifiedDevice_answers409With10809AndChangesNothing() {
    Api manual = h.newAccount(false);
    JsonNode user = createUser(manual, freshNumber()).data();

    Answer a = manual.put(devicePath(user), body("available", true));

    assertError(a, 409, 10809);
    assertThat(manual.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void newNumberAndOnTogether_withoutAutoVerify_answers409With10809AndKeepsTheNumber() {
    Api manual = h.newAccount(false);
    JsonNode user = createUser(manual, freshNumber()).data();
    h.sideControl("POST", "/_sim/v1/accounts/" + manual.sid() + "/devices/"
        + user.path("devices").get(0).path("id").asLong() + "/verify", null);
    JsonNode verified = manual.get("/users/" + user.path("id").asText()).data();

    Answer a = manual.put(devicePath(user), body("contact_uri", freshNumber(),
        "available", true));

    assertError(a, 409, 10809);
    assertThat(manual.get("/users/" + user.path("id").asText()).data()).isEqualTo(verified);
  }

  @Test
  void newNumber_ofAnotherDevice_answers409With10811AndChangesNothing() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put(devicePath(user), body("contact_uri",
        h.demo.agents().get(1).contactUri()));

    assertError(a, 409, 10811);
    assertThat(h.api.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void newNumber_badFormat_answers400With1401() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put(devicePath(user), body("contact_uri", "98765 43210"));

    assertError(a, 400, 1401);
    assertThat(h.api.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void newNumber_empty_answers400With1402() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put(devicePath(user), body("contact_uri", ""));

    assertError(a, 400, 1402);
  }

  @Test
  void available_notABoolean_answers400With1001() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put(devicePath(user), body("available", "true"));

    assertError(a, 400, 1001);
    assertThat(h.api.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void body_withNeitherKey_answers400With1007() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put(devicePath(user), body("name", "Desk"));

    assertError(a, 400, 1007);
  }

  @Test
  void unknownUser_answers404With10801() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    long deviceId = user.path("devices").get(0).path("id").asLong();

    Answer a = h.api.put("/users/" + Sids.newUserId() + "/devices/" + deviceId,
        body("available", false));

    assertError(a, 404, 10801);
    assertThat(h.api.get("/users/" + user.path("id").asText()).data()).isEqualTo(user);
  }

  @Test
  void deviceOfAnotherUser_answers404With9404AndChangesNothing() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    JsonNode other = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put("/users/" + user.path("id").asText() + "/devices/"
        + other.path("devices").get(0).path("id").asLong(), body("available", false));

    assertError(a, 404, 9404);
    assertThat(h.api.get("/users/" + other.path("id").asText()).data()).isEqualTo(other);
  }

  @Test
  void malformedDeviceId_answers404With9404() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put("/users/" + user.path("id").asText() + "/devices/abc",
        body("available", false));

    assertError(a, 404, 9404);
  }
}
