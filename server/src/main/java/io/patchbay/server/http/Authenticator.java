package io.patchbay.server.http;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.store.AccountStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against the account in the path and the region of the host
 * (contract §1). Found credentials are cached (bounded) so that the hot path reads no store;
 * unknown keys are never cached, so an account created by the CLI works at once.
 */
public final class Authenticator {
  private static final int CACHE_LIMIT = 10_000;

  private final AccountStore store;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(ApiCredential credential, Account account) {}

  /** The key and token of a Basic header. */
  record Presented(String apiKey, String token) {}

  public Authenticator(AccountStore store) {
    this.store = store;
  }

  /**
   * The account the request may act for, answering from the cache alone; empty when the
   * store must be asked (call {@link #authenticate} off the event loop then).
   *
   * @throws ApiException 401/1010 when the credentials are missing, malformed or wrong
   */
  public Optional<Account> cached(String authorization, String pathSid, Region region) {
    Presented p = parse(authorization);
    Entry e = cache.get(p.apiKey());
    return e == null ? Optional.empty() : Optional.of(check(e, p, pathSid, region));
  }

  /**
   * The account the request may act for. May read the store: never call on the event loop.
   *
   * @throws ApiException 401/1010 when the credentials are missing, malformed or wrong, name
   *     another account, or belong to the other region
   */
  public Account authenticate(String authorization, String pathSid, Region region) {
    Presented p = parse(authorization);
    Entry e = cache.get(p.apiKey());
    if (e == null) {
      Optional<ApiCredential> credential = store.credential(p.apiKey());
      Optional<Account> account = credential.flatMap(c -> store.account(c.accountSid()));
      if (account.isEmpty()) {
        throw failed("Invalid API key or token");
      }
      e = new Entry(credential.get(), account.get());
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(p.apiKey(), e);
    }
    return check(e, p, pathSid, region);
  }

  private static Account check(Entry e, Presented p, String pathSid, Region region) {
    if (!TokenHasher.matches(p.apiKey(), p.token(), e.credential().tokenHash())) {
      throw failed("Invalid API key or token");
    }
    if (!e.account().sid().equals(pathSid)) {
      throw failed("These credentials are not valid for account " + safe(pathSid));
    }
    if (e.account().region() != region) {
      throw failed("This account lives in the " + e.account().region().id()
          + " region; send requests to " + e.account().region().defaultHost());
    }
    return e.account();
  }

  static Presented parse(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw failed("Authentication required: HTTP Basic with your API key and token");
    }
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw failed("Only HTTP Basic authentication is supported");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException ex) {
      throw failed("Malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      throw failed("Malformed Basic credentials: expected key:token");
    }
    return new Presented(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static String safe(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > 64 ? s.substring(0, 64) : s;
    return cut.replaceAll("[^0-9A-Za-z_-]", "?");
  }

  private static ApiException failed(String description) {
    return new ApiException(ErrorCode.AUTHENTICATION_FAILED, description);
  }
}
