package io.patchbay.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.core.flow.Group;
import io.patchbay.server.DocExamples;
import io.patchbay.server.TestServer;
import io.patchbay.server.TestStores;
import io.patchbay.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example of docs/flows.md, as written, against a fresh server, from a folder that
 * holds its data folder as {@code data} and a {@code ./patchbay} that runs this build's CLI in
 * a JVM of its own, so the CLI examples work on the data of the running server.
 */
class FlowsDocExamplesTest {
  @TempDir
  Path work;

  @Test
  void flowsDoc_everyExample_runsAsWritten() throws Exception {
    assumeTrue(DocExamples.onPath("curl", "jq", "bash"), "needs curl, jq and bash");
    List<String> blocks = DocExamples.blocks(Path.of("..", "docs", "flows.md"));
    launcher();

    try (TestServer server = TestServer.start(work.resolve("data"))) {
      String sid = server.demo().accountSid();
      String asha = server.demo().agents().get(0).userId();
      String vikram = server.demo().agents().get(1).userId();
      String script = "set -euo pipefail\n"
          + "PB=" + server.root() + "\n"
          + "SID=" + sid + "\n"
          + "KEY=" + server.demo().apiKey() + "\n"
          + "TOKEN=" + server.demo().apiToken() + "\n"
          + "ADMIN=" + server.patchbay().adminToken() + "\n"
          + "API=\"$PB/v2/accounts/$SID\"\n"
          + "SIM=\"$PB/_sim/v1/accounts/$SID\"\n"
          + String.join("\n", blocks) + "\n";
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(work.toFile())
          .redirectErrorStream(true);
      pb.environment().remove("PATCHBAY_DATA");
      // The CLI examples must reach the server's store: on PostgreSQL, its database.
      pb.environment().put("PATCHBAY_STORE", TestStores.store(work.resolve("data")));
      pb.environment().put("PATCHBAY_LOG_LEVEL", "WARN");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      Store store = server.patchbay().store();
      String group = store.groups(sid).stream().filter(g -> g.name().equals("Support"))
          .map(Group::id).findFirst().orElseThrow();

      assertThat(blocks).hasSizeGreaterThanOrEqualTo(12);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).as(out)
          .contains("[\"" + asha + "\",\"" + vikram + "\"]\n")
          .contains("{\"type\":\"connect\",\"group_id\":\"" + group + "\",\"user_id\":null,"
              + "\"ring_seconds\":20}\n[1,\"Main menu\"]\n")
          .contains("[400,9410,\"the flow loops forever (applet 0 is reached again)\"]\n")
          .contains("[\"+918045680001\",\"+918045680002\"]\n")
          .contains("Priya Shah\n")
          .contains("{\"number\":\"+919811100002\",\"do_not_call\":true}\n[403,10717]\n")
          .contains("[\"" + vikram + "\",\"" + asha + "\"]\n")
          .contains("name        After hours\n")
          .contains("1  connect user_id=" + vikram + " ring_seconds=15\n")
          .containsPattern("\\+918045680003     [0-9a-f]{32}\n")
          .contains("+919811100002     not on the do-not-call list\n")
          .contains("patchbay: the group is used by flow(s) Main menu; change them first\n"
              + "exit 1\n")
          .contains("[\"inbound\",\"completed\",\"2-123456\",77,true,\"Support\","
              + "\"Priya Shah\"]\n")
          .contains("[\"1\",86,true,null]\n")
          .contains("}active\n")
          .contains("[\"completed\",27,true]\n")
          .contains("[400,9400]\n");
      assertThat(store.flows(sid)).hasSize(2);
      assertThat(store.groups(sid)).hasSize(2);
      assertThat(store.exoPhones(sid)).hasSize(3);
      assertThat(store.countCalls(sid)).isZero();
    }
  }

  /** Writes {@code ./patchbay}: this test's JVM and class path running the CLI. */
  private void launcher() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path launcher = work.resolve("patchbay");
    Files.writeString(launcher, "#!/usr/bin/env bash\n"
        + "exec '" + java + "' -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
        + " --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path")
        + "' io.patchbay.server.Main \"$@\"\n");
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
  }
}
