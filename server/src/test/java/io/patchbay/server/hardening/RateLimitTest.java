package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.account.TokenHasher;
import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.server.http.RateLimiter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 part 4, rate limits (contract §7): per account, 429 in the envelope with an integer
 * {@code Retry-After}, counted exactly under concurrency, and off when the limit is 0.
 */
class RateLimitTest {
  @TempDir
  Path dir;

  /** A clock the test sets. */
  private static final class SetClock extends Clock {
    final AtomicLong millis = new AtomicLong();

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void limiter_concurrentAcquires_allowExactlyTheLimit() throws Exception {
    SetClock clock = new SetClock();
    clock.millis.set(1_000_000L * 60_000 + 15_000);
    RateLimiter limiter = new RateLimiter(clock, 1_000);
    AtomicInteger allowed = new AtomicInteger();
    List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());

    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        all.add(pool.submit(() -> {
          for (int i = 0; i < 250; i++) {
            long wait = limiter.acquire("acct");
            if (wait == 0) {
              allowed.incrementAndGet();
            } else {
              waits.add(wait);
            }
          }
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }

    assertThat(allowed.get()).isEqualTo(1_000);
    assertThat(waits).hasSize(3_000).allSatisfy(w -> assertThat(w).isEqualTo(45));
  }

  @Test
  void limiter_nextMinute_startsAFreshWindow() {
    SetClock clock = new SetClock();
    clock.millis.set(7L * 60_000 + 59_999);
    RateLimiter limiter = new RateLimiter(clock, 2);

    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).as("retry after, rounded up").isEqualTo(1);
    clock.millis.addAndGet(1);

    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("b")).as("another account counts apart").isZero();
  }

  @Test
  void limiter_zero_neverLimitsAndNegativeIsRefused() {
    RateLimiter off = new RateLimiter(Clock.systemUTC(), 0);
    for (int i = 0; i < 100_000; i++) {
      assertThat(off.acquire("a")).isZero();
    }
    assertThatThrownBy(() -> new RateLimiter(Clock.systemUTC(), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerConfig.defaults(dir).withRateLimit(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * 120 concurrent requests of one account against a limit of 40, over several endpoints: 40
   * served, 80 refused with 429/1011 and {@code Retry-After}. Another account, the control plane
   * and bad credentials are not counted. The window is the wall clock's minute, so when the
   * burst straddles a minute boundary two windows are allowed.
   */
  @Test
  void server_burstOverTheLimit_answers429WithRetryAfterAndCountsExactly() throws Exception {
    int limit = 40;
    try (Patchbay p = Patchbay.start(TestStores.config(dir).withRateLimit(limit))) {
      DemoAccount demo = p.createdDemo().orElseThrow();
      String root = "http://127.0.0.1:" + p.ports().http();
      String base = root + "/v2/accounts/" + demo.accountSid();
      String auth = Wire.basic(demo.apiKey(), demo.apiToken());
      List<Callable<Wire.Answer>> requests = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        requests.add(switch (i % 3) {
          case 0 -> () -> Wire.send("GET", base + "/users", (String) null,
              Map.of("Authorization", auth));
          case 1 -> () -> Wire.send("GET", base + "/calls/" + Sids.newCallSid(), (String) null,
              Map.of("Authorization", auth));
          default -> () -> Wire.send("POST", base + "/calls", "{}",
              Map.of("Authorization", auth));
        });
      }

      long firstMinute = System.currentTimeMillis() / 60_000;
      List<Wire.Answer> answers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (Future<Wire.Answer> f : pool.invokeAll(requests)) {
          answers.add(f.get());
        }
      }
      long windows = System.currentTimeMillis() / 60_000 - firstMinute + 1;
      Figures.add(RateLimitTest.class, "requests", answers.size());

      List<Wire.Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
      long served = answers.size() - limited.size();
      if (windows == 1) {
        assertThat(served).as("requests counted in one window").isEqualTo(limit);
      } else {
        assertThat(served).isBetween((long) limit, 2L * limit);
      }
      for (Wire.Answer a : limited) {
        Envelopes.assertFailure(a, a.json().get("method").asText(), 429, 1011);
        assertThat(a.header("retry-after")).as("Retry-After").matches("[0-9]+");
        assertThat(Integer.parseInt(a.header("retry-after"))).isBetween(1, 60);
      }

      String other = Sids.newAccountSid();
      String key = Sids.newApiKey();
      p.store().createAccount(new Account(other, "other", Region.SINGAPORE,
          Account.DEFAULT_ZONE, true, Instant.now()),
          new ApiCredential(key, other, TokenHasher.hash(key, "t")));
      Wire.Answer otherAccount = Wire.send("GET", root + "/v2/accounts/" + other + "/users",
          (String) null, Map.of("Authorization", Wire.basic(key, "t")));
      Wire.Answer badCredentials = Wire.send("GET", base + "/users", (String) null,
          Map.of("Authorization", Wire.basic(demo.apiKey(), "wrong")));
      Wire.Answer controlPlane = Wire.send("GET", root + "/_sim/v1/accounts/"
          + demo.accountSid() + "/clock", (String) null,
          Map.of("Authorization", "Bearer " + p.adminToken()));
      Figures.add(RateLimitTest.class, "requests", 3);
      Figures.print(RateLimitTest.class);

      assertThat(otherAccount.status()).as("%s", otherAccount).isEqualTo(200);
      assertThat(badCredentials.status()).as("%s", badCredentials).isEqualTo(401);
      assertThat(controlPlane.status()).as("%s", controlPlane).isEqualTo(200);
    }
  }

  @Test
  void server_limitZero_servesEveryRequest() {
    try (World w = World.start(dir)) {
      int limited = 0;
      for (int i = 0; i < 300; i++) {
        if (w.as(w.demo, "GET", "/users?limit=1", null).status() == 429) {
          limited++;
        }
      }
      Figures.add(RateLimitTest.class, "requests", 300);

      assertThat(limited).isZero();
    }
  }
}
