package io.patchbay.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Region;
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

/** Flow files the CLI cannot take: the API's body rules, told with the file's name. */
class FlowFileErrorsTest {
  @TempDir
  Path dir;

  String sid;

  @BeforeEach
  void createDemo() {
    try (Store store = TestStores.open(dir)) {
      sid = DemoAccount.create(store, Region.SINGAPORE, Clock.systemUTC()).accountSid();
    }
  }

  private Console.Run create(String content) throws Exception {
    Path file = dir.resolve("flow.json");
    Files.writeString(file, content);
    return Console.run(Console.args(List.of("flow", "create"), Console.args(
        TestStores.cliOptions(dir), "--account", sid, "--file", file.toString())));
  }

  private void assertRefused(Console.Run r, String message) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("patchbay: " + message + "\n");
    try (Store store = TestStores.open(dir)) {
      assertThat(store.flows(sid)).isEmpty();
    }
  }

  @Test
  void flowCreate_missingFile_failsNamingIt() {
    Path file = dir.resolve("absent.json");

    Console.Run r = Console.run(Console.args(List.of("flow", "create"), Console.args(
        TestStores.cliOptions(dir), "--account", sid, "--file", file.toString())));

    assertRefused(r, "no such file: " + file);
  }

  @Test
  void flowCreate_emptyFile_failsAsAnEmptyBody() throws Exception {
    assertRefused(create(""), dir.resolve("flow.json") + " is empty; expected a JSON object");
  }

  @Test
  void flowCreate_notJson_failsNamingTheLine() throws Exception {
    Console.Run r = create("{\n\"name\": oops}");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("patchbay: " + dir.resolve("flow.json")
        + " is not valid JSON: ").contains("(line 2)");
  }

  @Test
  void flowCreate_duplicateKey_failsAsTheApiDoes() throws Exception {
    Console.Run r = create("{\"name\":\"A\",\"name\":\"B\",\"applets\":[{\"type\":\"hangup\"}]}");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("is not valid JSON: Duplicate field 'name'");
  }

  @Test
  void flowCreate_arrayOrTrailingData_fails() throws Exception {
    assertRefused(create("[]"), dir.resolve("flow.json") + " must hold a JSON object");
    assertThat(create("{\"name\":\"F\",\"applets\":[{\"type\":\"hangup\"}]} {}").err())
        .contains("is not valid JSON");
  }

  @Test
  void flowCreate_over64KiB_failsLikeTheApisBodyLimit() throws Exception {
    String padded = "{\"name\":\"F\",\"applets\":[{\"type\":\"hangup\"}]}"
        + " ".repeat(64 * 1024);

    assertRefused(create(padded), dir.resolve("flow.json")
        + " is over 64 KiB, the API's body limit");
  }
}
