package io.patchbay.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.server.http.Json;
import io.patchbay.store.Store;
import io.patchbay.store.jdbc.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code patchbay account}: create and list accounts, also while a server runs. */
@Command(name = "account", mixinStandardHelpOptions = true,
    description = "Manage accounts in a data folder.",
    subcommands = {AccountCommand.Create.class, AccountCommand.ListAccounts.class})
final class AccountCommand {

  /** {@code patchbay account create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an account with one API key and token (the token is shown once).")
  static final class Create implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "${env:PATCHBAY_DATA:-./data}",
        description = "Data folder (env PATCHBAY_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--region", required = true, description = "singapore or mumbai.")
    String region;

    @Option(names = "--name", defaultValue = "Patchbay account", description = "A label.")
    String name;

    @Option(names = "--time-zone", defaultValue = "Asia/Kolkata",
        description = "Time zone of call times (default ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--store", defaultValue = "${env:PATCHBAY_STORE:-}",
        description = "A jdbc:postgresql: URL, or empty for the SQLite file in --data "
            + "(env PATCHBAY_STORE).")
    String store;

    @Override
    public Integer call() throws Exception {
      Region parsedRegion = Region.parse(region);
      ZoneId parsedZone = ZoneId.of(zone);
      try (Store store = open(data, this.store)) {
        String sid = Sids.newAccountSid();
        String key = Sids.newApiKey();
        String token = Sids.newApiToken();
        store.createAccount(
            new Account(sid, name, parsedRegion, parsedZone, true, Clock.systemUTC().instant()),
            new ApiCredential(key, sid, TokenHasher.hash(key, token)));
        if (json) {
          ObjectNode out = Json.MAPPER.createObjectNode();
          out.put("account_sid", sid).put("api_key", key).put("api_token", token)
              .put("region", parsedRegion.id()).put("time_zone", parsedZone.getId());
          System.out.println(Json.MAPPER.writeValueAsString(out));
        } else {
          System.out.println("account_sid  " + sid);
          System.out.println("api_key      " + key);
          System.out.println("api_token    " + token + "   (shown once; only its hash is kept)");
          System.out.println("region       " + parsedRegion.id() + " ("
              + parsedRegion.defaultHost() + ")");
        }
      }
      return 0;
    }
  }

  static Store open(Path data, String location) {
    Stores.checkStoreOption(location);
    return Stores.open(location == null || location.isBlank() ? data.toString() : location, 2);
  }

  /** {@code patchbay account list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
  static final class ListAccounts implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "${env:PATCHBAY_DATA:-./data}",
        description = "Data folder (env PATCHBAY_DATA; default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--store", defaultValue = "${env:PATCHBAY_STORE:-}",
        description = "A jdbc:postgresql: URL, or empty for the SQLite file in --data "
            + "(env PATCHBAY_STORE).")
    String store;

    @Override
    public Integer call() throws Exception {
      if ((this.store == null || this.store.isBlank())
          && !java.nio.file.Files.exists(data.resolve("patchbay.db"))) {
        throw new IllegalArgumentException("no Patchbay data in " + data.toAbsolutePath()
            + " (start ./patchbay serve --data there first, or pass --data)");
      }
      try (Store store = open(data, this.store)) {
        if (json) {
          ArrayNode out = Json.MAPPER.createArrayNode();
          for (Account a : store.accounts()) {
            out.addObject().put("account_sid", a.sid()).put("name", a.name())
                .put("region", a.region().id()).put("time_zone", a.zone().getId())
                .put("created_at", a.createdAt().toString());
          }
          System.out.println(Json.MAPPER.writeValueAsString(out));
        } else {
          for (Account a : store.accounts()) {
            System.out.printf("%-24s %-10s %-14s %s%n", a.sid(), a.region().id(),
                a.zone().getId(), a.name());
          }
        }
      }
      return 0;
    }
  }
}
