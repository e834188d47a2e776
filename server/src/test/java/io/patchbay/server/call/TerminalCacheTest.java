package io.patchbay.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Sids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The byte-bounded terminal cache: contents, eviction, expiry and entity tags. */
class TerminalCacheTest {
  private static final String ACCOUNT = "patchbay0a1b2c3d4e5f";
  private static final String OTHER = "patchbayzzzzzzzzzzzz";
  private final AtomicLong now = new AtomicLong(1_000_000);

  private TerminalCache cache(int maxEntries, long maxBytes) {
    return new TerminalCache(maxEntries, maxBytes, now::get);
  }

  private static byte[] data(String callSid, int size) {
    StringBuilder b = new StringBuilder("{\"call_sid\":\"").append(callSid).append("\",\"x\":\"");
    while (b.length() < size - 2) {
      b.append((char) ('a' + b.length() % 26));
    }
    return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static TerminalCache.Rendered rendered(String account, byte[] data) {
    return new TerminalCache.Rendered(account, data, Long.MAX_VALUE);
  }

  @Test
  void get_afterPut_isACopyOfTheBytesWithAccountAndEtag() {
    TerminalCache cache = cache(100, 1 << 20);
    String sid = Sids.newCallSid();
    byte[] data = data(sid, 900);
    TerminalCache.Rendered put = rendered(ACCOUNT, data);

    cache.put(sid, put);
    TerminalCache.Rendered got = cache.get(sid);

    assertThat(got.data()).isEqualTo(data).isNotSameAs(data);
    assertThat(got.accountSid()).isEqualTo(ACCOUNT);
    assertThat(got.validUntilMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(got.etag()).isEqualTo(put.etag()).matches("W/\"[A-Za-z0-9_-]{22}\"");
    assertThat(cache.get(Sids.newCallSid())).isNull();
  }

  @Test
  void etag_ofEqualAndOfDifferentBytes_isEqualExactlyWhenTheBytesAre() {
    byte[] a = data("a", 300);
    byte[] b = data("b", 300);

    assertThat(rendered(ACCOUNT, a).etag()).isEqualTo(rendered(OTHER, a.clone()).etag())
        .isNotEqualTo(rendered(ACCOUNT, b).etag());
  }

  @Test
  void etagFor_theBytesThisThreadLastReadOrPut_isTheirTagAndOtherBytesHaveNone() {
    TerminalCache cache = cache(100, 1 << 20);
    String sid = Sids.newCallSid();
    byte[] data = data(sid, 500);
    TerminalCache.Rendered put = rendered(ACCOUNT, data);

    cache.put(sid, put);
    assertThat(TerminalCache.etagFor(data)).isEqualTo(put.etag());
    byte[] read = cache.get(sid).data();

    assertThat(TerminalCache.etagFor(read)).isEqualTo(put.etag());
    assertThat(TerminalCache.etagFor(data)).as("no longer the last").isNull();
    assertThat(TerminalCache.etagFor(read.clone())).as("equal bytes, not these").isNull();
  }

  @Test
  void put_sameSidAgain_replacesTheEntry() {
    TerminalCache cache = cache(100, 1 << 20);
    String sid = Sids.newCallSid();
    cache.put(sid, rendered(ACCOUNT, data(sid, 400)));
    byte[] newer = data(sid, 700);

    cache.put(sid, rendered(ACCOUNT, newer));

    assertThat(cache.get(sid).data()).isEqualTo(newer);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void put_manyMoreBytesThanTheBound_keepsNoMoreThanFitAndTheNewest() {
    long maxBytes = 1 << 20;
    TerminalCache cache = cache(1_000_000, maxBytes);
    List<String> sids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String sid = Sids.newCallSid();
      sids.add(sid);
      cache.put(sid, rendered(ACCOUNT, data(sid, 1_000)));
    }

    int held = 0;
    for (String sid : sids) {
      held += cache.get(sid) == null ? 0 : 1;
    }
    assertThat(cache.size()).isEqualTo(held).isLessThanOrEqualTo((int) (maxBytes / 1_000))
        .isGreaterThan((int) (maxBytes / 1_000 / 2));
    assertThat(cache.get(sids.get(sids.size() - 1))).isNotNull();
    assertThat(cache.get(sids.get(0))).isNull();
  }

  @Test
  void put_moreEntriesThanMaxEntries_keepsAtMostMaxEntries() {
    TerminalCache cache = cache(50, 1 << 20);
    for (int i = 0; i < 500; i++) {
      String sid = Sids.newCallSid();
      cache.put(sid, rendered(ACCOUNT, data(sid, 200)));
      assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
  }

  @Test
  void eviction_entriesReadAgain_surviveAStreamOfNewOnes() {
    TerminalCache cache = cache(1_000_000, 256 * 1024);
    List<String> hot = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String sid = Sids.newCallSid();
      hot.add(sid);
      cache.put(sid, rendered(ACCOUNT, data(sid, 1_000)));
    }
    for (int i = 0; i < 5_000; i++) {
      String sid = Sids.newCallSid();
      cache.put(sid, rendered(ACCOUNT, data(sid, 1_000)));
      if (i % 50 == 0) {
        hot.forEach(cache::get);
      }
    }

    assertThat(hot).allSatisfy(sid -> assertThat(cache.get(sid)).as(sid).isNotNull());
  }

  @Test
  void randomOperations_againstAMap_answerAsTheMapWhereTheCacheHoldsAnEntry() {
    TerminalCache cache = cache(300, 128 * 1024);
    Map<String, byte[]> model = new HashMap<>();
    Random random = new Random(8);
    List<String> sids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sids.add(Sids.newCallSid());
    }
    for (int step = 0; step < 50_000; step++) {
      String sid = sids.get(random.nextInt(sids.size()));
      if (random.nextInt(3) == 0) {
        byte[] data = data(sid, 100 + random.nextInt(2_000));
        cache.put(sid, rendered(random.nextBoolean() ? ACCOUNT : OTHER, data));
        model.put(sid, data);
      } else {
        TerminalCache.Rendered got = cache.get(sid);
        if (got != null) {
          assertThat(got.data()).as("step %d", step).isEqualTo(model.get(sid));
        }
      }
    }
    int held = 0;
    for (String sid : sids) {
      held += cache.get(sid) == null ? 0 : 1;
    }
    assertThat(cache.size()).isEqualTo(held).isPositive();
  }

  @Test
  void get_afterValidUntil_isNullAndTheEntryGone() {
    TerminalCache cache = cache(100, 1 << 20);
    String sid = Sids.newCallSid();
    cache.put(sid, new TerminalCache.Rendered(ACCOUNT, data(sid, 300), now.get() + 1_000));

    now.addAndGet(1_000);
    assertThat(cache.get(sid)).isNotNull();
    now.addAndGet(1);

    assertThat(cache.get(sid)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void removeAccount_dropsThatAccountsEntriesOnly() {
    TerminalCache cache = cache(100, 1 << 20);
    String mine = Sids.newCallSid();
    String theirs = Sids.newCallSid();
    cache.put(mine, rendered(ACCOUNT, data(mine, 300)));
    cache.put(theirs, rendered(OTHER, data(theirs, 300)));

    cache.removeAccount(ACCOUNT);

    assertThat(cache.get(mine)).isNull();
    assertThat(cache.get(theirs).accountSid()).isEqualTo(OTHER);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void put_entryLargerThanHalfASegment_isNotCachedAndDropsTheOldOne() {
    TerminalCache cache = cache(100, 32 * 1024);
    String sid = Sids.newCallSid();
    cache.put(sid, rendered(ACCOUNT, data(sid, 300)));

    cache.put(sid, rendered(ACCOUNT, data(sid, 20_000)));

    assertThat(cache.get(sid)).isNull();
  }

  @Test
  void put_keyThatIsNotAscii_isRefusedNamingIt() {
    TerminalCache cache = cache(100, 1 << 20);

    assertThatThrownBy(() -> cache.put("s\u00e9d", rendered(ACCOUNT, data("x", 100))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callSid");
  }

  @Test
  void constructor_boundsOutOfRange_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> cache(0, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 0");
    assertThatThrownBy(() -> cache(10, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 100");
  }
}
