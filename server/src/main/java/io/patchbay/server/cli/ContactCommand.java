package io.patchbay.server.cli;

import io.patchbay.server.flows.Directory;
import io.patchbay.server.flows.FlowJson;
import io.patchbay.server.http.Json;
import io.patchbay.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay contact}: an account's address book, which names the callers of inbound calls
 * ({@code customer_details.contact_name}); the same validation as the contacts API.
 */
@Command(name = "contact", mixinStandardHelpOptions = true,
    description = "Manage the address book of an account.",
    subcommands = {ContactCommand.Set.class, ContactCommand.Show.class})
final class ContactCommand {
  private ContactCommand() {}

  /** {@code patchbay contact set}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Add a contact, or rename one.")
  static final class Set implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER",
        description = "E.164, or an Indian 0-prefixed or 10-digit number.")
    String number;

    @Parameters(index = "1", paramLabel = "NAME", description = "1 to 64 characters.")
    String name;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Directory.Contact c = new Directory(store).putContact(target.account, number,
            Json.MAPPER.createObjectNode().put("name", name));
        target.print(FlowJson.contact(c), DirectoryText.contact(c));
      }
      return 0;
    }
  }

  /** {@code patchbay contact show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show the name of a number.")
  static final class Show implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "The number.")
    String number;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Directory.Contact c = new Directory(store).contact(target.account, number);
        target.print(FlowJson.contact(c), DirectoryText.contact(c));
      }
      return 0;
    }
  }
}
