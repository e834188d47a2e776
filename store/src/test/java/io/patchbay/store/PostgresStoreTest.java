package io.patchbay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Sids;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.EventType;
import io.patchbay.core.directory.User;
import io.patchbay.store.jdbc.Stores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL, and what a store shared by several processes has to promise. One
 * embedded server serves the whole class; every store opens a schema of its own.
 */
class PostgresStoreTest extends StoreContractTest {

  private static EmbeddedPostgresServer server;

  /** Where {@link #store} keeps its data: a schema of its own. */
  private String url;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Store newStore() {
    url = server.newSchemaUrl();
    return Stores.open(url);
  }

  @Override
  protected Store openSecondStore() {
    return Stores.open(url);
  }

  @Test
  void describe_urlWithPassword_namesTheDatabaseWithoutCredentials() {
    String withPassword = server.newSchemaUrl() + "&password=s3cret";

    try (Store other = Stores.open(withPassword)) {
      assertThat(other.describe())
          .isEqualTo("postgresql://localhost:" + server.port() + "/postgres");
    }
  }

  @Test
  void lookup_keyHoldingNul_findsNothingAsOnSqlite() {
    // PostgreSQL text cannot hold U+0000; these used to fail the statement (500 at the API).
    assertThat(store.account(ACME + "\u0000")).isEmpty();
    assertThat(store.credential("key-acme\u0000")).isEmpty();
    assertThat(store.flow(ACME, "\u0000")).isEmpty();
    assertThat(store.callBySid("\u0000")).isEmpty();
    assertThat(store.deleteFlow(ACME, "f\u0000")).isFalse();
  }

  @Test
  void putContact_nameHoldingNul_keepsTheReplacementCharacterInItsPlace() {
    store.putContact(ACME, "+919900000001", "Grace\u0000Hopper");

    assertThat(store.contactName(ACME, "+919900000001")).contains("Grace\uFFFDHopper");
  }

  @Test
  void open_closedAndReopened_keepsEverything() {
    String fresh = server.newSchemaUrl();
    User ada;
    Call call;
    CallEvent dialled = event(1, EventType.LEG_DIALLED, Map.of("side", "agent"));
    try (Store first = Stores.open(fresh)) {
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

    try (Store second = Stores.open(fresh)) {
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
  void open_twoProcessesOnAnEmptySchemaAtOnce_migrateItOnceAndBothWork() throws Exception {
    String empty = server.newSchemaUrl();
    CountDownLatch go = new CountDownLatch(1);
    Callable<Store> open = () -> {
      go.await();
      return Stores.open(empty, 2);
    };

    List<Future<Store>> opening = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      opening.add(threads.submit(open));
      opening.add(threads.submit(open));
      go.countDown();
    }

    try (Store one = opening.get(0).get(); Store two = opening.get(1).get()) {
      one.createAccount(account(ACME, T0), credential("key-acme", ACME));
      assertThat(two.accounts()).containsExactly(account(ACME, T0));
    }
    List<String> applied = strings(empty,
        "SELECT version || ' ' || success FROM flyway_schema_history ORDER BY installed_rank");
    assertThat(applied).isNotEmpty().doesNotHaveDuplicates().allMatch(v -> v.endsWith(" true"));
  }

  @Test
  void open_poolOfOneConnection_migratesAndServesReadsAndWrites() {
    try (Store small = Stores.open(server.newSchemaUrl(), 1)) {
      small.createAccount(account(ACME, T0), credential("key-acme", ACME));
      User ada = user(ACME, Sids.newUserId(), null, T0);
      small.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      assertThat(small.accounts()).containsExactly(account(ACME, T0));
      assertThat(small.user(ACME, ada.userId())).contains(ada);
    }
  }

  @Test
  void open_nothingListeningOnThePort_throwsUnavailableWithoutTheCredentials()
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String nowhere =
        "jdbc:postgresql://127.0.0.1:" + port + "/patchbay?user=pb&password=s3cret";

    assertThatThrownBy(() -> Stores.open(nowhere))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("postgresql://127.0.0.1:" + port + "/patchbay")
        .hasMessageNotContaining("s3cret")
        .extracting(e -> ((StoreException) e).kind())
        .isEqualTo(StoreException.Kind.UNAVAILABLE);
  }


  private static List<String> strings(String jdbcUrl, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
