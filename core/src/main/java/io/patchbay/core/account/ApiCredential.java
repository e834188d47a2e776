package io.patchbay.core.account;

import java.util.Objects;

/**
 * An API key and the hash of its token. The token itself is shown once, at creation, and never
 * stored.
 *
 * @param apiKey the public half, the Basic-auth user name
 * @param accountSid the account the key belongs to
 * @param tokenHash the hash of the token, see {@link TokenHasher}
 */
public record ApiCredential(String apiKey, String accountSid, String tokenHash) {
  public ApiCredential {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(tokenHash, "tokenHash");
  }
}
