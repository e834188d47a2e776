package io.patchbay.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.flow.Group;
import io.patchbay.server.flows.FlowJson;
import io.patchbay.server.flows.Flows;
import io.patchbay.server.http.Json;
import io.patchbay.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay group}: create, list, show, replace and delete an account's agent groups,
 * with the same validation as the groups API (docs/flows.md).
 */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "Manage the agent groups of an account (ordered members).",
    subcommands = {GroupCommand.Create.class, GroupCommand.ListGroups.class,
        GroupCommand.Show.class, GroupCommand.Update.class, GroupCommand.Delete.class})
final class GroupCommand {
  private GroupCommand() {}

  /** The name and members of a group, as options. */
  static final class Body {
    @Option(names = "--name", paramLabel = "NAME", description = "1 to 64 characters.")
    String name;

    @Option(names = "--member", paramLabel = "USER_ID", arity = "1..*",
        description = "Members in ringing order: 1 to 100 distinct users of the account "
            + "(repeat the option or list several).")
    List<String> members = new ArrayList<>();

    /** The body the API would get: {@code {"name", "members"}}. */
    JsonNode json() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("name", name);
      ArrayNode list = body.putArray("members");
      members.forEach(list::add);
      return body;
    }
  }

  /** {@code patchbay group create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a group.")
  static final class Create implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Mixin
    Body body;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Group group = new Flows(store).createGroup(target.account, body.json());
        target.print(FlowJson.group(group), DirectoryText.group(group));
      }
      return 0;
    }
  }

  /** {@code patchbay group list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the groups: id, member count, name.")
  static final class ListGroups implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        List<Group> groups = new Flows(store).groups(target.account);
        target.printList(groups.stream().map(FlowJson::group).toList(),
            groups.stream().map(DirectoryText::groupLine).toList());
      }
      return 0;
    }
  }

  /** {@code patchbay group show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a group.")
  static final class Show implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group id.")
    String id;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Group group = new Flows(store).group(target.account, id);
        target.print(FlowJson.group(group), DirectoryText.group(group));
      }
      return 0;
    }
  }

  /** {@code patchbay group update}. */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Replace a group's name and members.")
  static final class Update implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group id.")
    String id;

    @Mixin
    Body body;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Group group = new Flows(store).replaceGroup(target.account, id, body.json());
        target.print(FlowJson.group(group), DirectoryText.group(group));
      }
      return 0;
    }
  }

  /** {@code patchbay group delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a group that no flow uses.")
  static final class Delete implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The group id.")
    String id;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Group group = new Flows(store).deleteGroup(target.account, id);
        target.print(FlowJson.group(group), "deleted group " + group.id() + " ("
            + group.name() + ")");
      }
      return 0;
    }
  }
}
