package io.patchbay.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.server.DocExamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example of docs/users-api.md, as written, against a fresh server. {@code $SIM}
 * points at the test's own listener of the Users API's control-plane routes.
 */
class UsersDocExamplesTest {
  @TempDir
  Path dir;

  @Test
  void usersDoc_everyExample_runsAsWritten() throws Exception {
    assumeTrue(DocExamples.onPath("curl", "jq", "bash"), "needs curl, jq and bash");
    List<String> blocks = DocExamples.blocks(Path.of("..", "docs", "users-api.md"));

    try (Harness h = Harness.start(dir)) {
      String script = "set -euo pipefail\n"
          + "PB=" + h.root() + "\n"
          + "SID=" + h.demo.accountSid() + "\n"
          + "KEY=" + h.demo.apiKey() + "\n"
          + "TOKEN=" + h.demo.apiToken() + "\n"
          + "ADMIN=" + h.sideAdminToken() + "\n"
          + "API=\"$PB/v2/accounts/$SID\"\n"
          + "SIM=\"" + h.sideRoot() + "/_sim/v1/accounts/$SID\"\n"
          + String.join("\n", blocks) + "\n";
      Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(blocks).hasSizeGreaterThanOrEqualTo(10);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("[409,10812]")
          .contains("{\"code\":1007,\"description\":\"limit must be an integer from 1 to 50\","
              + "\"message\":\"Malformed request\"}")
          .contains("\"contact_uri\":\"sip:meera@pbx.example.com\"")
          .endsWith("2\n");
      assertThat(h.userCount(h.api)).isEqualTo(2);
    }
  }
}
