package io.patchbay.server;

import io.patchbay.server.cli.Cli;

/** The entry point of the {@code patchbay} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(args));
  }
}
