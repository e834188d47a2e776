package io.patchbay.server.http;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.store.AccountStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks HTTP Basic credentials against the account in the path and the region of the host
 * (contract §1). Found credentials are cached (bounded) so that the hot path reads no store;
 * unknown keys are never cached, so an account created by the CLI works at once. Authorization
 * header values whose token has been verified are cached too (bounded), so that a repeated
 * header costs no Base64 decoding and no SHA-256.
 *
 * <p>A cached credential is read from the store again after {@link #TTL}, so a credential or
 * account removed or changed in the store by another process or node (the store port has no
 * such operation yet) stops being honoured within that time; {@link #forget} and
 * {@link #forgetAccount} drop one at once, together with every verified header of it.
 *
 * <p><b>Note:</b> a header is looked up by its value, so a lookup compares a presented header
 * with a cached one only once their 32-bit hash codes are equal: response times cannot reveal a
 * token character by character. Verified header values, tokens included, are kept in memory
 * (10,000 at most), where the store keeps only the token's hash.
 */
public final class Authenticator {
  /** How long a credential read from the store is trusted before it is read again. */
  public static final Duration TTL = Duration.ofSeconds(60);
  private static final int CACHE_LIMIT = 10_000;

  private final AccountStore store;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();

  /** A credential and its account as read from the store at one time. */
  private static final class Entry {
    final ApiCredential credential;
    final Account account;
    final long expiresNanos;
    volatile boolean forgotten;

    Entry(ApiCredential credential, Account account, long expiresNanos) {
      this.credential = credential;
      this.account = account;
      this.expiresNanos = expiresNanos;
    }
  }

  /** The key and token of a Basic header. */
  record Presented(String apiKey, String token) {}

  public Authenticator(AccountStore store) {
    this(store, System::nanoTime);
  }

  /** As {@link #Authenticator(AccountStore)}, with the clock that times out cached entries. */
  Authenticator(AccountStore store, LongSupplier nanoTime) {
    this.store = store;
    this.nanoTime = nanoTime;
  }

  /**
   * The account the request may act for, answering from the cache alone; empty when the
   * store must be asked (call {@link #authenticate} off the event loop then).
   *
   * @throws ApiException 401/1010 when the credentials are missing, malformed or wrong, name
   *     another account, or belong to the other region
   */
  public Optional<Account> cached(String authorization, String pathSid, Region region) {
    Entry known = verifiedHeader(authorization);
    if (known != null) {
      return Optional.of(check(known, pathSid, region));
    }
    Presented p = parse(authorization);
    Entry e = fresh(cache.get(p.apiKey()));
    return e == null ? Optional.empty()
        : Optional.of(verify(e, p, authorization, pathSid, region));
  }

  /**
   * The account of a verified header for this account and region, from memory alone; null
   * whenever anything else would have to be decided (the caller then takes the usual way,
   * which answers every failure). Never throws.
   */
  Account trusted(String authorization, String pathSid, Region region) {
    Entry known = verifiedHeader(authorization);
    return known != null && known.account.sid().equals(pathSid)
        && known.account.region() == region ? known.account : null;
  }

  /**
   * The account the request may act for. May read the store: never call on the event loop.
   *
   * @throws ApiException 401/1010 when the credentials are missing, malformed or wrong, name
   *     another account, or belong to the other region
   */
  public Account authenticate(String authorization, String pathSid, Region region) {
    Entry known = verifiedHeader(authorization);
    if (known != null) {
      return check(known, pathSid, region);
    }
    Presented p = parse(authorization);
    Entry e = fresh(cache.get(p.apiKey()));
    if (e == null) {
      Optional<ApiCredential> credential = store.credential(p.apiKey());
      Optional<Account> account = credential.flatMap(c -> store.account(c.accountSid()));
      if (account.isEmpty()) {
        throw failed("Invalid API key or token");
      }
      e = new Entry(credential.get(), account.get(), nanoTime.getAsLong() + TTL.toNanos());
      bounded(cache).put(p.apiKey(), e);
    }
    return verify(e, p, authorization, pathSid, region);
  }

  /**
   * Stops trusting the credential of {@code apiKey} and every header verified with it: the next
   * request reads the store. For code that removes or replaces a credential.
   *
   * <p><b>Note:</b> a read of the store already in progress may still cache what it read; it is
   * read again after {@link #TTL} at the latest.
   */
  public void forget(String apiKey) {
    Entry e = cache.remove(apiKey);
    if (e != null) {
      e.forgotten = true;
    }
    verified.values().removeIf(v -> v.credential.apiKey().equals(apiKey));
  }

  /** As {@link #forget} for every credential of the account (removed, disabled or changed). */
  public void forgetAccount(String accountSid) {
    for (Entry e : cache.values()) {
      if (e.account.sid().equals(accountSid)) {
        forget(e.credential.apiKey());
      }
    }
    verified.values().removeIf(v -> v.account.sid().equals(accountSid));
  }

  /** The entry a header was verified with, while that entry is still trusted; else null. */
  private Entry verifiedHeader(String authorization) {
    return authorization == null ? null : fresh(verified.get(authorization));
  }

  private Entry fresh(Entry e) {
    return e == null || e.forgotten || nanoTime.getAsLong() - e.expiresNanos > 0 ? null : e;
  }

  /** Checks the token (SHA-256), remembers the header if it is right, then checks the rest. */
  private Account verify(Entry e, Presented p, String authorization, String pathSid,
      Region region) {
    if (!TokenHasher.matches(p.apiKey(), p.token(), e.credential.tokenHash())) {
      throw failed("Invalid API key or token");
    }
    bounded(verified).put(authorization, e);
    return check(e, pathSid, region);
  }

  private static Map<String, Entry> bounded(Map<String, Entry> map) {
    if (map.size() >= CACHE_LIMIT) {
      map.clear();
    }
    return map;
  }

  private static Account check(Entry e, String pathSid, Region region) {
    if (!e.account.sid().equals(pathSid)) {
      throw failed("These credentials are not valid for account " + safe(pathSid));
    }
    if (e.account.region() != region) {
      throw failed("This account lives in the " + e.account.region().id()
          + " region; send requests to " + e.account.region().defaultHost());
    }
    return e.account;
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
