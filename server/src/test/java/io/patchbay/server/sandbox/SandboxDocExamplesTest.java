package io.patchbay.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.server.DocExamples;
import io.patchbay.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example of docs/sandbox.md, as written, against a fresh server. */
class SandboxDocExamplesTest {
  @TempDir
  Path dir;

  @Test
  void sandboxDoc_everyExample_runsAsWritten() throws Exception {
    assumeTrue(DocExamples.onPath("curl", "jq", "bash"), "needs curl, jq and bash");
    List<String> blocks = DocExamples.blocks(Path.of("..", "docs", "sandbox.md"));

    try (TestServer server = TestServer.start(dir)) {
      String script = "set -euo pipefail\n"
          + "PB=" + server.root() + "\n"
          + "SID=" + server.demo().accountSid() + "\n"
          + "KEY=" + server.demo().apiKey() + "\n"
          + "TOKEN=" + server.demo().apiToken() + "\n"
          + "ADMIN=" + server.patchbay().adminToken() + "\n"
          + "SIM=\"$PB/_sim/v1/accounts/$SID\"\n"
          + String.join("\n", blocks) + "\n";
      Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(blocks).hasSizeGreaterThan(8);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("\"status\":\"success\"").contains("500");
      assertThat(server.patchbay().store().countCalls(server.demo().accountSid())).isZero();
    }
  }
}
