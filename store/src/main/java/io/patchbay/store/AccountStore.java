package io.patchbay.store;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import java.util.List;
import java.util.Optional;

/** Accounts and their API credentials. */
public interface AccountStore {
  /**
   * Stores a new account with its first credential, atomically.
   *
   * @throws StoreException if the sid or key is taken, or the store fails
   */
  void createAccount(Account account, ApiCredential credential);

  Optional<Account> account(String sid);

  /** Every account, oldest first. */
  List<Account> accounts();

  Optional<ApiCredential> credential(String apiKey);

  /** Adds another key/token pair to an existing account. */
  void addCredential(ApiCredential credential);

  /**
   * Sets the account's own rate limit in requests per minute (0 = none), or with null goes back
   * to the server default.
   */
  void setRateLimit(String accountSid, Integer perMinute);

  /** Every account's own rate limit. */
  java.util.Map<String, Integer> rateLimits();

  /** Remembers the account's clock. */
  void saveClock(String accountSid, AccountClock clock);

  /** The account's clock as last remembered. */
  Optional<AccountClock> clock(String accountSid);
}
