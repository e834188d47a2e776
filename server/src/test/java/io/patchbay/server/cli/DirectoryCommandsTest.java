package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Region;
import io.patchbay.server.SqliteOnly;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory commands on a data folder with the demo account and no server. */
class DirectoryCommandsTest {
  private static final String FLOW = "{\"name\":\"Main menu\",\"recording\":true,"
      + "\"applets\":[{\"type\":\"greeting\",\"seconds\":5},{\"type\":\"gather\","
      + "\"max_digits\":2},{\"type\":\"connect\",\"group_id\":\"GROUP\",\"ring_seconds\":20},"
      + "{\"type\":\"hangup\"}]}";

  @TempDir
  Path dir;

  DemoAccount demo;
  List<String> account;

  @BeforeEach
  void createDemo() {
    try (Store store = TestStores.open(dir)) {
      demo = DemoAccount.create(store, Region.SINGAPORE, Clock.systemUTC());
    }
    account = List.of(Console.args(TestStores.cliOptions(dir), "--account", demo.accountSid()));
  }

  private Console.Run ok(String command, String sub, String... rest) {
    Console.Run r = Console.run(Console.args(List.of(command, sub),
        Console.args(account, rest)));
    assertThat(r.exit()).as(r.toString()).isZero();
    return r;
  }

  private String agent(int i) {
    return demo.agents().get(i).userId();
  }

  private String group() {
    return ok("group", "create", "--json", "--name", "Support", "--member", agent(1),
        "--member", agent(0)).json().get("id").asText();
  }

  private Path flowFile(String json) throws Exception {
    Path file = dir.resolve("flow.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void groupCreate_membersInOrder_storesAndPrintsTheApiJson() {
    JsonNode g = ok("group", "create", "--json", "--name", "Support", "--member", agent(1),
        agent(0)).json();
    String text = ok("group", "show", g.get("id").asText()).out();

    assertThat(g.get("id").asText()).matches("[0-9a-f]{32}");
    assertThat(g.get("name").asText()).isEqualTo("Support");
    assertThat(g.get("members")).extracting(JsonNode::asText).containsExactly(agent(1),
        agent(0));
    assertThat(text).contains("name        Support").contains(agent(1) + "\n            "
        + agent(0));
  }

  @Test
  void flowCreate_fromFile_answersTheSameJsonAsTheApi() throws Exception {
    String group = group();
    Path file = flowFile(FLOW.replace("GROUP", group));

    JsonNode f = ok("flow", "create", "--json", "--file", file.toString()).json();

    assertThat(f.fieldNames()).toIterable().containsExactly("id", "name", "recording",
        "recording_channels", "applets");
    assertThat(f.get("recording").asBoolean()).isTrue();
    assertThat(f.get("recording_channels").asText()).isEqualTo("single");
    assertThat(f.at("/applets/2").toString()).isEqualTo("{\"type\":\"connect\",\"group_id\":\""
        + group + "\",\"user_id\":null,\"ring_seconds\":20}");
    assertThat(f.at("/applets/3").toString()).isEqualTo("{\"type\":\"hangup\"}");
  }

  @Test
  void flowCreate_fromStandardInput_isStored() {
    Console.Run r = Console.runWithInput("{\"name\":\"Bye\",\"applets\":[{\"type\":\"hangup\"}]}",
        Console.args(List.of("flow", "create"), Console.args(account, "--file", "-")));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("id          ").contains("name        Bye")
        .contains("applets     0  hangup");
  }

  @Test
  void flowListShowUpdateDelete_roundTrip_matchesWhatWasStored() throws Exception {
    String group = group();
    String id = ok("flow", "create", "--json", "--file",
        flowFile(FLOW.replace("GROUP", group)).toString()).json().get("id").asText();

    String list = ok("flow", "list").out();
    JsonNode listJson = ok("flow", "list", "--json").json();
    String shown = ok("flow", "show", id).out();
    JsonNode updated = ok("flow", "update", id, "--json", "--file",
        flowFile("{\"name\":\"Renamed\",\"applets\":[{\"type\":\"hangup\"}]}").toString()).json();
    String deleted = ok("flow", "delete", id).out();
    JsonNode after = ok("flow", "list", "--json").json();

    assertThat(list).isEqualTo(id + "   4 applet(s)  Main menu\n");
    assertThat(listJson).hasSize(1);
    assertThat(listJson.get(0).get("id").asText()).isEqualTo(id);
    assertThat(shown).contains("recording   on (single)")
        .contains("            1  gather max_digits=2")
        .contains("            2  connect group_id=" + group + " ring_seconds=20");
    assertThat(updated.get("id").asText()).isEqualTo(id);
    assertThat(updated.get("name").asText()).isEqualTo("Renamed");
    assertThat(deleted).isEqualTo("deleted flow " + id + " (Renamed)\n");
    assertThat(after).isEmpty();
  }

  @Test
  void groupListUpdateDelete_roundTrip_matchesWhatWasStored() {
    String id = group();

    String list = ok("group", "list").out();
    JsonNode updated = ok("group", "update", id, "--json", "--name", "Night shift",
        "--member", agent(0)).json();
    JsonNode deleted = ok("group", "delete", id, "--json").json();
    JsonNode after = ok("group", "list", "--json").json();

    assertThat(list).isEqualTo(id + "   2 member(s)  Support\n");
    assertThat(updated.get("members")).hasSize(1);
    assertThat(updated.get("name").asText()).isEqualTo("Night shift");
    assertThat(deleted.get("name").asText()).isEqualTo("Night shift");
    assertThat(after).isEmpty();
  }

  @Test
  void exophone_addLinkUnlinkList_keepsTheFlowOfEachNumber() throws Exception {
    String flow = ok("flow", "create", "--json", "--file",
        flowFile("{\"name\":\"Bye\",\"applets\":[{\"type\":\"hangup\"}]}").toString()).json()
        .get("id").asText();

    JsonNode added = ok("exophone", "add", "08045680002", "--flow", flow, "--json").json();
    String linked = ok("exophone", "link", demo.virtualNumber(), "--flow", flow).out();
    JsonNode list = ok("exophone", "list", "--json").json();
    JsonNode unlinked = ok("exophone", "unlink", demo.virtualNumber(), "--json").json();
    String text = ok("exophone", "list").out();

    assertThat(added.toString()).isEqualTo("{\"number\":\"+918045680002\",\"flow_id\":\""
        + flow + "\"}");
    assertThat(linked).isEqualTo("+918045680001     " + flow + "\n");
    assertThat(list).hasSize(2);
    assertThat(unlinked.get("flow_id").isNull()).isTrue();
    assertThat(text).isEqualTo("+918045680001     -\n+918045680002     " + flow + "\n");
  }

  @Test
  void contact_setAndShow_normalisesTheNumber() {
    JsonNode set = ok("contact", "set", "09811100001", "Meera Das", "--json").json();
    String shown = ok("contact", "show", "+919811100001").out();

    assertThat(set.toString()).isEqualTo("{\"number\":\"+919811100001\",\"name\":\"Meera Das\"}");
    assertThat(shown).isEqualTo("+919811100001     Meera Das\n");
  }

  @Test
  void dnc_addCheckRemove_tracksTheList() {
    JsonNode added = ok("dnc", "add", "9811100002", "--json").json();
    String listed = ok("dnc", "check", "+919811100002").out();
    JsonNode removed = ok("dnc", "remove", "+919811100002", "--json").json();
    JsonNode checked = ok("dnc", "check", "09811100002", "--json").json();

    assertThat(added.toString()).isEqualTo("{\"number\":\"+919811100002\",\"do_not_call\":true}");
    assertThat(listed).isEqualTo("+919811100002     on the do-not-call list\n");
    assertThat(removed.get("do_not_call").asBoolean()).isFalse();
    assertThat(checked.get("do_not_call").asBoolean()).isFalse();
  }

  @Test
  void anyCommand_unknownAccount_failsNamingTheAccount() {
    Console.Run r = Console.run(Console.args(List.of("flow", "list"),
        Console.args(TestStores.cliOptions(dir), "--account", "nosuchaccount")));
    String where;
    try (Store store = TestStores.open(dir)) {
      where = TestStores.postgres() ? store.describe() : dir.toString();
    }

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("patchbay: no account nosuchaccount in " + where
        + " (patchbay account list shows the accounts)\n");
  }

  @Test
  @SqliteOnly("a folder without the SQLite file holds no data; a PostgreSQL URL needs no folder")
  void anyCommand_folderWithoutData_failsAndCreatesNothing() {
    Path empty = dir.resolve("nothing-here");

    Console.Run r = Console.run("dnc", "check", "+919811100002", "--data", empty.toString(),
        "--account", demo.accountSid());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("patchbay: no Patchbay data in " + empty);
    assertThat(empty).doesNotExist();
  }

  @Test
  void help_ofTheCommandLine_listsTheDirectoryCommands() {
    Console.Run top = Console.run("--help");
    Console.Run flow = Console.run("flow", "create", "--help");

    assertThat(top.exit()).isZero();
    assertThat(top.out()).contains("flow", "group", "exophone", "contact", "dnc");
    assertThat(flow.out()).contains("--account=SID", "--data=", "--file=FILE", "--json",
        "At most 64 KiB");
  }

  @Test
  void anyCommand_withoutAccount_isAUsageError() {
    Console.Run r = Console.run("group", "list", "--data", dir.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--account=SID'");
  }
}
