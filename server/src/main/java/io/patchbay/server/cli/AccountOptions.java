package io.patchbay.server.cli;

import io.patchbay.store.Store;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every command that manages one account's directory: the data folder or the
 * store, the account, and whether to print JSON. Mixed into each such command.
 */
final class AccountOptions {
  @Option(names = "--data", defaultValue = "${env:PATCHBAY_DATA:-./data}",
      description = "Data folder (env PATCHBAY_DATA; default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--store", defaultValue = "${env:PATCHBAY_STORE:-}", paramLabel = "URL",
      description = "A jdbc:postgresql: URL, or empty for the SQLite file in --data "
          + "(env PATCHBAY_STORE).")
  String store;

  @Option(names = "--account", required = true, paramLabel = "SID",
      description = "The account's sid (patchbay account list shows them).")
  String account;

  @Option(names = "--json",
      description = "Print JSON for scripts: the API's data object, or an array of them.")
  boolean json;

  /**
   * Opens the store, {@code --store} or else the data folder's, which must hold the account.
   * Works while a server runs on the same store: SQLite waits for the server's writes.
   *
   * @throws IllegalArgumentException naming the folder or the account when either is missing
   * @throws io.patchbay.store.StoreException if the PostgreSQL store cannot be reached
   */
  Store open() {
    boolean sqlite = store == null || store.isBlank();
    // Stores.openSqlite keeps the database in patchbay.db and would create an empty one.
    if (sqlite && !Files.isRegularFile(data.resolve("patchbay.db"))) {
      throw new IllegalArgumentException("no Patchbay data in " + data
          + " (start the server once, or pass --data or set PATCHBAY_DATA)");
    }
    Store opened = AccountCommand.open(data, store);
    try {
      if (opened.account(account).isEmpty()) {
        throw new IllegalArgumentException("no account " + account + " in "
            + (sqlite ? data : opened.describe())
            + " (patchbay account list shows the accounts)");
      }
      return opened;
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** Prints one object: its JSON with {@code --json}, else {@code text}. */
  void print(byte[] jsonForm, String text) {
    PrintStream out = System.out;
    out.println(json ? new String(jsonForm, StandardCharsets.UTF_8) : text);
    out.flush();
  }

  /** Prints a list: a JSON array with {@code --json}, else one line per item. */
  void printList(List<byte[]> jsonForms, List<String> lines) {
    PrintStream out = System.out;
    if (json) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < jsonForms.size(); i++) {
        b.append(i == 0 ? "" : ",").append(new String(jsonForms.get(i), StandardCharsets.UTF_8));
      }
      out.println(b.append(']'));
    } else {
      lines.forEach(out::println);
    }
    out.flush();
  }
}
