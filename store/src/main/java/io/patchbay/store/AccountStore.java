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
}
