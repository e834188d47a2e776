package io.patchbay.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real curl binary, as a user pasting commands would, and captures the reply. */
final class Curl {
  private Curl() {}

  /** One reply: status, headers (lower-case names) and body. */
  record Result(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return PatchbayProcess.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
      }
    }

    /** {@code response.data} of the envelope. */
    JsonNode data() {
      return json().path("response").path("data");
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + headers + "\n" + body;
    }
  }

  /** True if a curl binary runs. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code curl -sS --noproxy '*' <args>} and returns the reply; fails the test if curl
   * itself fails (connection, TLS) or hangs.
   */
  static Result run(Path workDir, String... args) throws Exception {
    Files.createDirectories(workDir);
    Path headers = Files.createTempFile(workDir, "curl", ".headers");
    Path body = Files.createTempFile(workDir, "curl", ".body");
    Path err = Files.createTempFile(workDir, "curl", ".err");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*",
        "--max-time", "20", "-D", headers.toString(), "-o", body.toString(),
        "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("curl hung: " + command);
    }
    assertThat(p.exitValue()).as("curl exit code for %s; stderr: %s", command,
        Files.readString(err)).isZero();
    return new Result(Integer.parseInt(status.trim()), parseHeaders(Files.readString(headers)),
        Files.readString(body, StandardCharsets.UTF_8));
  }

  /** The headers of the last response block (after any 100 Continue). */
  private static Map<String, List<String>> parseHeaders(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : raw.split("\r?\n")) {
      if (line.startsWith("HTTP/")) {
        out.clear();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
      }
    }
    return out;
  }
}
