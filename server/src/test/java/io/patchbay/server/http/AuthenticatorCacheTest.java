package io.patchbay.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.server.CountingAccounts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The verified-header cache of {@link Authenticator}: what it trusts, and that a credential
 * removed or changed in the store stops working (at once with {@code forget}, else after the
 * TTL).
 */
class AuthenticatorCacheTest {
  private static final Region SG = Region.SINGAPORE;
  private final AtomicLong nanos = new AtomicLong(42);
  private final CountingAccounts store = new CountingAccounts();
  private final Authenticator auth = new Authenticator(store.store(), nanos::get);
  private final String key = Sids.newApiKey();
  private final String sid = Sids.newAccountSid();
  private final String header = basic(key, "right");

  AuthenticatorCacheTest() {
    store.put(sid, SG, key, "right");
  }

  private static String basic(String key, String token) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (key + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void trusted_onlyAfterTheHeaderWasVerified_isTheAccount() {
    assertThat(auth.trusted(header, sid, SG)).isNull();

    auth.authenticate(header, sid, SG);

    assertThat(auth.trusted(header, sid, SG).sid()).isEqualTo(sid);
  }

  @Test
  void trusted_otherAccountRegionOrHeader_isNullNeverAnError() {
    auth.authenticate(header, sid, SG);

    assertThat(auth.trusted(header, Sids.newAccountSid(), SG)).isNull();
    assertThat(auth.trusted(header, sid, Region.MUMBAI)).isNull();
    assertThat(auth.trusted(basic(key, "wrong"), sid, SG)).isNull();
    assertThat(auth.trusted(null, sid, SG)).isNull();
    assertThat(auth.trusted("Basic %%%", sid, SG)).isNull();
  }

  @Test
  void cached_verifiedHeaderForAnotherAccountOrRegion_isStill401() {
    auth.authenticate(header, sid, SG);

    assertThatThrownBy(() -> auth.cached(header, Sids.newAccountSid(), SG))
        .isInstanceOf(ApiException.class).hasMessageContaining("not valid for account");
    assertThatThrownBy(() -> auth.cached(header, sid, Region.MUMBAI))
        .isInstanceOf(ApiException.class).hasMessageContaining("singapore");
  }

  @Test
  void cached_wrongTokenOfACachedKey_isNeverRemembered() {
    auth.authenticate(header, sid, SG);
    String wrong = basic(key, "wrong");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> auth.cached(wrong, sid, SG)).isInstanceOf(ApiException.class);
    }
    assertThat(auth.trusted(wrong, sid, SG)).isNull();
  }

  @Test
  void forget_aDeletedCredential_isRefusedAtOnce() {
    auth.authenticate(header, sid, SG);
    store.credentials.remove(key);

    auth.forget(key);

    assertThat(auth.trusted(header, sid, SG)).isNull();
    assertThat(auth.cached(header, sid, SG)).isEmpty();
    assertThatThrownBy(() -> auth.authenticate(header, sid, SG))
        .isInstanceOf(ApiException.class).hasMessageContaining("Invalid API key or token");
  }

  @Test
  void forgetAccount_aRotatedToken_onlyTheNewOneWorks() {
    auth.authenticate(header, sid, SG);
    store.put(sid, SG, key, "rotated");

    auth.forgetAccount(sid);

    assertThat(auth.trusted(header, sid, SG)).isNull();
    assertThatThrownBy(() -> auth.authenticate(header, sid, SG))
        .isInstanceOf(ApiException.class);
    assertThat(auth.authenticate(basic(key, "rotated"), sid, SG).sid()).isEqualTo(sid);
  }

  @Test
  void ttl_aCredentialDeletedInTheStore_worksUntilTheTtlThenIsRefused() {
    auth.authenticate(header, sid, SG);
    store.credentials.remove(key);

    nanos.addAndGet(Authenticator.TTL.toNanos());
    assertThat(auth.trusted(header, sid, SG)).as("at the TTL").isNotNull();
    nanos.addAndGet(1);

    assertThat(auth.trusted(header, sid, SG)).isNull();
    assertThat(auth.cached(header, sid, SG)).as("the store must be asked").isEmpty();
    assertThatThrownBy(() -> auth.authenticate(header, sid, SG))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void ttl_anAccountMovedToTheOtherRegion_isRefusedThereAfterTheTtl() {
    auth.authenticate(header, sid, SG);
    store.put(sid, Region.MUMBAI, key, "right");

    nanos.addAndGet(Authenticator.TTL.toNanos() + 1);

    assertThatThrownBy(() -> auth.authenticate(header, sid, SG))
        .isInstanceOf(ApiException.class).hasMessageContaining("mumbai");
    assertThat(auth.authenticate(header, sid, Region.MUMBAI).sid()).isEqualTo(sid);
  }

  @Test
  void cached_repeatedVerifiedHeader_readsTheStoreOnceATtl() {
    auth.authenticate(header, sid, SG);
    int reads = store.reads.get();

    for (int i = 0; i < 100; i++) {
      assertThat(auth.cached(header, sid, SG)).isPresent();
    }
    nanos.addAndGet(Authenticator.TTL.toNanos() + 1);
    assertThat(auth.cached(header, sid, SG)).isEmpty();
    auth.authenticate(header, sid, SG);

    assertThat(store.reads.get()).isEqualTo(2 * reads);
  }
}
