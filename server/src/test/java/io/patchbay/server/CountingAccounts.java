package io.patchbay.server;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.store.AccountStore;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accounts and credentials in memory behind an {@link AccountStore} that counts its reads, for
 * tests of the credential cache. Every other method of the store is unsupported.
 */
public final class CountingAccounts {
  /** Reads of a credential or an account so far. */
  public final AtomicInteger reads = new AtomicInteger();
  /** The credentials by API key; tests may remove one. */
  public final Map<String, ApiCredential> credentials = new ConcurrentHashMap<>();
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  /** Puts account {@code sid} in {@code region} with the credential {@code key}:{@code token}. */
  public void put(String sid, Region region, String key, String token) {
    accounts.put(sid, new Account(sid, "cache test", region, Account.DEFAULT_ZONE, true,
        Instant.EPOCH));
    credentials.put(key, new ApiCredential(key, sid, TokenHasher.hash(key, token)));
  }

  /** A new Singapore account with a new key for {@code token}; returns the key. */
  public String add(String token) {
    String key = Sids.newApiKey();
    put(Sids.newAccountSid(), Region.SINGAPORE, key, token);
    return key;
  }

  /** The account that {@code key} belongs to. */
  public String sidOf(String key) {
    return credentials.get(key).accountSid();
  }

  /** The store view. */
  public AccountStore store() {
    return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
        new Class<?>[] {AccountStore.class}, (p, m, args) -> switch (m.getName()) {
          case "credential" -> {
            reads.incrementAndGet();
            yield Optional.ofNullable(credentials.get((String) args[0]));
          }
          case "account" -> {
            reads.incrementAndGet();
            yield Optional.ofNullable(accounts.get((String) args[0]));
          }
          case "toString" -> "CountingAccounts";
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == args[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }
}
