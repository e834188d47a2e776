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
 * Device verification: automatic on accounts that say so, otherwise through the control plane;
 * a changed number must be verified again. Also the control plane's add-device route.
 */
class DeviceVerificationTest {
  @TempDir
  static Path dir;
  static Harness h;
  static Api manual;

  @BeforeAll
  static void start() {
    h = Harness.start(dir);
    manual = h.newAccount(false);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static Answer verify(Api account, long deviceId) {
    return h.sideControl("POST", "/_sim/v1/accounts/" + account.sid() + "/devices/" + deviceId
        + "/verify", null);
  }

  private static long deviceId(JsonNode user, int index) {
    return user.path("devices").get(index).path("id").asLong();
  }

  private static JsonNode user(Api account, JsonNode user) {
    return account.get("/users/" + user.path("id").asText()).data();
  }

  @Test
  void create_withoutAutoVerify_makesAnUnverifiedDeviceThatIsOff() {
    JsonNode device = createUser(manual, freshNumber()).data().path("devices").get(0);

    assertThat(device.path("verified").booleanValue()).isFalse();
    assertThat(device.path("available").booleanValue()).isFalse();
  }

  @Test
  void verify_unverifiedDevice_marksItVerifiedAndTurnsItOn() {
    JsonNode user = createUser(manual, freshNumber()).data();

    Answer a = verify(manual, deviceId(user, 0));

    assertThat(a.status()).as("%s", a.json()).isEqualTo(200);
    assertThat(a.data().path("id").asLong()).isEqualTo(deviceId(user, 0));
    assertThat(a.data().path("verified").booleanValue()).isTrue();
    assertThat(a.data().path("available").booleanValue()).isTrue();
    assertThat(user(manual, user).path("devices").get(0)).isEqualTo(a.data());
  }

  @Test
  void verify_twice_changesNothingTheSecondTime() {
    JsonNode user = createUser(manual, freshNumber()).data();
    verify(manual, deviceId(user, 0));
    manual.put(devicePath(user), body("available", false));

    Answer again = verify(manual, deviceId(user, 0));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.data().path("available").booleanValue()).isFalse();
  }

  @Test
  void verify_whileAnotherDeviceIsOn_leavesTheVerifiedDeviceOff() {
    JsonNode user = createUser(manual, freshNumber()).data();
    verify(manual, deviceId(user, 0));
    Answer added = h.sideControl("POST", "/_sim/v1/accounts/" + manual.sid() + "/users/"
        + user.path("id").asText() + "/devices", body("contact_uri", freshNumber()));

    Answer a = verify(manual, added.data().path("id").asLong());

    assertThat(added.data().path("verified").booleanValue()).isFalse();
    assertThat(a.data().path("verified").booleanValue()).isTrue();
    assertThat(a.data().path("available").booleanValue()).isFalse();
  }

  @Test
  void newNumber_withoutAutoVerify_mustBeVerifiedAgainAndTurnsOff() {
    JsonNode user = createUser(manual, freshNumber()).data();
    verify(manual, deviceId(user, 0));
    String number = freshNumber();

    Answer changed = manual.put(devicePath(user), body("contact_uri", number));
    Answer call = manual.post("/calls", Api.JSON.valueToTree(Map.of(
        "from", Map.of("user_id", user.path("id").asText()),
        "to", Map.of("customer_contact_uri", h.demo.customerNumber()),
        "virtual_number", h.demo.virtualNumber())).toString());
    Answer verified = verify(manual, deviceId(user, 0));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.data().path("contact_uri").asText()).isEqualTo(number);
    assertThat(changed.data().path("verified").booleanValue()).isFalse();
    assertThat(changed.data().path("available").booleanValue()).isFalse();
    assertError(call, 409, 10705);
    assertThat(verified.data().path("available").booleanValue()).isTrue();
  }

  @Test
  void sameNumber_withoutAutoVerify_keepsTheVerification() {
    JsonNode user = createUser(manual, freshNumber()).data();
    verify(manual, deviceId(user, 0));
    String same = user.path("devices").get(0).path("contact_uri").asText();

    Answer a = manual.put(devicePath(user), body("contact_uri", same));

    assertThat(a.data().path("verified").booleanValue()).isTrue();
    assertThat(a.data().path("available").booleanValue()).isTrue();
  }

  @Test
  void verify_withoutTheAdminToken_answers401With9401AndChangesNothing() {
    JsonNode user = createUser(manual, freshNumber()).data();

    Answer a = h.sideControl("POST", "/_sim/v1/accounts/" + manual.sid() + "/devices/"
        + deviceId(user, 0) + "/verify", null, "Bearer wrong");

    assertError(a, 401, 9401);
    assertThat(user(manual, user)).isEqualTo(user);
  }

  @Test
  void verify_deviceOfAnotherAccount_answers404With9404AndChangesNothing() {
    JsonNode user = createUser(manual, freshNumber()).data();

    Answer a = verify(h.api, deviceId(user, 0));

    assertError(a, 404, 9404);
    assertThat(user(manual, user)).isEqualTo(user);
  }

  @Test
  void verify_unknownAccount_answers400With9400() {
    Answer a = h.sideControl("POST", "/_sim/v1/accounts/nosuchaccount/devices/1/verify", null);

    assertError(a, 400, 9400);
  }

  @Test
  void addDevice_takenNumber_answers409With10812AndAddsNothing() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.sideControl("POST", "/_sim/v1/accounts/" + h.demo.accountSid() + "/users/"
        + user.path("id").asText() + "/devices",
        body("contact_uri", h.demo.agents().get(0).contactUri()));

    assertError(a, 409, 10812);
    assertThat(user(h.api, user).path("devices")).hasSize(1);
  }

  @Test
  void addDevice_unknownUser_answers404With10801() {
    Answer a = h.sideControl("POST", "/_sim/v1/accounts/" + h.demo.accountSid()
        + "/users/0123456789abcdef0123456789abcdef/devices", body("contact_uri", freshNumber()));

    assertError(a, 404, 10801);
  }

  @Test
  void addDevice_missingNumber_answers400With1402() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.sideControl("POST", "/_sim/v1/accounts/" + h.demo.accountSid() + "/users/"
        + user.path("id").asText() + "/devices", body("name", "Mobile"));

    assertError(a, 400, 1402);
  }
}
