package io.patchbay.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.server.flows.Directory;
import io.patchbay.server.flows.FlowJson;
import io.patchbay.server.http.Json;
import io.patchbay.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay exophone}: an account's ExoPhones and the flow each runs, with the same
 * validation as the ExoPhones API (docs/flows.md).
 */
@Command(name = "exophone", mixinStandardHelpOptions = true,
    description = "Manage the ExoPhones of an account and the flow each runs.",
    subcommands = {ExoPhoneCommand.Add.class, ExoPhoneCommand.Link.class,
        ExoPhoneCommand.Unlink.class, ExoPhoneCommand.ListExoPhones.class})
final class ExoPhoneCommand {
  private ExoPhoneCommand() {}

  /** {@code patchbay exophone add}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add an ExoPhone, or set the flow of one the account has (no --flow: "
          + "none).")
  static final class Add implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER",
        description = "E.164, or an Indian 0-prefixed or 10-digit number.")
    String number;

    @Option(names = "--flow", paramLabel = "ID", description = "The flow inbound calls run.")
    String flowId;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode().put("number", number)
          .put("flow_id", flowId);
      try (Store store = target.open()) {
        Directory.ExoPhone e = new Directory(store).addExoPhone(target.account, body);
        target.print(FlowJson.exoPhone(e), DirectoryText.exoPhone(e));
      }
      return 0;
    }
  }

  /** {@code patchbay exophone link}. */
  @Command(name = "link", mixinStandardHelpOptions = true,
      description = "Point an ExoPhone of the account at a flow.")
  static final class Link implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "The ExoPhone.")
    String number;

    @Option(names = "--flow", required = true, paramLabel = "ID",
        description = "The flow inbound calls run.")
    String flowId;

    @Override
    public Integer call() {
      return link(target, number, flowId);
    }
  }

  /** {@code patchbay exophone unlink}. */
  @Command(name = "unlink", mixinStandardHelpOptions = true,
      description = "Make an ExoPhone of the account run no flow (inbound calls are refused).")
  static final class Unlink implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "The ExoPhone.")
    String number;

    @Override
    public Integer call() {
      return link(target, number, null);
    }
  }

  /** {@code patchbay exophone list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the ExoPhones: number and flow id (- for none).")
  static final class ListExoPhones implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        List<Directory.ExoPhone> all = new Directory(store).exoPhones(target.account);
        target.printList(all.stream().map(FlowJson::exoPhone).toList(),
            all.stream().map(DirectoryText::exoPhone).toList());
      }
      return 0;
    }
  }

  private static int link(AccountOptions target, String number, String flowId) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("flow_id", flowId);
    try (Store store = target.open()) {
      Directory.ExoPhone e = new Directory(store).linkExoPhone(target.account, number, body);
      target.print(FlowJson.exoPhone(e), DirectoryText.exoPhone(e));
    }
    return 0;
  }
}
