package io.patchbay.server.cli;

import io.patchbay.server.flows.Directory;
import io.patchbay.server.flows.FlowJson;
import io.patchbay.store.Store;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay dnc}: an account's do-not-call list, which Make Call checks before it dials
 * a customer; the same validation as the do-not-call API.
 */
@Command(name = "dnc", mixinStandardHelpOptions = true,
    description = "Manage the do-not-call list of an account.",
    subcommands = {DncCommand.Add.class, DncCommand.Remove.class, DncCommand.Check.class})
final class DncCommand {
  private DncCommand() {}

  /** The number and account every dnc command takes. */
  abstract static class Base implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER",
        description = "E.164, or an Indian 0-prefixed or 10-digit number.")
    String number;

    /** What the command does to the list. */
    abstract BiFunction<String, String, Directory.DoNotCall> action(Directory directory);

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Directory.DoNotCall d = action(new Directory(store)).apply(target.account, number);
        target.print(FlowJson.doNotCall(d), DirectoryText.doNotCall(d));
      }
      return 0;
    }
  }

  /** {@code patchbay dnc add}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Put a number on the list (Make Call will not dial it).")
  static final class Add extends Base {
    @Override
    BiFunction<String, String, Directory.DoNotCall> action(Directory directory) {
      return directory::addDoNotCall;
    }
  }

  /** {@code patchbay dnc remove}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Take a number off the list.")
  static final class Remove extends Base {
    @Override
    BiFunction<String, String, Directory.DoNotCall> action(Directory directory) {
      return directory::removeDoNotCall;
    }
  }

  /** {@code patchbay dnc check}. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Say whether a number is on the list.")
  static final class Check extends Base {
    @Override
    BiFunction<String, String, Directory.DoNotCall> action(Directory directory) {
      return directory::doNotCall;
    }
  }
}
