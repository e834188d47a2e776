package io.patchbay.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.flow.Flow;
import io.patchbay.server.flows.FlowJson;
import io.patchbay.server.flows.Flows;
import io.patchbay.server.http.Json;
import io.patchbay.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay flow}: create, list, show, replace and delete an account's flows, with the
 * same JSON and the same validation as the flows API (docs/flows.md).
 */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = "Manage the call flows of an account.",
    subcommands = {FlowCommand.Create.class, FlowCommand.ListFlows.class,
        FlowCommand.Show.class, FlowCommand.Update.class, FlowCommand.Delete.class})
final class FlowCommand {
  /** The most bytes a flow file may have: the API's body limit. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private FlowCommand() {}

  /** {@code patchbay flow create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a flow from a JSON file (the body of POST .../flows).")
  static final class Create implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Option(names = "--file", required = true, paramLabel = "FILE",
        description = "The flow as JSON; - reads standard input. At most 64 KiB.")
    Path file;

    @Override
    public Integer call() {
      JsonNode body = body(file);
      try (Store store = target.open()) {
        Flow flow = new Flows(store).createFlow(target.account, body);
        target.print(FlowJson.flow(flow), DirectoryText.flow(flow));
      }
      return 0;
    }
  }

  /** {@code patchbay flow list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the flows: id, applet count, name.")
  static final class ListFlows implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        List<Flow> flows = new Flows(store).flows(target.account);
        target.printList(flows.stream().map(FlowJson::flow).toList(),
            flows.stream().map(DirectoryText::flowLine).toList());
      }
      return 0;
    }
  }

  /** {@code patchbay flow show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a flow.")
  static final class Show implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The flow id.")
    String id;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Flow flow = new Flows(store).flow(target.account, id);
        target.print(FlowJson.flow(flow), DirectoryText.flow(flow));
      }
      return 0;
    }
  }

  /** {@code patchbay flow update}. */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Replace a flow with a JSON file (the body of PUT .../flows/ID); "
          + "calls already running keep the old one.")
  static final class Update implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The flow id.")
    String id;

    @Option(names = "--file", required = true, paramLabel = "FILE",
        description = "The flow as JSON; - reads standard input. At most 64 KiB.")
    Path file;

    @Override
    public Integer call() {
      JsonNode body = body(file);
      try (Store store = target.open()) {
        Flow flow = new Flows(store).replaceFlow(target.account, id, body);
        target.print(FlowJson.flow(flow), DirectoryText.flow(flow));
      }
      return 0;
    }
  }

  /** {@code patchbay flow delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a flow; ExoPhones that ran it run none afterwards.")
  static final class Delete implements Callable<Integer> {
    @Mixin
    AccountOptions target;

    @Parameters(index = "0", paramLabel = "ID", description = "The flow id.")
    String id;

    @Override
    public Integer call() {
      try (Store store = target.open()) {
        Flow flow = new Flows(store).deleteFlow(target.account, id);
        target.print(FlowJson.flow(flow), "deleted flow " + flow.id() + " (" + flow.name()
            + ")");
      }
      return 0;
    }
  }

  /**
   * Reads a flow file as the API reads a body: at most 64 KiB, one JSON object, parsed as
   * strictly (a duplicate key or trailing data is refused).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or parsed
   */
  static JsonNode body(Path file) {
    byte[] bytes;
    try {
      if (file.toString().equals("-")) {
        bytes = read(System.in);
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          bytes = read(in);
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(file + " is over 64 KiB, the API's body limit");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException(file + " is empty; expected a JSON object");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(file + " must hold a JSON object");
    }
    return node;
  }

  private static byte[] read(InputStream in) throws IOException {
    return in.readNBytes(MAX_FILE_BYTES + 1);
  }
}
