package io.patchbay.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes {@code demo-account.json} so that scripts can read the demo credentials. */
public final class DemoFiles {
  /** The file's name in the data folder. */
  public static final String FILE = "demo-account.json";

  private DemoFiles() {}

  /**
   * Writes the demo account's credentials, readable by the owner only.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path dataDir, DemoAccount demo) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("account_sid", demo.accountSid());
    root.put("api_key", demo.apiKey());
    root.put("api_token", demo.apiToken());
    root.put("region", demo.region().id());
    ArrayNode agents = root.putArray("agents");
    for (DemoAccount.Agent a : demo.agents()) {
      agents.addObject().put("user_id", a.userId()).put("name", a.name())
          .put("contact_uri", a.contactUri());
    }
    root.put("virtual_number", demo.virtualNumber());
    root.put("customer_number", demo.customerNumber());
    Path file = dataDir.resolve(FILE);
    try {
      Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      restrict(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Makes {@code file} readable and writable by its owner only, where the file system can. */
  public static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the folder's own access rules apply.
    }
  }
}
