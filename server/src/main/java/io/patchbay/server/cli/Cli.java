package io.patchbay.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code patchbay serve}, {@code patchbay account}, and the directory
 * commands {@code flow}, {@code group}, {@code exophone}, {@code contact} and {@code dnc}.
 * A failing command prints {@code patchbay: <description>} on standard error and exits 1.
 */
@Command(name = "patchbay", mixinStandardHelpOptions = true, version = "Patchbay 0.1.0",
    description = "A self-hosted CCM v2 call API with a telephony simulator.",
    subcommands = {ServeCommand.class, AccountCommand.class, FlowCommand.class,
        GroupCommand.class, ExoPhoneCommand.class, ContactCommand.class, DncCommand.class})
public final class Cli {
  private Cli() {}

  /**
   * Runs the command line.
   *
   * @return the exit code
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Cli());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("patchbay: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }
}
