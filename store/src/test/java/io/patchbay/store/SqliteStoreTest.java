package io.patchbay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Sids;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.EventType;
import io.patchbay.core.directory.User;
import io.patchbay.store.jdbc.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, and what only a file-backed store has to promise. */
class SqliteStoreTest extends StoreContractTest {
  private static final int THREADS = 16;

  @TempDir
  Path dir;

  @Override
  protected Store newStore() {
    return Stores.openSqlite(dir);
  }

  @Test
  void describe_sqlite_namesTheDatabaseFile() {
    assertThat(store.describe()).contains(dir.resolve("patchbay.db").toString());
  }

  @Test
  void openSqlite_missingNestedFolder_createsItAndTheDatabase() {
    Path nested = dir.resolve("a").resolve("b");

    try (Store fresh = Stores.openSqlite(nested)) {
      assertThat(fresh.accounts()).isEmpty();
    }

    assertThat(nested.resolve("patchbay.db")).isRegularFile();
  }

  @Test
  void openSqlite_folderIsAFile_throwsStoreException() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> Stores.openSqlite(file))
        .isInstanceOf(StoreException.class)
        .extracting(e -> ((StoreException) e).kind())
        .isEqualTo(StoreException.Kind.UNAVAILABLE);
  }

  @Test
  void openSqlite_closedAndReopened_keepsEverything() {
    Path other = dir.resolve("reopen");
    User ada;
    Call call;
    CallEvent dialled = event(1, EventType.LEG_DIALLED, Map.of("side", "agent"));
    try (Store first = Stores.openSqlite(other)) {
      first.createAccount(account(ACME, T0), credential("key-acme", ACME));
      ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      first.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      first.addExoPhone(ACME, "+918000000000");
      first.putContact(ACME, "+919900000001", "Grace Hopper");
      first.addDoNotCall(ACME, "+919900000002");
      call = outboundCall(ACME, ada, T0);
      first.createCall(call, ada.userId(), created(T0));
      first.append(call.sid(), dialled);
    }

    try (Store second = Stores.openSqlite(other)) {
      assertThat(second.account(ACME)).contains(account(ACME, T0));
      assertThat(second.credential("key-acme")).isPresent();
      assertThat(second.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(call.sid());
      assertThat(second.deviceByContactUri(ACME, "+919800000001")).isPresent();
      assertThat(second.hasExoPhone(ACME, "+918000000000")).isTrue();
      assertThat(second.contactName(ACME, "+919900000001")).contains("Grace Hopper");
      assertThat(second.isDoNotCall(ACME, "+919900000002")).isTrue();
      assertThat(second.call(ACME, call.sid()))
          .contains(new StoredCall(call, ada.userId(), List.of(created(T0), dialled)));
      assertThat(second.liveCallSids()).containsExactly(call.sid());
    }
  }

  @Test
  void openSqlite_twoStoresOnOneFolder_seeEachOthersWrites() {
    try (Store cli = Stores.openSqlite(dir)) {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      cli.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      assertThat(store.user(ACME, ada.userId())).contains(ada);

      Call call = outboundCall(ACME, ada, T0);
      assertThat(store.createCall(call, ada.userId(), created(T0))).isTrue();
      Call rival = outboundCall(ACME, ada, T0.plusSeconds(1));
      assertThat(cli.createCall(rival, ada.userId(), created(T0))).isFalse();

      CallEvent terminal = event(1, EventType.TERMINAL, Map.of());
      cli.append(call.sid(), terminal);
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).endsWith(terminal);
      assertThat(store.liveCallSids()).isEmpty();

      store.releaseAgent(ACME, ada.userId(), call.sid());
      assertThat(cli.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isNull();
      assertThat(cli.countCalls(ACME)).isEqualTo(1);
    }
  }

  @Test
  void createCall_sameAgentFrom16VirtualThreads_exactlyOneSucceeds() throws Exception {
    User ada = createAgent(ACME, "+919800000001");

    List<Boolean> results = raceForAgent(List.of(store), ada);

    assertExactlyOneWon(results, ada);
  }

  @Test
  void createCall_sameAgentFromTwoStoresOnOneFolder_exactlyOneSucceeds() throws Exception {
    User ada = createAgent(ACME, "+919800000001");

    List<Boolean> results;
    try (Store cli = Stores.openSqlite(dir)) {
      results = raceForAgent(List.of(store, cli), ada);
    }

    assertExactlyOneWon(results, ada);
  }

  /** Starts {@link #THREADS} virtual threads at once, each creating a call for {@code agent}. */
  private static List<Boolean> raceForAgent(List<Store> stores, User agent) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < THREADS; i++) {
        Store target = stores.get(i % stores.size());
        Call call = outboundCall(ACME, agent, T0.plusMillis(i));
        futures.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          return target.createCall(call, agent.userId(), created(call.createdAt()));
        }));
      }
      ready.await();
      go.countDown();
    }
    List<Boolean> results = new ArrayList<>();
    for (Future<Boolean> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private void assertExactlyOneWon(List<Boolean> results, User agent) {
    assertThat(results).hasSize(THREADS).containsOnlyOnce(true);
    assertThat(store.countCalls(ACME)).isEqualTo(1);
    List<String> live = store.liveCallSids();
    assertThat(live).hasSize(1);
    assertThat(store.user(ACME, agent.userId())).get()
        .extracting(User::activeCallSid).isEqualTo(live.get(0));
  }
}
