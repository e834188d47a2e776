package io.patchbay.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the runnable examples of a Markdown doc, for the tests that run them as written. */
public final class DocExamples {
  private DocExamples() {}

  /** The bodies of the doc's {@code ```sh} blocks, in order; {@code ```sh setup} is left out. */
  public static List<String> blocks(Path doc) throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(doc)) {
      if (current == null && line.equals("```sh")) {
        current = new StringBuilder();
      } else if (current != null && line.equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** Whether every one of {@code tools} is on the PATH. */
  public static boolean onPath(String... tools) {
    try {
      for (String tool : tools) {
        if (new ProcessBuilder("which", tool).start().waitFor() != 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
