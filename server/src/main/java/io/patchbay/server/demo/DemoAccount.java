package io.patchbay.server.demo;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.store.Store;
import java.time.Clock;
import java.util.List;

/**
 * The demo account made on the first start of an empty store: two agents with verified devices
 * that are ON, one ExoPhone and one address-book entry.
 *
 * @param accountSid the account
 * @param apiKey its API key
 * @param apiToken its API token (shown once; only its hash is stored)
 * @param region its region
 * @param agents its agents
 * @param virtualNumber its ExoPhone
 * @param customerNumber the number in its address book
 */
public record DemoAccount(String accountSid, String apiKey, String apiToken, Region region,
    List<Agent> agents, String virtualNumber, String customerNumber) {

  /** One demo agent. */
  public record Agent(String userId, String name, String contactUri) {}

  /** The demo ExoPhone. */
  public static final String VIRTUAL_NUMBER = "+918045680001";
  /** The demo customer in the address book. */
  public static final String CUSTOMER_NUMBER = "+919812345678";

  /** Creates the demo account in {@code store}. */
  public static DemoAccount create(Store store, Region region, Clock clock) {
    String sid = Sids.newAccountSid();
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    store.createAccount(
        new Account(sid, "Patchbay demo", region, Account.DEFAULT_ZONE, true, clock.instant()),
        new ApiCredential(key, sid, TokenHasher.hash(key, token)));

    List<Agent> agents = List.of(
        agent(store, sid, "Asha", "Rao", "asha@example.com", "+919876500001", clock),
        agent(store, sid, "Vikram", "Nair", "vikram@example.com", "+919876500002", clock));
    store.addExoPhone(sid, VIRTUAL_NUMBER);
    store.putContact(sid, CUSTOMER_NUMBER, "Ravi Kumar");
    return new DemoAccount(sid, key, token, region, agents, VIRTUAL_NUMBER, CUSTOMER_NUMBER);
  }

  private static Agent agent(Store store, String sid, String first, String last, String email,
      String number, Clock clock) {
    String userId = Sids.newUserId();
    store.createUser(
        new User(sid, userId, first, last, email, Role.USER, null, clock.instant(), null),
        new Device(0, sid, userId, "Phone", number, true, true, null));
    return new Agent(userId, first + " " + last, number);
  }
}
