package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.core.error.ApiException;
import io.patchbay.server.SqliteOnly;
import io.patchbay.server.hardening.World.Tenant;
import io.patchbay.server.http.Authenticator;
import io.patchbay.server.CountingAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 part 2, secrets: tokens are hashed at rest, the hash check is exact, and the
 * credential cache keeps authentication off the store while staying bounded.
 */
class SecretsTest {
  private static final Region SG = Region.SINGAPORE;

  @TempDir
  Path dir;

  @Test
  @SqliteOnly("it reads the SQLite files of the data folder; PostgreSQL keeps none there")
  void dataFolder_afterARun_holdsNoApiTokenOnlyItsHash() throws IOException {
    List<Tenant> tenants;
    try (World w = World.start(dir)) {
      tenants = List.of(w.demo, w.other, w.mumbai);
      for (Tenant t : tenants) {
        assertThat(w.server.patchbay().store().credential(t.key()).orElseThrow().tokenHash())
            .isEqualTo(TokenHasher.hash(t.key(), t.token()))
            .doesNotContain(t.token());
      }
    }

    List<Path> stored;
    try (Stream<Path> files = Files.walk(dir)) {
      stored = files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().startsWith("patchbay.db")).toList();
    }
    assertThat(stored).isNotEmpty();
    StringBuilder all = new StringBuilder();
    for (Path f : stored) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (Tenant t : tenants) {
        assertThat(bytes).as("%s holds a token", f).doesNotContain(t.token());
      }
      all.append(bytes);
    }
    assertThat(all.toString()).as("the hash is what is kept")
        .contains(TokenHasher.hash(tenants.get(1).key(), tenants.get(1).token()));
  }

  @Test
  void tokenHash_anyOneCharacterOff_neverMatches() {
    String key = Sids.newApiKey();
    String token = Sids.newApiToken();
    String hash = TokenHasher.hash(key, token);

    assertThat(TokenHasher.matches(key, token, hash)).isTrue();
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i) == 'a' ? 'b' : 'a';
      String off = token.substring(0, i) + c + token.substring(i + 1);
      assertThat(TokenHasher.matches(key, off, hash)).as("position %d", i).isFalse();
    }
    assertThat(TokenHasher.matches(key, token + "0", hash)).isFalse();
    assertThat(TokenHasher.matches(key, token.substring(1), hash)).isFalse();
    assertThat(TokenHasher.matches(key.substring(1), token, hash)).isFalse();
    assertThat(TokenHasher.matches(key, token, "not hex")).isFalse();
    assertThat(TokenHasher.hash(key, token)).as("no token in the stored form")
        .doesNotContain(token).matches("[0-9a-f]{64}");
  }

  @Test
  void authenticator_verifiedCredential_isServedFromTheCacheWithoutTheStore() {
    CountingAccounts store = new CountingAccounts();
    Authenticator auth = new Authenticator(store.store());
    String key = store.add("tok");
    String header = Wire.basic(key, "tok");

    auth.authenticate(header, store.sidOf(key), SG);
    int reads = store.reads.get();
    for (int i = 0; i < 1_000; i++) {
      assertThat(auth.cached(header, store.sidOf(key), SG)).isPresent();
    }

    assertThat(reads).isEqualTo(2);
    assertThat(store.reads.get()).as("store reads for 1,000 cached requests").isEqualTo(reads);
  }

  @Test
  void authenticator_cachedKeyWithAWrongToken_isRefusedEveryTime() {
    CountingAccounts store = new CountingAccounts();
    Authenticator auth = new Authenticator(store.store());
    String key = store.add("right");
    String sid = store.sidOf(key);
    auth.authenticate(Wire.basic(key, "right"), sid, SG);

    for (String wrong : List.of("wrong", "righ", "right ", "RIGHT", "")) {
      String header = Wire.basic(key, wrong);
      assertThatThrownBy(() -> auth.cached(header, sid, SG))
          .isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> auth.authenticate(header, sid, SG))
          .isInstanceOf(ApiException.class);
    }
    assertThat(auth.cached(Wire.basic(key, "right"), sid, SG)).isPresent();
  }

  @Test
  void authenticator_unknownKeys_areNeverCachedSoANewKeyWorksAtOnce() {
    CountingAccounts store = new CountingAccounts();
    Authenticator auth = new Authenticator(store.store());
    String sid = store.sidOf(store.add("x"));
    String key = Sids.newApiKey();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> auth.authenticate(Wire.basic(key, "t"), sid, SG))
          .isInstanceOf(ApiException.class);
    }
    store.put(sid, SG, key, "t");

    assertThat(auth.authenticate(Wire.basic(key, "t"), sid, SG).sid()).isEqualTo(sid);
  }

  /**
   * 25,000 distinct keys go through the cache twice. A cache that kept them all would answer
   * the second pass without the store; the bound (10,000 entries) forces at least 15,000 store
   * reads.
   */
  @Test
  void authenticator_manyDistinctKeys_keepsAtMostTenThousandCached() {
    CountingAccounts store = new CountingAccounts();
    Authenticator auth = new Authenticator(store.store());
    int keys = 25_000;
    String[] headers = new String[keys];
    String[] sids = new String[keys];
    for (int i = 0; i < keys; i++) {
      String key = store.add("t");
      headers[i] = Wire.basic(key, "t");
      sids[i] = store.sidOf(key);
      auth.authenticate(headers[i], sids[i], SG);
    }
    store.reads.set(0);

    for (int i = 0; i < keys; i++) {
      if (auth.cached(headers[i], sids[i], SG).isEmpty()) {
        auth.authenticate(headers[i], sids[i], SG);
      }
    }

    assertThat(store.reads.get() / 2).as("credentials read again").isGreaterThanOrEqualTo(
        keys - 10_000);
  }
}
