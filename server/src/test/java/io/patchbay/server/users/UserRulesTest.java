package io.patchbay.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.Request;
import io.patchbay.server.users.UserQueries.ListQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value rules, query parsing and status display, without a server. */
class UserRulesTest {
  private static Request query(Map<String, List<String>> query) {
    return new Request("rid", "GET", null, Map.of(), query, new byte[0]);
  }

  private static ErrorCode codeOf(Runnable r) {
    try {
      r.run();
    } catch (ApiException e) {
      return e.error();
    }
    throw new AssertionError("no ApiException");
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ada", "Twenty-chars-exactly", "O'Brien", "J. R. R.", "Agent 007"})
  void newUser_validName_isAccepted(String name) {
    var n = UserBodies.newUser(json("{\"first_name\":\"" + name
        + "\",\"last_name\":\"Doe\",\"device_contact_uri\":\"+919876543210\"}"));

    assertThat(n.firstName()).isEqualTo(name);
    assertThat(n.role()).isEqualTo(Role.USER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+919000000001", "+919000000004", "+919001000030", "+919002000010",
      "+14155550123", "sip:agent@pbx.example.com"})
  void contactUriValue_magicNumbersAndSip_areLegal(String uri) {
    assertThat(Validation.contactUriValue(uri)).contains(uri);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9876543210", "09876543210", "+91 9876543210", "", "+", "sip:@x"})
  void contactUriValue_localOrMalformed_isRefused(String uri) {
    assertThat(Validation.contactUriValue(uri)).isEmpty();
  }

  @Test
  void emailValue_mixedCase_isLowerCased() {
    assertThat(Validation.emailValue("Ada.King@Example.ORG")).contains("ada.king@example.org");
    assertThat(Validation.emailValue("no-at-sign.example.org")).isEmpty();
    assertThat(Validation.emailValue("a@b")).isEmpty();
  }

  @Test
  void listQuery_noParameters_isTheFirstPageOfTwentyWithoutFields() {
    ListQuery q = UserQueries.listQuery(query(Map.of()));

    assertThat(q.offset()).isZero();
    assertThat(q.limit()).isEqualTo(20);
    assertThat(q.fields()).isEqualTo(Fields.NONE);
    assertThat(q.filter().contactUris()).isEmpty();
    assertThat(q.filter().email()).isNull();
  }

  @Test
  void listQuery_everyParameter_isParsed() {
    ListQuery q = UserQueries.listQuery(query(Map.of(
        "limit", List.of("50"), "offset", List.of("7"),
        "fields", List.of("devices,last_login"),
        "devices.contact_uri", List.of("+919876500001,sip:a@b.example", "+919876500002"),
        "email", List.of("Ada@Example.com"))));

    assertThat(q.limit()).isEqualTo(50);
    assertThat(q.offset()).isEqualTo(7);
    assertThat(q.fields()).isEqualTo(new Fields(true, false, true));
    assertThat(q.filter().contactUris())
        .containsExactly("+919876500001", "sip:a@b.example", "+919876500002");
    assertThat(q.filter().email()).isEqualTo("ada@example.com");
  }

  @Test
  void listQuery_tooManyContactUris_isMalformed() {
    String many = String.join(",", java.util.Collections.nCopies(51, "+919876500001"));

    assertThat(codeOf(() -> UserQueries.listQuery(query(Map.of(
        "devices.contact_uri", List.of(many)))))).isEqualTo(ErrorCode.MALFORMED_REQUEST);
  }

  @Test
  void deviceChanges_bothKeys_areParsed() {
    var c = UserBodies.deviceChanges(json("{\"available\":false,"
        + "\"contact_uri\":\"+919876500009\",\"extra\":1}"));

    assertThat(c.available()).isFalse();
    assertThat(c.contactUri()).isEqualTo("+919876500009");
  }

  @Test
  void userChanges_nullRole_isInvalid() {
    assertThatThrownBy(() -> UserBodies.userChanges(json("{\"role\":null}")))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).error()).isEqualTo(ErrorCode.USER_NAME_INVALID);
  }

  @Test
  void userChanges_emptyObject_changesNothing() {
    var c = UserBodies.userChanges(json("{}"));

    assertThat(c).isEqualTo(new UserBodies.UserChanges(null, null, false, null, null));
  }

  @Test
  void status_storedBusyWithoutALiveCall_readsFree() {
    Device busy = new Device(1, "acct", "u", null, "+919876500001", true, true, "busy");
    User free = new User("acct", "u", "Ada", "Kin", null, Role.USER, null, Instant.EPOCH, null);
    User onCall = new User("acct", "u", "Ada", "Kin", null, Role.USER, "callsid",
        Instant.EPOCH, null);

    assertThat(UserJson.status(busy, free)).isEqualTo("free");
    assertThat(UserJson.status(busy, onCall)).isEqualTo("busy");
  }
}
