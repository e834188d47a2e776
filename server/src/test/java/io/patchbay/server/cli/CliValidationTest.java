package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.TestServer;
import io.patchbay.server.TestServer.Response;
import io.patchbay.server.TestStores;
import io.patchbay.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation error of the flow, group and directory rules, through the CLI and through
 * the extension API of a running server on the same data folder: both refuse with the same
 * description, and neither changes anything.
 */
class CliValidationTest {
  private static final String GHOST = "f".repeat(32);
  private static final String NAME_65 = "n".repeat(65);

  @TempDir
  static Path dir;

  static TestServer server;
  static String sid;
  static String user;
  static String group;
  static String flow;

  /**
   * One refused request.
   *
   * @param name what is wrong
   * @param cli the command after {@code patchbay}, without {@code --data} and {@code --account};
   *     {@code FILE} is a file holding {@code body}
   * @param method the API request's method
   * @param path the API path under the account
   * @param body the API body, or null
   * @param expected part of the description both must give
   */
  record Case(String name, List<String> cli, String method, String path, String body,
      String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    sid = server.demo().accountSid();
    user = server.demo().agents().get(0).userId();
    group = server.send("POST", server.base() + "/groups", "{\"name\":\"Support\",\"members\":[\""
        + user + "\"]}").data().get("id").asText();
    flow = server.send("POST", server.base() + "/flows", "{\"name\":\"Uses support\","
        + "\"applets\":[{\"type\":\"connect\",\"group_id\":\"" + group + "\"}]}")
        .data().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Case flowBody(String name, String body, String expected) {
    return new Case(name, List.of("flow", "create", "--file", "FILE"), "POST", "/flows", body,
        expected);
  }

  private static Case command(String name, String cli, String method, String path, String body,
      String expected) {
    return new Case(name, List.of(cli.split(" ")), method, path, body, expected);
  }

  private static String applet(String json) {
    return "{\"name\":\"F\",\"applets\":[" + json + "]}";
  }

  static Stream<Case> flowBodies() {
    String hangups = String.join(",", Collections.nCopies(51, "{\"type\":\"hangup\"}"));
    return Stream.of(
        flowBody("name not a string", "{\"name\":5,\"applets\":[]}", "flow.name must be a string"),
        flowBody("no name", "{\"applets\":[{\"type\":\"hangup\"}]}", "name must be 1 to 64"),
        flowBody("long name", "{\"name\":\"" + NAME_65 + "\",\"applets\":[{\"type\":\"hangup\"}]}",
            "name must be 1 to 64 characters"),
        flowBody("no applets", "{\"name\":\"F\"}", "applets must be an array"),
        flowBody("empty applets", "{\"name\":\"F\",\"applets\":[]}", "applets must not be empty"),
        flowBody("51 applets", "{\"name\":\"F\",\"applets\":[" + hangups + "]}", "at most 50"),
        flowBody("applet not an object", applet("1"), "applets[0] must be an object"),
        flowBody("no type", applet("{}"), "applets[0].type must be greeting, gather, connect"),
        flowBody("unknown type", applet("{\"type\":\"dance\"}"), "applets[0].type must be"),
        flowBody("type not a string", applet("{\"type\":5}"), "applets[0].type must be a string"),
        flowBody("greeting too long", applet("{\"type\":\"greeting\",\"seconds\":601}"),
            "applets[0].seconds must be from 0 to 600"),
        flowBody("greeting negative", applet("{\"type\":\"greeting\",\"seconds\":-1}"),
            "applets[0].seconds must be from 0 to 600"),
        flowBody("greeting fraction", applet("{\"type\":\"greeting\",\"seconds\":1.5}"),
            "applets[0].seconds must be a whole number"),
        flowBody("gather none", applet("{\"type\":\"gather\",\"max_digits\":0}"),
            "applets[0].max_digits must be from 1 to 20"),
        flowBody("gather too many", applet("{\"type\":\"gather\",\"max_digits\":21}"),
            "applets[0].max_digits must be from 1 to 20"),
        flowBody("connect nobody", applet("{\"type\":\"connect\"}"),
            "applets[0] must name exactly one of group_id or user_id"),
        flowBody("connect both", applet("{\"type\":\"connect\",\"group_id\":\"GROUP\","
            + "\"user_id\":\"USER\"}"), "applets[0] must name exactly one of"),
        flowBody("ring zero", applet("{\"type\":\"connect\",\"user_id\":\"USER\","
            + "\"ring_seconds\":0}"), "applets[0].ring_seconds must be from 1 to 300"),
        flowBody("ring too long", applet("{\"type\":\"transfer\",\"group_id\":\"GROUP\","
            + "\"ring_seconds\":301}"), "applets[0].ring_seconds must be from 1 to 300"),
        flowBody("unknown group", applet("{\"type\":\"connect\",\"group_id\":\"" + GHOST + "\"}"),
            "applets[0].group_id names no group with members in this account"),
        flowBody("group id not a string", applet("{\"type\":\"connect\",\"group_id\":7}"),
            "applets[0].group_id must be a string"),
        flowBody("unknown user", applet("{\"type\":\"transfer\",\"user_id\":\"" + GHOST + "\"}"),
            "applets[0].user_id names no user in this account"),
        flowBody("goto outside", "{\"name\":\"F\",\"applets\":[{\"type\":\"hangup\"},"
            + "{\"type\":\"goto\",\"target\":2}]}", "applets[1].target must name an applet"),
        flowBody("goto without target", applet("{\"type\":\"goto\"}"),
            "applets[0].target must name an applet of this flow"),
        flowBody("loop", "{\"name\":\"F\",\"applets\":[{\"type\":\"greeting\",\"seconds\":1},"
            + "{\"type\":\"goto\",\"target\":0}]}", "the flow loops forever (applet 0"),
        flowBody("recording not boolean", "{\"name\":\"F\",\"recording\":\"yes\","
            + "\"applets\":[{\"type\":\"hangup\"}]}", "recording must be a boolean"),
        flowBody("recording channels", "{\"name\":\"F\",\"recording_channels\":\"stereo\","
            + "\"applets\":[{\"type\":\"hangup\"}]}", "recording_channels must be single or dual"));
  }

  static Stream<Case> commands() {
    String valid = "{\"name\":\"F\",\"applets\":[{\"type\":\"hangup\"}]}";
    String loop = "{\"name\":\"F\",\"applets\":[{\"type\":\"goto\",\"target\":0}]}";
    List<String> many = new ArrayList<>(List.of("group", "create", "--name", "Big"));
    StringBuilder manyJson = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      String id = String.format("%032x", i);
      many.addAll(List.of("--member", id));
      manyJson.append(i == 0 ? "\"" : ",\"").append(id).append('"');
    }
    return Stream.of(
        command("flow show unknown", "flow show " + GHOST, "GET", "/flows/" + GHOST, null,
            "No flow with this id"),
        command("flow delete unknown", "flow delete " + GHOST, "DELETE", "/flows/" + GHOST,
            null, "No flow with this id"),
        command("flow update unknown", "flow update " + GHOST + " --file FILE", "PUT",
            "/flows/" + GHOST, valid, "No flow with this id"),
        command("flow update loop", "flow update FLOW --file FILE", "PUT", "/flows/FLOW", loop,
            "the flow loops forever"),
        command("group without name", "group create --member USER", "POST", "/groups",
            "{\"members\":[\"USER\"]}", "name must be 1 to 64 characters"),
        command("group long name", "group create --name " + NAME_65 + " --member USER", "POST",
            "/groups", "{\"name\":\"" + NAME_65 + "\",\"members\":[\"USER\"]}",
            "name must be 1 to 64 characters"),
        command("group without members", "group create --name G", "POST", "/groups",
            "{\"name\":\"G\",\"members\":[]}", "members must not be empty"),
        command("group repeats", "group create --name G --member USER USER", "POST", "/groups",
            "{\"name\":\"G\",\"members\":[\"USER\",\"USER\"]}", "members must not repeat a user"),
        command("group unknown member", "group create --name G --member USER " + GHOST, "POST",
            "/groups", "{\"name\":\"G\",\"members\":[\"USER\",\"" + GHOST + "\"]}",
            "members[1] names no user in this account"),
        new Case("group of 101", many, "POST", "/groups",
            "{\"name\":\"Big\",\"members\":[" + manyJson + "]}", "at most 100 members"),
        command("group show unknown", "group show " + GHOST, "GET", "/groups/" + GHOST, null,
            "No group with this id"),
        command("group update unknown", "group update " + GHOST + " --name G --member USER",
            "PUT", "/groups/" + GHOST, "{\"name\":\"G\",\"members\":[\"USER\"]}",
            "No group with this id"),
        command("group in use", "group delete GROUP", "DELETE", "/groups/GROUP", null,
            "the group is used by flow(s) Uses support; change them first"),
        command("exophone bad number", "exophone add 12345", "POST", "/exophones",
            "{\"number\":\"12345\"}", "number must be a phone number"),
        command("exophone unknown flow", "exophone add +918045680009 --flow " + GHOST, "POST",
            "/exophones", "{\"number\":\"+918045680009\",\"flow_id\":\"" + GHOST + "\"}",
            "flow_id names no flow of this account"),
        command("exophone unknown", "exophone link +918045680009 --flow FLOW", "PUT",
            "/exophones/%2B918045680009", "{\"flow_id\":\"FLOW\"}",
            "No such ExoPhone in this account"),
        command("exophone link bad number", "exophone unlink 0123", "PUT", "/exophones/0123",
            "{\"flow_id\":null}", "number must be a phone number"),
        command("contact bad number", "contact set 12345 Ravi", "PUT", "/contacts/12345",
            "{\"name\":\"Ravi\"}", "number must be a phone number"),
        command("contact long name", "contact set +919811100009 " + NAME_65, "PUT",
            "/contacts/%2B919811100009", "{\"name\":\"" + NAME_65 + "\"}",
            "name must be 1 to 64 characters"),
        new Case("contact blank name", List.of("contact", "set", "+919811100009", "  "), "PUT",
            "/contacts/%2B919811100009", "{\"name\":\"  \"}", "name must be 1 to 64 characters"),
        command("contact unknown", "contact show +919811100009", "GET",
            "/contacts/%2B919811100009", null, "No contact with this number"),
        command("dnc add bad number", "dnc add 12345", "PUT", "/do-not-call/12345", null,
            "number must be a phone number"),
        command("dnc remove bad number", "dnc remove 1234567890123456", "DELETE",
            "/do-not-call/1234567890123456", null, "number must be a phone number"),
        command("dnc check bad number", "dnc check +0123456789", "GET",
            "/do-not-call/%2B0123456789", null, "number must be a phone number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flowBodies")
  void flowCreate_invalidBody_failsWithTheApisDescription(Case c) throws Exception {
    refusedAlike(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void directoryCommand_invalidInput_failsWithTheApisDescription(Case c) throws Exception {
    refusedAlike(c);
  }

  private void refusedAlike(Case c) throws Exception {
    Path file = dir.resolve("body.json");
    if (c.body() != null) {
      Files.writeString(file, fill(c.body()));
    }
    List<String> cli = new ArrayList<>();
    for (String arg : c.cli()) {
      cli.add(arg.equals("FILE") ? file.toString() : fill(arg));
    }
    cli.addAll(TestStores.cliOptions(dir));
    cli.addAll(List.of("--account", sid));
    String before = snapshot();

    Console.Run run = Console.run(cli.toArray(String[]::new));
    Response api = server.send(c.method(), server.base() + fill(c.path()),
        c.body() == null ? null : fill(c.body()));

    assertThat(api.status()).as(api.body().toString()).isIn(400, 404);
    assertThat(api.errorCode()).isBetween(9410, 9412);
    assertThat(api.description()).contains(c.expected());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("patchbay: " + api.description() + "\n");
    assertThat(snapshot()).isEqualTo(before);
  }

  private static String fill(String s) {
    return s.replace("USER", user).replace("GROUP", group).replace("FLOW", flow);
  }

  /** Everything a directory command could change. */
  private static String snapshot() {
    Store store = server.patchbay().store();
    return store.flows(sid) + "|" + store.groups(sid) + "|" + store.exoPhones(sid) + "|"
        + store.exoPhones(sid).stream().map(n -> store.exoPhoneFlow(sid, n)).toList() + "|"
        + store.contactName(sid, "+919811100009") + "|" + store.exoPhones(sid).size();
  }
}
