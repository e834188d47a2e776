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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, and what only a file-backed store has to promise. */
class SqliteStoreTest extends StoreContractTest {

  @TempDir
  Path dir;

  @Override
  protected Store newStore() {
    return Stores.openSqlite(dir);
  }

  @Override
  protected Store openSecondStore() {
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
}
