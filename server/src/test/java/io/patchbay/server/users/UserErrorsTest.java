package io.patchbay.server.users;

import static io.patchbay.server.users.Api.body;
import static io.patchbay.server.users.Harness.createUser;
import static io.patchbay.server.users.Harness.freshNumber;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every documented error of creating, reading, updating, deleting and listing users, over HTTP:
 * its status and code in the envelope, and that it changed nothing.
 */
class UserErrorsTest {
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

  /** Asserts the failure envelope of {@code a}: status, code, and the fixed shape. */
  static void assertError(Answer a, int status, int code) {
    assertThat(a.status()).as("%s", a.json()).isEqualTo(status);
    assertThat(a.json().path("http_code").asInt()).isEqualTo(status);
    JsonNode response = a.json().path("response");
    assertThat(response.path("code").asInt()).isEqualTo(status);
    assertThat(response.path("status").asText()).isEqualTo("failure");
    assertThat(response.path("data").isNull()).isTrue();
    assertThat(a.errorCode()).isEqualTo(code);
    assertThat(a.description()).isNotBlank();
    assertThat(response.path("error_data").path("message").asText()).isNotBlank();
  }

  private Answer createAndExpectNothingStored(String body) {
    int before = h.userCount(h.api);
    Answer a = h.api.post("/users", body);
    assertThat(h.userCount(h.api)).isEqualTo(before);
    return a;
  }

  @Test
  void create_missingFirstName_answers400With1001() {
    Answer a = createAndExpectNothingStored(body("last_name", "Agent",
        "device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
    assertThat(a.description()).contains("first_name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Al", "A-very-long-last-name", "Ren\u00e9e", "Bad_name", "   "})
  void create_invalidLastName_answers400With1001(String lastName) {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", lastName,
        "device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
    assertThat(a.description()).contains("last_name");
  }

  @Test
  void create_nameNotAString_answers400With1001() {
    Answer a = createAndExpectNothingStored(body("first_name", 12345, "last_name", "Agent",
        "device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
  }

  @Test
  void create_invalidEmail_answers400With1001() {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent",
        "email", "not-an-email", "device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
    assertThat(a.description()).contains("email");
  }

  @Test
  void create_unknownRole_answers400With1001() {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent",
        "role", "Admin", "device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
    assertThat(a.description()).contains("role");
  }

  @Test
  void create_missingDeviceContactUri_answers400With1402() {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent"));

    assertError(a, 400, 1402);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9876512345", "09876512345", "+91 98765 12345", "+91-9876512345",
      "+0919876512345", "+91987", "sip:nohost", "tel:+919876512345"})
  void create_badPhoneFormat_answers400With1401(String number) {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent",
        "device_contact_uri", number));

    assertError(a, 400, 1401);
  }

  @Test
  void create_numberOfAnExistingDevice_answers409With10812() {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent",
        "device_contact_uri", h.demo.agents().get(0).contactUri()));

    assertError(a, 409, 10812);
  }

  @ParameterizedTest
  @ValueSource(strings = {"asha@example.com", "Asha@Example.COM"})
  void create_usedEmail_answers409With10813(String email) {
    Answer a = createAndExpectNothingStored(body("first_name", "Test", "last_name", "Agent",
        "email", email, "device_contact_uri", freshNumber()));

    assertError(a, 409, 10813);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1, 2]", "{\"first_name\": \"A\", \"first_name\": 1}",
      "{\"first_name\": \"Test\""})
  void create_malformedBody_answers400With1007(String raw) {
    Answer a = createAndExpectNothingStored(raw);

    assertError(a, 400, 1007);
  }

  @Test
  void update_emailAlreadySet_answers400With1002AndKeepsTheUser() {
    String path = "/users/" + h.demo.agents().get(0).userId();
    JsonNode before = h.api.get(path).data();

    Answer a = h.api.put(path, body("first_name", "Changed", "email", "new@example.com"));

    assertError(a, 400, 1002);
    assertThat(h.api.get(path).data()).isEqualTo(before);
  }

  @Test
  void update_clearingASetEmail_answers400With1002() {
    String path = "/users/" + h.demo.agents().get(0).userId();

    Answer a = h.api.put(path, body("email", null));

    assertError(a, 400, 1002);
  }

  @Test
  void update_emailOfAnotherUser_answers409With10813AndKeepsTheUser() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String path = "/users/" + user.path("id").asText();

    Answer a = h.api.put(path, body("email", "asha@example.com", "last_name", "Changed"));

    assertError(a, 409, 10813);
    assertThat(h.api.get(path).data()).isEqualTo(user);
  }

  @Test
  void update_invalidName_answers400With1001AndKeepsTheUser() {
    JsonNode user = createUser(h.api, freshNumber()).data();
    String path = "/users/" + user.path("id").asText();

    Answer a = h.api.put(path, body("role", "admin", "first_name", "X"));

    assertError(a, 400, 1001);
    assertThat(h.api.get(path).data()).isEqualTo(user);
  }

  @Test
  void update_deviceKey_answers400With1001NamingTheDeviceRoute() {
    JsonNode user = createUser(h.api, freshNumber()).data();

    Answer a = h.api.put("/users/" + user.path("id").asText(),
        body("device_contact_uri", freshNumber()));

    assertError(a, 400, 1001);
    assertThat(a.description()).contains("/devices/");
  }

  @Test
  void update_malformedBody_answers400With1007() {
    Answer a = h.api.put("/users/" + h.demo.agents().get(0).userId(), "{");

    assertError(a, 400, 1007);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void userRoute_unknownUser_answers404With10801(String method) {
    String body = method.equals("PUT") ? body("first_name", "Ghost") : null;

    Answer unknown = h.api.send(method, "/users/" + Sids.newUserId(), body);
    Answer malformed = h.api.send(method, "/users/NOT-A-USER-ID", body);

    assertError(unknown, 404, 10801);
    assertError(malformed, 404, 10801);
  }

  @Test
  void delete_twice_answers404With10801TheSecondTime() {
    String path = "/users/" + createUser(h.api, freshNumber()).data().path("id").asText();
    h.api.delete(path);
    int before = h.userCount(h.api);

    Answer a = h.api.delete(path);

    assertError(a, 404, 10801);
    assertThat(h.userCount(h.api)).isEqualTo(before);
  }

  @Test
  void get_userOfAnotherAccount_answers404With10801() {
    Api other = h.newAccount(true);
    String foreign = createUser(other, freshNumber()).data().path("id").asText();

    Answer a = h.api.get("/users/" + foreign);

    assertError(a, 404, 10801);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=1000", "offset=-1", "limit=0", "limit=51", "limit=abc",
      "limit=", "offset=1.5", "offset=99999999999", "limit=5&limit=6", "fields=devices,bogus",
      "devices.contact_uri=+919876500001", "devices.contact_uri=%2B91,", "email=nobody"})
  void list_badQuery_answers400With1007(String query) {
    Answer a = h.api.get("/users?" + query);

    assertError(a, 400, 1007);
  }

  @Test
  void list_limit1000_saysWhatTheLimitIs() {
    Answer a = h.api.get("/users?limit=1000");

    assertThat(a.description()).isEqualTo("limit must be an integer from 1 to 50");
  }

  @Test
  void list_unencodedPlus_saysToEncodeIt() {
    Answer a = h.api.get("/users?devices.contact_uri=+919876500001");

    assertThat(a.description()).contains("URL-encode + as %2B").doesNotContain("9876500001");
  }
}
