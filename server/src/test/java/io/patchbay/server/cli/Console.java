package io.patchbay.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process, as {@code patchbay ARGS} would, capturing what it prints. */
final class Console {
  private Console() {}

  /**
   * What a run did.
   *
   * @param exit the exit code
   * @param out standard output
   * @param err standard error (server threads of the same JVM may log here too)
   */
  record Run(int exit, String out, String err) {
    /** Standard output as JSON ({@code --json}). */
    JsonNode json() {
      try {
        return TestServer.JSON.readTree(out);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + out + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nout: " + out + "\nerr: " + err;
    }
  }

  /** Runs {@code patchbay args...} with nothing on standard input. */
  static Run run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code patchbay args...} with {@code stdin} on standard input. */
  static synchronized Run runWithInput(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int exit = Cli.run(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** {@code base} followed by {@code more}. */
  static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
