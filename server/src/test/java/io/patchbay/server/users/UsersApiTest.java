package io.patchbay.server.users;

import static io.patchbay.server.users.Api.body;
import static io.patchbay.server.users.Harness.createUser;
import static io.patchbay.server.users.Harness.freshNumber;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Users API's successes over HTTP against a fresh server: shapes, keys and types. */
class UsersApiTest {
  private static final String HEX32 = "[0-9a-f]{32}";
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+05:30";

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

  @Test
  void create_validBody_answersTheUserWithEveryKeyInTheEnvelope() {
    String number = freshNumber();

    Answer a = h.api.post("/users", body("first_name", "Meera", "last_name", "O'Neil-Das",
        "email", "Meera.Das@Example.com", "role", "supervisor", "device_contact_uri", number,
        "device_name", "Desk phone"));

    assertThat(a.status()).isEqualTo(200);
    JsonNode env = a.json();
    assertThat(env.path("request_id").asText()).matches(HEX32);
    assertThat(env.path("method").asText()).isEqualTo("POST");
    assertThat(env.path("http_code").asInt()).isEqualTo(200);
    assertThat(env.path("metadata").isNull()).isTrue();
    assertThat(env.path("response").path("code").asInt()).isEqualTo(200);
    assertThat(env.path("response").path("status").asText()).isEqualTo("success");
    assertThat(env.path("response").path("error_data").isNull()).isTrue();
    JsonNode u = a.data();
    assertThat(fieldNames(u)).containsExactly("id", "first_name", "last_name", "email", "role",
        "created_time", "devices", "active_call", "last_login");
    assertThat(u.path("id").asText()).matches(HEX32);
    assertThat(u.path("first_name").asText()).isEqualTo("Meera");
    assertThat(u.path("last_name").asText()).isEqualTo("O'Neil-Das");
    assertThat(u.path("email").asText()).isEqualTo("meera.das@example.com");
    assertThat(u.path("role").asText()).isEqualTo("supervisor");
    assertThat(u.path("created_time").asText()).matches(TIME);
    assertThat(u.path("active_call").isNull()).isTrue();
    assertThat(u.path("last_login").isNull()).isTrue();
    JsonNode d = u.path("devices").get(0);
    assertThat(u.path("devices")).hasSize(1);
    assertThat(fieldNames(d)).containsExactly("id", "name", "contact_uri", "type",
        "available", "verified", "status");
    assertThat(d.path("id").isIntegralNumber()).isTrue();
    assertThat(d.path("name").asText()).isEqualTo("Desk phone");
    assertThat(d.path("contact_uri").asText()).isEqualTo(number);
    assertThat(d.path("type").asText()).isEqualTo("tel");
    assertThat(d.path("available").booleanValue()).isTrue();
    assertThat(d.path("verified").booleanValue()).isTrue();
    assertThat(d.path("status").isNull()).isTrue();
  }

  @Test
  void create_minimalBody_defaultsRoleEmailAndDeviceName() {
    JsonNode u = createUser(h.api, freshNumber()).data();

    assertThat(u.path("role").asText()).isEqualTo("user");
    assertThat(u.path("email").isNull()).isTrue();
    assertThat(u.path("devices").get(0).path("name").isNull()).isTrue();
  }

  @Test
  void create_sipUri_makesASipDevice() {
    Answer a = h.api.post("/users", body("first_name", "Sip", "last_name", "Agent",
        "device_contact_uri", "sip:agent7@voip.example.com"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.data().path("devices").get(0).path("type").asText()).isEqualTo("sip");
  }

  @Test
  void create_magicNumber_isALegalDevice() {
    Answer a = h.api.post("/users", body("first_name", "Busy", "last_name", "Agent",
        "device_contact_uri", "+919000000001"));

    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void get_createdUser_answersWhatCreateAnswered() {
    JsonNode created = createUser(h.api, freshNumber()).data();

    Answer a = h.api.get("/users/" + created.path("id").asText());

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("method").asText()).isEqualTo("GET");
    assertThat(a.data()).isEqualTo(created);
  }

  @Test
  void list_noQuery_answersTheListEnvelopeWithBaseKeysOnly() {
    createUser(h.api, freshNumber());

    Answer a = h.api.get("/users");

    assertThat(a.status()).isEqualTo(200);
    JsonNode meta = a.metadata();
    assertThat(fieldNames(meta)).containsExactly("total", "count", "offset", "limit");
    assertThat(meta.path("offset").asInt()).isZero();
    assertThat(meta.path("limit").asInt()).isEqualTo(20);
    assertThat(meta.path("total").asInt()).isEqualTo(h.userCount(h.api));
    JsonNode items = a.json().path("response");
    assertThat(items.isArray()).isTrue();
    assertThat(items.size()).isEqualTo(meta.path("count").asInt());
    JsonNode item = items.get(0);
    assertThat(fieldNames(item)).containsExactly("code", "error_data", "status", "data");
    assertThat(item.path("code").asInt()).isEqualTo(200);
    assertThat(item.path("status").asText()).isEqualTo("success");
    assertThat(fieldNames(item.path("data"))).containsExactly("id", "first_name",
        "last_name", "email", "role", "created_time");
    assertThat(item.path("data").path("id").asText())
        .isEqualTo(h.demo.agents().get(0).userId());
  }

  @Test
  void list_everyField_addsDevicesActiveCallAndLastLogin() {
    Answer a = h.api.get("/users?fields=devices,active_call,last_login&limit=1");

    JsonNode u = a.json().path("response").get(0).path("data");
    assertThat(fieldNames(u)).containsExactly("id", "first_name", "last_name", "email", "role",
        "created_time", "devices", "active_call", "last_login");
    assertThat(u.path("devices").get(0).path("contact_uri").asText())
        .isEqualTo(h.demo.agents().get(0).contactUri());
  }

  @Test
  void list_contactUriFilterWithEncodedPlus_findsTheOwnersOfThoseNumbers() {
    String first = freshNumber();
    String second = freshNumber();
    String firstId = createUser(h.api, first).data().path("id").asText();
    String secondId = createUser(h.api, second).data().path("id").asText();
    createUser(h.api, freshNumber());

    Answer a = h.api.get("/users?devices.contact_uri=" + first.replace("+", "%2B") + ","
        + second.replace("+", "%2B") + "&fields=devices");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.metadata().path("total").asInt()).isEqualTo(2);
    assertThat(ids(a)).containsExactly(firstId, secondId);
  }

  @Test
  void list_emailFilter_findsTheOneUserWhateverTheCase() {
    Answer a = h.api.get("/users?email=ASHA@example.com");

    assertThat(a.metadata().path("total").asInt()).isEqualTo(1);
    assertThat(ids(a)).containsExactly(h.demo.agents().get(0).userId());
  }

  @Test
  void list_limitAndOffset_answersThatSliceInCreationOrder() {
    createUser(h.api, freshNumber());
    createUser(h.api, freshNumber());
    List<String> all = ids(h.api.get("/users?limit=50"));

    Answer a = h.api.get("/users?limit=2&offset=1");

    assertThat(a.metadata().path("limit").asInt()).isEqualTo(2);
    assertThat(a.metadata().path("offset").asInt()).isEqualTo(1);
    assertThat(a.metadata().path("count").asInt()).isEqualTo(2);
    assertThat(ids(a)).containsExactly(all.get(1), all.get(2));
  }

  @Test
  void list_offsetPastTheEnd_answersAnEmptyPageWithTheTotal() {
    Answer a = h.api.get("/users?offset=100000");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.metadata().path("count").asInt()).isZero();
    assertThat(a.metadata().path("total").asInt()).isEqualTo(h.userCount(h.api));
    assertThat(a.json().path("response")).isEmpty();
  }

  @Test
  void update_namesRoleAndFirstEmail_changesThemAndKeepsTheRest() {
    JsonNode created = createUser(h.api, freshNumber()).data();
    String path = "/users/" + created.path("id").asText();

    Answer a = h.api.put(path, body("first_name", "Renamed", "role", "admin", "email",
        "first.email@example.com"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.data().path("first_name").asText()).isEqualTo("Renamed");
    assertThat(a.data().path("last_name").asText()).isEqualTo("Agent");
    assertThat(a.data().path("role").asText()).isEqualTo("admin");
    assertThat(a.data().path("email").asText()).isEqualTo("first.email@example.com");
    assertThat(a.data().path("created_time")).isEqualTo(created.path("created_time"));
    assertThat(h.api.get(path).data()).isEqualTo(a.data());
  }

  @Test
  void update_sameEmailInOtherCase_isAccepted() {
    String id = h.demo.agents().get(1).userId();

    Answer a = h.api.put("/users/" + id, body("email", "VIKRAM@example.com"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.data().path("email").asText()).isEqualTo("vikram@example.com");
  }

  @Test
  void delete_user_removesItAndFreesItsNumber() {
    String number = freshNumber();
    JsonNode created = createUser(h.api, number).data();
    String path = "/users/" + created.path("id").asText();

    Answer a = h.api.delete(path);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("method").asText()).isEqualTo("DELETE");
    assertThat(a.data()).isEqualTo(created);
    assertThat(h.api.get(path).status()).isEqualTo(404);
    assertThat(createUser(h.api, number).data().path("devices").get(0)
        .path("contact_uri").asText()).isEqualTo(number);
  }

  @Test
  void updateDevice_newNumberOnAutoVerifyingAccount_staysVerifiedAndOn() {
    JsonNode created = createUser(h.api, freshNumber()).data();
    String number = freshNumber();

    Answer a = h.api.put(devicePath(created), body("contact_uri", number));

    assertThat(a.status()).isEqualTo(200);
    assertThat(fieldNames(a.data())).containsExactly("id", "name", "contact_uri", "type",
        "available", "verified", "status");
    assertThat(a.data().path("contact_uri").asText()).isEqualTo(number);
    assertThat(a.data().path("verified").booleanValue()).isTrue();
    assertThat(a.data().path("available").booleanValue()).isTrue();
  }

  @Test
  void updateDevice_offThenOn_answersTheDeviceEachTime() {
    JsonNode created = createUser(h.api, freshNumber()).data();

    Answer off = h.api.put(devicePath(created), body("available", false));
    Answer on = h.api.put(devicePath(created), body("available", true));

    assertThat(off.data().path("available").booleanValue()).isFalse();
    assertThat(on.data().path("available").booleanValue()).isTrue();
  }

  static String devicePath(JsonNode user) {
    return "/users/" + user.path("id").asText() + "/devices/"
        + user.path("devices").get(0).path("id").asLong();
  }

  static List<String> ids(Answer list) {
    List<String> ids = new ArrayList<>();
    list.json().path("response").forEach(i -> ids.add(i.path("data").path("id").asText()));
    return ids;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
