package io.patchbay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.StatusCallback;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.flow.Group;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} adapter must have. An adapter's test extends this class and
 * says how to make a fresh, empty store; each test gets its own.
 *
 * <p>Times are whole milliseconds, the precision every adapter keeps.
 */
public abstract class StoreContractTest {
  protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.890Z");
  protected static final String ACME = "acme";
  protected static final String GLOBEX = "globex";

  protected Store store;

  /** A new, empty store; the test closes it. */
  protected abstract Store newStore();

  /** Another store on the same database as {@link #store}, as a second process would open. */
  protected abstract Store openSecondStore();

  private static final int RACERS = 16;

  @BeforeEach
  void openStore() {
    store = newStore();
    store.createAccount(account(ACME, T0), credential("key-acme", ACME));
    store.createAccount(account(GLOBEX, T0.plusSeconds(1)), credential("key-globex", GLOBEX));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // Fixtures.

  protected static Account account(String sid, Instant createdAt) {
    return new Account(sid, "Account " + sid, Region.MUMBAI, ZoneId.of("Asia/Kolkata"), true,
        createdAt);
  }

  protected static ApiCredential credential(String apiKey, String accountSid) {
    return new ApiCredential(apiKey, accountSid, "hash-of-" + apiKey);
  }

  protected static User user(String accountSid, String userId, String email, Instant createdAt) {
    return new User(accountSid, userId, "Ada", "Lovelace", email, Role.USER, null, createdAt,
        null);
  }

  protected static Device device(String accountSid, String userId, String contactUri) {
    return new Device(0, accountSid, userId, "desk phone", contactUri, true, true, null);
  }

  /** Stores a new user with one device and returns the user as stored. */
  protected User createAgent(String accountSid, String contactUri) {
    User user = user(accountSid, Sids.newUserId(), null, T0);
    store.createUser(user, device(accountSid, user.userId(), contactUri));
    return user;
  }

  protected static Call outboundCall(String accountSid, User agent, Instant createdAt) {
    AgentRef ref = new AgentRef(agent.userId(), agent.name(), "+919800000001", null, null);
    return new Call(Sids.newCallSid(), accountSid, Direction.OUTBOUND, "+918000000000",
        createdAt, ref, "+919900000001", null, CallOptions.defaults(), null, null);
  }

  protected static Call inboundCall(String accountSid, Instant createdAt) {
    return new Call(Sids.newCallSid(), accountSid, Direction.INBOUND, "+918000000000",
        createdAt, null, "+919900000001", null, CallOptions.defaults(), null, null);
  }

  protected static CallEvent created(Instant at) {
    return new CallEvent(0, at, EventType.CALL_CREATED, 0, Map.of());
  }

  protected static CallEvent event(int seq, EventType type, Map<String, String> data) {
    return new CallEvent(seq, T0.plusSeconds(seq), type, seq == 0 ? 0 : 1, data);
  }

  // The store itself.

  @Test
  void describe_always_namesTheStore() {
    String description = store.describe();

    assertThat(description).isNotBlank();
  }

  // Accounts and credentials.

  @Nested
  class Accounts {
    @Test
    void createAccount_newSid_isReadBackWithEveryField() {
      Account initech = new Account("initech", "Initech", Region.SINGAPORE,
          ZoneId.of("America/Chicago"), false, T0.plusMillis(123));

      store.createAccount(initech, credential("key-initech", "initech"));

      assertThat(store.account("initech")).contains(initech);
      assertThat(store.credential("key-initech"))
          .contains(new ApiCredential("key-initech", "initech", "hash-of-key-initech"));
    }

    @Test
    void account_unknownSid_isEmpty() {
      assertThat(store.account("nobody")).isEmpty();
    }

    @Test
    void accounts_createdOutOfOrder_listsOldestFirst() {
      store.createAccount(account("zeta", T0.minusSeconds(60)), credential("key-zeta", "zeta"));

      List<Account> accounts = store.accounts();

      assertThat(accounts).extracting(Account::sid).containsExactly("zeta", ACME, GLOBEX);
    }

    @Test
    void createAccount_duplicateSid_throwsAndKeepsTheFirst() {
      Account again = new Account(ACME, "Impostor", Region.SINGAPORE, ZoneId.of("UTC"), false,
          T0.plusSeconds(5));

      assertThatThrownBy(() -> store.createAccount(again, credential("key-impostor", ACME)))
          .isInstanceOf(StoreException.class);

      assertThat(store.account(ACME)).get().extracting(Account::name).isEqualTo("Account acme");
      assertThat(store.credential("key-impostor")).isEmpty();
      assertThat(store.accounts()).hasSize(2);
    }

    @Test
    void createAccount_duplicateKey_throwsAndStoresNoAccount() {
      Account initech = account("initech", T0.plusSeconds(5));

      assertThatThrownBy(() -> store.createAccount(initech, credential("key-acme", "initech")))
          .isInstanceOf(StoreException.class);

      assertThat(store.account("initech")).isEmpty();
      assertThat(store.accounts()).extracting(Account::sid).containsExactly(ACME, GLOBEX);
      assertThat(store.credential("key-acme")).get()
          .extracting(ApiCredential::accountSid).isEqualTo(ACME);
    }

    @Test
    void credential_unknownKey_isEmpty() {
      assertThat(store.credential("no-such-key")).isEmpty();
    }

    @Test
    void addCredential_newKey_isFoundBesideTheFirst() {
      store.addCredential(credential("key-acme-2", ACME));

      assertThat(store.credential("key-acme-2")).get()
          .extracting(ApiCredential::accountSid).isEqualTo(ACME);
      assertThat(store.credential("key-acme")).isPresent();
    }

    @Test
    void addCredential_takenKey_throwsAndKeepsTheOwner() {
      ApiCredential stolen = new ApiCredential("key-acme", GLOBEX, "other-hash");

      assertThatThrownBy(() -> store.addCredential(stolen)).isInstanceOf(StoreException.class);

      assertThat(store.credential("key-acme")).contains(credential("key-acme", ACME));
    }
  }

  // Users.

  @Nested
  class Users {
    @Test
    void createUser_withDevice_returnsTheDeviceWithItsId() {
      User ada = new User(ACME, Sids.newUserId(), "Ada", "Lovelace", "ada@acme.test",
          Role.SUPERVISOR, null, T0.plusMillis(1), T0.plusMillis(2));

      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      assertThat(stored.contactUri()).isEqualTo("+919800000001");
      assertThat(store.user(ACME, ada.userId())).contains(ada);
      assertThat(store.devices(ACME, ada.userId())).containsExactly(stored);
      assertThat(store.device(ACME, stored.id())).contains(stored);
    }

    @Test
    void createUser_withoutDevice_returnsNullAndStoresNoDevice() {
      User ada = user(ACME, Sids.newUserId(), null, T0);

      Device stored = store.createUser(ada, null);

      assertThat(stored).isNull();
      assertThat(store.user(ACME, ada.userId())).contains(ada);
      assertThat(store.devices(ACME, ada.userId())).isEmpty();
    }

    @Test
    void user_otherAccount_isEmpty() {
      User ada = createAgent(ACME, "+919800000001");

      assertThat(store.user(GLOBEX, ada.userId())).isEmpty();
    }

    @Test
    void users_manyUsers_listsInCreationOrderWithOffsetAndLimit() {
      List<String> ids = createUsers(ACME, 5);
      createUsers(GLOBEX, 2);

      List<User> all = store.users(ACME, UserFilter.all(), 0, 100);
      List<User> page = store.users(ACME, UserFilter.all(), 1, 2);
      List<User> pastTheEnd = store.users(ACME, UserFilter.all(), 5, 10);

      assertThat(all).extracting(User::userId).containsExactlyElementsOf(ids);
      assertThat(page).extracting(User::userId).containsExactly(ids.get(1), ids.get(2));
      assertThat(pastTheEnd).isEmpty();
    }

    @Test
    void countUsers_noFilter_countsOnlyTheAccount() {
      createUsers(ACME, 3);
      createUsers(GLOBEX, 2);

      int count = store.countUsers(ACME, UserFilter.all());

      assertThat(count).isEqualTo(3);
    }

    @Test
    void users_contactUriFilter_findsOwnersOfThoseDevices() {
      User ada = createAgent(ACME, "+919800000001");
      User bob = createAgent(ACME, "sip:bob@acme.test");
      createAgent(ACME, "+919800000003");
      store.addDevice(device(ACME, ada.userId(), "+919800000009"));
      UserFilter filter = new UserFilter(List.of("+919800000009", "sip:bob@acme.test"), null);

      List<User> found = store.users(ACME, filter, 0, 10);

      assertThat(found).extracting(User::userId).containsExactly(ada.userId(), bob.userId());
      assertThat(store.countUsers(ACME, filter)).isEqualTo(2);
    }

    @Test
    void users_contactUriOfAnotherAccount_findsNobody() {
      createAgent(GLOBEX, "+919800000001");
      UserFilter filter = new UserFilter(List.of("+919800000001"), null);

      List<User> found = store.users(ACME, filter, 0, 10);

      assertThat(found).isEmpty();
      assertThat(store.countUsers(ACME, filter)).isZero();
    }

    @Test
    void users_emailFilter_findsTheOneUser() {
      User ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      store.createUser(ada, null);
      store.createUser(user(ACME, Sids.newUserId(), "bob@acme.test", T0), null);
      store.createUser(user(ACME, Sids.newUserId(), null, T0), null);
      UserFilter filter = new UserFilter(List.of(), "ada@acme.test");

      List<User> found = store.users(ACME, filter, 0, 10);

      assertThat(found).containsExactly(ada);
      assertThat(store.countUsers(ACME, filter)).isEqualTo(1);
    }

    @Test
    void users_emailAndContactUriFilters_mustBothMatch() {
      User ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      User bob = user(ACME, Sids.newUserId(), "bob@acme.test", T0);
      store.createUser(bob, device(ACME, bob.userId(), "+919800000002"));

      UserFilter match = new UserFilter(List.of("+919800000001"), "ada@acme.test");
      UserFilter mismatch = new UserFilter(List.of("+919800000002"), "ada@acme.test");

      assertThat(store.users(ACME, match, 0, 10)).containsExactly(ada);
      assertThat(store.users(ACME, mismatch, 0, 10)).isEmpty();
      assertThat(store.countUsers(ACME, mismatch)).isZero();
    }

    @Test
    void createUser_emailTakenInTheAccount_throwsAndStoresNeitherUserNorDevice() {
      store.createUser(user(ACME, Sids.newUserId(), "ada@acme.test", T0), null);
      User twin = user(ACME, Sids.newUserId(), "ada@acme.test", T0);

      assertThatThrownBy(
          () -> store.createUser(twin, device(ACME, twin.userId(), "+919800000001")))
          .isInstanceOf(StoreException.class);

      assertThat(store.user(ACME, twin.userId())).isEmpty();
      assertThat(store.deviceByContactUri(ACME, "+919800000001")).isEmpty();
      assertThat(store.countUsers(ACME, UserFilter.all())).isEqualTo(1);
    }

    @Test
    void createUser_emailTakenInAnotherAccount_isStored() {
      store.createUser(user(ACME, Sids.newUserId(), "ada@example.test", T0), null);
      User other = user(GLOBEX, Sids.newUserId(), "ada@example.test", T0);

      store.createUser(other, null);

      assertThat(store.user(GLOBEX, other.userId())).contains(other);
    }

    @Test
    void createUser_twoUsersWithoutEmail_areBothStored() {
      store.createUser(user(ACME, Sids.newUserId(), null, T0), null);
      store.createUser(user(ACME, Sids.newUserId(), null, T0), null);

      assertThat(store.countUsers(ACME, UserFilter.all())).isEqualTo(2);
    }

    @Test
    void createUser_deviceContactUriTaken_throwsAndStoresNoUser() {
      createAgent(ACME, "+919800000001");
      User late = user(ACME, Sids.newUserId(), "late@acme.test", T0);

      assertThatThrownBy(
          () -> store.createUser(late, device(ACME, late.userId(), "+919800000001")))
          .isInstanceOf(StoreException.class);

      assertThat(store.user(ACME, late.userId())).isEmpty();
      assertThat(store.countUsers(ACME, UserFilter.all())).isEqualTo(1);
    }

    @Test
    void updateUser_newNamesEmailAndRole_replacesThemOnly() {
      User ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      store.createUser(ada, null);
      User changed = new User(ACME, ada.userId(), "Augusta", "King", "augusta@acme.test",
          Role.ADMIN, null, T0, null);

      store.updateUser(changed);

      assertThat(store.user(ACME, ada.userId())).contains(changed);
      assertThat(store.users(ACME, new UserFilter(List.of(), "ada@acme.test"), 0, 10)).isEmpty();
    }

    @Test
    void updateUser_clearingEmail_storesNull() {
      User ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      store.createUser(ada, null);

      store.updateUser(user(ACME, ada.userId(), null, T0));

      assertThat(store.user(ACME, ada.userId())).get().extracting(User::email).isNull();
    }

    @Test
    void updateUser_emailTakenInTheAccount_throwsAndKeepsTheOldEmail() {
      store.createUser(user(ACME, Sids.newUserId(), "ada@acme.test", T0), null);
      User bob = user(ACME, Sids.newUserId(), "bob@acme.test", T0);
      store.createUser(bob, null);

      assertThatThrownBy(() -> store.updateUser(user(ACME, bob.userId(), "ada@acme.test", T0)))
          .isInstanceOf(StoreException.class);

      assertThat(store.user(ACME, bob.userId())).get()
          .extracting(User::email).isEqualTo("bob@acme.test");
    }

    @Test
    void updateUser_otherAccount_changesNothing() {
      User ada = user(ACME, Sids.newUserId(), "ada@acme.test", T0);
      store.createUser(ada, null);
      User foreign = new User(GLOBEX, ada.userId(), "Mallory", "X", null, Role.ADMIN, null, T0,
          null);

      store.updateUser(foreign);

      assertThat(store.user(ACME, ada.userId())).contains(ada);
      assertThat(store.user(GLOBEX, ada.userId())).isEmpty();
    }

    @Test
    void deleteUser_withDevices_removesUserAndDevices() {
      User ada = createAgent(ACME, "+919800000001");
      Device second = store.addDevice(device(ACME, ada.userId(), "+919800000002"));

      boolean deleted = store.deleteUser(ACME, ada.userId());

      assertThat(deleted).isTrue();
      assertThat(store.user(ACME, ada.userId())).isEmpty();
      assertThat(store.devices(ACME, ada.userId())).isEmpty();
      assertThat(store.device(ACME, second.id())).isEmpty();
      assertThat(store.deviceByContactUri(ACME, "+919800000001")).isEmpty();
    }

    @Test
    void deleteUser_deleted_freesItsContactUriForAnotherUser() {
      User ada = createAgent(ACME, "+919800000001");
      store.deleteUser(ACME, ada.userId());

      User bob = createAgent(ACME, "+919800000001");

      assertThat(store.deviceByContactUri(ACME, "+919800000001")).get()
          .extracting(Device::userId).isEqualTo(bob.userId());
    }

    @Test
    void deleteUser_unknownUser_returnsFalse() {
      boolean deleted = store.deleteUser(ACME, Sids.newUserId());

      assertThat(deleted).isFalse();
    }

    @Test
    void deleteUser_otherAccount_returnsFalseAndKeepsTheUser() {
      User ada = createAgent(ACME, "+919800000001");

      boolean deleted = store.deleteUser(GLOBEX, ada.userId());

      assertThat(deleted).isFalse();
      assertThat(store.user(ACME, ada.userId())).isPresent();
      assertThat(store.devices(ACME, ada.userId())).hasSize(1);
    }

    private List<String> createUsers(String accountSid, int count) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String userId = Sids.newUserId();
        store.createUser(user(accountSid, userId, null, T0.plusSeconds(i)), null);
        ids.add(userId);
      }
      return ids;
    }
  }

  // Devices.

  @Nested
  class Devices {
    @Test
    void addDevice_secondDevice_getsANewIdAndListsAfterTheFirst() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device first = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      Device second = store.addDevice(
          new Device(999, ACME, ada.userId(), null, "sip:ada@acme.test", false, false, "busy"));

      assertThat(second.id()).isNotEqualTo(first.id()).isNotEqualTo(999);
      assertThat(second).isEqualTo(new Device(second.id(), ACME, ada.userId(), null,
          "sip:ada@acme.test", false, false, "busy"));
      assertThat(store.devices(ACME, ada.userId())).containsExactly(first, second);
    }

    @Test
    void addDevice_contactUriTakenInTheAccount_throws() {
      createAgent(ACME, "+919800000001");
      User bob = createAgent(ACME, "+919800000002");

      assertThatThrownBy(() -> store.addDevice(device(ACME, bob.userId(), "+919800000001")))
          .isInstanceOf(StoreException.class);

      assertThat(store.devices(ACME, bob.userId())).extracting(Device::contactUri)
          .containsExactly("+919800000002");
    }

    @Test
    void addDevice_contactUriTakenInAnotherAccount_isStored() {
      createAgent(ACME, "+919800000001");
      User other = createAgent(GLOBEX, "+919800000002");

      Device stored = store.addDevice(device(GLOBEX, other.userId(), "+919800000001"));

      assertThat(store.deviceByContactUri(GLOBEX, "+919800000001")).contains(stored);
    }

    @Test
    void device_byIdAndByContactUri_findsItInItsAccount() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "sip:ada@acme.test"));

      assertThat(store.device(ACME, stored.id())).contains(stored);
      assertThat(store.deviceByContactUri(ACME, "sip:ada@acme.test")).contains(stored);
    }

    @Test
    void device_otherAccountSid_findsNothing() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      assertThat(store.device(GLOBEX, stored.id())).isEmpty();
      assertThat(store.deviceByContactUri(GLOBEX, "+919800000001")).isEmpty();
      assertThat(store.devices(GLOBEX, ada.userId())).isEmpty();
    }

    @Test
    void device_unknown_isEmpty() {
      assertThat(store.device(ACME, 424242)).isEmpty();
      assertThat(store.deviceByContactUri(ACME, "+910000000000")).isEmpty();
    }

    @Test
    void updateDevice_everyField_isReplaced() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      Device changed = new Device(stored.id(), ACME, ada.userId(), "mobile", "sip:ada@acme.test",
          false, false, "busy");

      store.updateDevice(changed);

      assertThat(store.device(ACME, stored.id())).contains(changed);
      assertThat(store.deviceByContactUri(ACME, "+919800000001")).isEmpty();
      assertThat(store.deviceByContactUri(ACME, "sip:ada@acme.test")).contains(changed);
    }

    @Test
    void updateDevice_contactUriTakenInTheAccount_throwsAndKeepsTheOldUri() {
      createAgent(ACME, "+919800000001");
      User bob = user(ACME, Sids.newUserId(), null, T0);
      Device bobs = store.createUser(bob, device(ACME, bob.userId(), "+919800000002"));
      Device clash = new Device(bobs.id(), ACME, bob.userId(), "x", "+919800000001", true, true,
          null);

      assertThatThrownBy(() -> store.updateDevice(clash)).isInstanceOf(StoreException.class);

      assertThat(store.device(ACME, bobs.id())).contains(bobs);
    }

    @Test
    void updateDevice_otherAccountSid_changesNothing() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      Device foreign = new Device(stored.id(), GLOBEX, ada.userId(), "stolen", "+919800000009",
          false, false, "busy");

      store.updateDevice(foreign);

      assertThat(store.device(ACME, stored.id())).contains(stored);
    }

    @Test
    void updateDeviceSettings_newSettings_replacesThemAndKeepsTheStatus() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      store.setDeviceStatus(ACME, stored.id(), "busy");
      Device changed = new Device(stored.id(), ACME, ada.userId(), "mobile", "+919800000002",
          false, false, "free");

      boolean updated = store.updateDeviceSettings(changed);

      assertThat(updated).isTrue();
      assertThat(store.device(ACME, stored.id())).contains(new Device(stored.id(), ACME,
          ada.userId(), "mobile", "+919800000002", false, false, "busy"));
      assertThat(store.deviceByContactUri(ACME, "+919800000001")).isEmpty();
    }

    @Test
    void updateDeviceSettings_contactUriTakenInTheAccount_throwsAndKeepsTheDevice() {
      createAgent(ACME, "+919800000001");
      User bob = user(ACME, Sids.newUserId(), null, T0);
      Device bobs = store.createUser(bob, device(ACME, bob.userId(), "+919800000002"));
      Device clash = new Device(bobs.id(), ACME, bob.userId(), "x", "+919800000001", false,
          false, null);

      assertThatThrownBy(() -> store.updateDeviceSettings(clash))
          .isInstanceOf(StoreException.class);

      assertThat(store.device(ACME, bobs.id())).contains(bobs);
    }

    @Test
    void updateDeviceSettings_otherAccountSid_returnsFalseAndChangesNothing() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      Device foreign = new Device(stored.id(), GLOBEX, ada.userId(), "stolen", "+919800000009",
          false, false, null);

      boolean updated = store.updateDeviceSettings(foreign);

      assertThat(updated).isFalse();
      assertThat(store.device(ACME, stored.id())).contains(stored);
    }

    @Test
    void setDeviceStatus_busyThenFree_changesOnlyTheStatus() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      boolean busy = store.setDeviceStatus(ACME, stored.id(), "busy");
      Device whileBusy = store.device(ACME, stored.id()).orElseThrow();
      boolean free = store.setDeviceStatus(ACME, stored.id(), "free");

      assertThat(busy).isTrue();
      assertThat(free).isTrue();
      assertThat(whileBusy.status()).isEqualTo("busy");
      assertThat(store.device(ACME, stored.id())).contains(new Device(stored.id(), ACME,
          ada.userId(), stored.name(), stored.contactUri(), true, true, "free"));
    }

    @Test
    void setDeviceStatus_null_storesNull() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));
      store.setDeviceStatus(ACME, stored.id(), "busy");

      store.setDeviceStatus(ACME, stored.id(), null);

      assertThat(store.device(ACME, stored.id())).get().extracting(Device::status).isNull();
    }

    @Test
    void setDeviceStatus_otherAccountSid_returnsFalseAndChangesNothing() {
      User ada = user(ACME, Sids.newUserId(), null, T0);
      Device stored = store.createUser(ada, device(ACME, ada.userId(), "+919800000001"));

      boolean changed = store.setDeviceStatus(GLOBEX, stored.id(), "busy");

      assertThat(changed).isFalse();
      assertThat(store.device(ACME, stored.id())).contains(stored);
    }
  }

  // ExoPhones, contacts and the do-not-call list.

  @Nested
  class Numbers {
    @Test
    void addExoPhone_twoNumbers_areListedAndFound() {
      store.addExoPhone(ACME, "+918000000002");
      store.addExoPhone(ACME, "+918000000001");

      assertThat(store.exoPhones(ACME)).containsExactlyInAnyOrder("+918000000001",
          "+918000000002");
      assertThat(store.hasExoPhone(ACME, "+918000000001")).isTrue();
      assertThat(store.hasExoPhone(ACME, "+918000000003")).isFalse();
    }

    @Test
    void addExoPhone_twice_keepsOneEntry() {
      store.addExoPhone(ACME, "+918000000001");

      store.addExoPhone(ACME, "+918000000001");

      assertThat(store.exoPhones(ACME)).containsExactly("+918000000001");
    }

    @Test
    void hasExoPhone_otherAccount_isFalse() {
      store.addExoPhone(ACME, "+918000000001");

      assertThat(store.hasExoPhone(GLOBEX, "+918000000001")).isFalse();
      assertThat(store.exoPhones(GLOBEX)).isEmpty();
    }

    @Test
    void putContact_newNumber_isNamed() {
      store.putContact(ACME, "+919900000001", "Grace Hopper");

      assertThat(store.contactName(ACME, "+919900000001")).contains("Grace Hopper");
      assertThat(store.contactName(ACME, "+919900000002")).isEmpty();
    }

    @Test
    void putContact_knownNumber_replacesTheName() {
      store.putContact(ACME, "+919900000001", "Grace Hopper");

      store.putContact(ACME, "+919900000001", "Rear Admiral Hopper");

      assertThat(store.contactName(ACME, "+919900000001")).contains("Rear Admiral Hopper");
    }

    @Test
    void contactName_otherAccount_isEmpty() {
      store.putContact(ACME, "+919900000001", "Grace Hopper");
      store.putContact(GLOBEX, "+919900000002", "Alan Turing");

      assertThat(store.contactName(GLOBEX, "+919900000001")).isEmpty();
      assertThat(store.contactName(ACME, "+919900000002")).isEmpty();
    }

    @Test
    void addDoNotCall_number_isBlocked() {
      store.addDoNotCall(ACME, "+919900000001");

      assertThat(store.isDoNotCall(ACME, "+919900000001")).isTrue();
      assertThat(store.isDoNotCall(ACME, "+919900000002")).isFalse();
    }

    @Test
    void addDoNotCall_twice_needsOneRemoval() {
      store.addDoNotCall(ACME, "+919900000001");
      store.addDoNotCall(ACME, "+919900000001");

      boolean removed = store.removeDoNotCall(ACME, "+919900000001");

      assertThat(removed).isTrue();
      assertThat(store.isDoNotCall(ACME, "+919900000001")).isFalse();
    }

    @Test
    void removeDoNotCall_absentNumber_returnsFalse() {
      store.addDoNotCall(ACME, "+919900000001");
      store.removeDoNotCall(ACME, "+919900000001");

      boolean removedAgain = store.removeDoNotCall(ACME, "+919900000001");

      assertThat(removedAgain).isFalse();
    }

    @Test
    void isDoNotCall_otherAccount_isFalse() {
      store.addDoNotCall(ACME, "+919900000001");

      assertThat(store.isDoNotCall(GLOBEX, "+919900000001")).isFalse();
      assertThat(store.removeDoNotCall(GLOBEX, "+919900000001")).isFalse();
      assertThat(store.isDoNotCall(ACME, "+919900000001")).isTrue();
    }
  }

  // Calls.

  @Nested
  class Calls {
    @Test
    void createCall_everyField_isReadBackByCall() {
      User ada = createAgent(ACME, "+919800000001");
      CallOptions options = new CallOptions(true, "dual", "https://audio.test/wait.mp3", 3600,
          45, "order-42", List.of(
              new StatusCallback("answered", "https://hooks.test/answered"),
              new StatusCallback("terminal", "http://hooks.test/terminal")));
      AgentRef agent = new AgentRef(ada.userId(), ada.name(), "+919800000001", "group-7",
          "Support");
      Call call = new Call(Sids.newCallSid(), ACME, Direction.OUTBOUND, "+918000000000",
          T0.plusMillis(321), agent, "+919900000001", "Grace Hopper", options, "app-1",
          "Main flow");
      CallEvent first = new CallEvent(0, T0.plusMillis(321), EventType.CALL_CREATED, 0,
          Map.of("by", "api", "request_id", "r-1"));

      boolean created = store.createCall(call, ada.userId(), first);

      assertThat(created).isTrue();
      assertThat(store.call(ACME, call.sid()))
          .contains(new StoredCall(call, ada.userId(), List.of(first)));
    }

    @Test
    void createCall_inboundWithoutAgent_keepsTheNulls() {
      Call call = inboundCall(ACME, T0);

      boolean created = store.createCall(call, null, created(T0));

      assertThat(created).isTrue();
      assertThat(store.call(ACME, call.sid()))
          .contains(new StoredCall(call, null, List.of(created(T0))));
    }

    @Test
    void createCall_withAgent_marksTheAgentBusyOnIt() {
      User ada = createAgent(ACME, "+919800000001");
      Call call = outboundCall(ACME, ada, T0);

      store.createCall(call, ada.userId(), created(T0));

      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(call.sid());
    }

    @Test
    void createCall_agentBusyOnAnotherCall_returnsFalseAndStoresNothing() {
      User ada = createAgent(ACME, "+919800000001");
      Call first = outboundCall(ACME, ada, T0);
      store.createCall(first, ada.userId(), created(T0));
      Call second = outboundCall(ACME, ada, T0.plusSeconds(1));

      boolean created = store.createCall(second, ada.userId(), created(T0.plusSeconds(1)));

      assertThat(created).isFalse();
      assertThat(store.call(ACME, second.sid())).isEmpty();
      assertThat(store.callBySid(second.sid())).isEmpty();
      assertThat(store.countCalls(ACME)).isEqualTo(1);
      assertThat(store.liveCallSids()).containsExactly(first.sid());
      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(first.sid());
    }

    @Test
    void createCall_duplicateSid_throwsAndLeavesTheAgentFree() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));
      User ada = createAgent(ACME, "+919800000001");
      Call twin = new Call(call.sid(), ACME, Direction.OUTBOUND, "+918000000000", T0,
          new AgentRef(ada.userId(), ada.name(), "+919800000001", null, null), "+919900000002",
          null, CallOptions.defaults(), null, null);

      assertThatThrownBy(() -> store.createCall(twin, ada.userId(), created(T0)))
          .isInstanceOf(StoreException.class);

      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isNull();
      assertThat(store.call(ACME, call.sid())).get()
          .extracting(stored -> stored.call().direction()).isEqualTo(Direction.INBOUND);
    }

    @Test
    void releaseAgent_otherCallSid_keepsTheAgentBusy() {
      User ada = createAgent(ACME, "+919800000001");
      Call call = outboundCall(ACME, ada, T0);
      store.createCall(call, ada.userId(), created(T0));

      store.releaseAgent(ACME, ada.userId(), Sids.newCallSid());

      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(call.sid());
      assertThat(store.createCall(outboundCall(ACME, ada, T0), ada.userId(), created(T0)))
          .isFalse();
    }

    @Test
    void releaseAgent_otherAccount_keepsTheAgentBusy() {
      User ada = createAgent(ACME, "+919800000001");
      Call call = outboundCall(ACME, ada, T0);
      store.createCall(call, ada.userId(), created(T0));

      store.releaseAgent(GLOBEX, ada.userId(), call.sid());

      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(call.sid());
    }

    @Test
    void releaseAgent_matchingCallSid_freesTheAgentForTheNextCall() {
      User ada = createAgent(ACME, "+919800000001");
      Call call = outboundCall(ACME, ada, T0);
      store.createCall(call, ada.userId(), created(T0));

      store.releaseAgent(ACME, ada.userId(), call.sid());

      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isNull();
      Call next = outboundCall(ACME, ada, T0.plusSeconds(1));
      assertThat(store.createCall(next, ada.userId(), created(T0.plusSeconds(1)))).isTrue();
      assertThat(store.user(ACME, ada.userId())).get()
          .extracting(User::activeCallSid).isEqualTo(next.sid());
    }

    @Test
    void append_severalEvents_keepsTheLogInOrder() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));
      List<CallEvent> more = List.of(
          event(1, EventType.LEG_DIALLED, Map.of("side", "agent", "contact_uri", "+9198")),
          event(2, EventType.LEG_RINGING, Map.of()),
          event(3, EventType.LEG_ANSWERED, Map.of()),
          event(4, EventType.DTMF, Map.of("digits", "1#")));

      for (CallEvent e : more) {
        store.append(call.sid(), e);
      }

      List<CallEvent> events = store.call(ACME, call.sid()).orElseThrow().events();
      assertThat(events).first().isEqualTo(created(T0));
      assertThat(events).hasSize(5).endsWith(more.toArray(CallEvent[]::new));
    }

    @Test
    void append_duplicateSeq_throwsAndKeepsTheFirstEvent() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));
      CallEvent dialled = event(1, EventType.LEG_DIALLED, Map.of("side", "agent"));
      store.append(call.sid(), dialled);

      assertThatThrownBy(() -> store.append(call.sid(), event(1, EventType.DTMF, Map.of())))
          .isInstanceOf(StoreException.class);

      assertThat(store.call(ACME, call.sid()).orElseThrow().events())
          .containsExactly(created(T0), dialled);
    }

    @Test
    void append_duplicateSeqOfTerminal_throwsAndKeepsTheCallLive() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));

      assertThatThrownBy(() -> store.append(call.sid(), event(0, EventType.TERMINAL, Map.of())))
          .isInstanceOf(StoreException.class);

      assertThat(store.liveCallSids()).containsExactly(call.sid());
    }

    @Test
    void append_terminal_marksTheCallNotLive() {
      Call ended = inboundCall(ACME, T0);
      Call ongoing = inboundCall(ACME, T0.plusSeconds(1));
      store.createCall(ended, null, created(T0));
      store.createCall(ongoing, null, created(T0));
      assertThat(store.liveCallSids()).containsExactly(ended.sid(), ongoing.sid());

      store.append(ended.sid(), event(1, EventType.CALL_ENDED, Map.of()));
      List<String> afterEnded = store.liveCallSids();
      store.append(ended.sid(), event(2, EventType.TERMINAL, Map.of()));

      assertThat(afterEnded).contains(ended.sid());
      assertThat(store.liveCallSids()).containsExactly(ongoing.sid());
      assertThat(store.call(ACME, ended.sid()).orElseThrow().events()).hasSize(3);
    }

    @Test
    void liveCallSids_createdOutOfOrder_listsOldestFirstAcrossAccounts() {
      Call newest = inboundCall(ACME, T0.plusSeconds(20));
      Call oldest = inboundCall(GLOBEX, T0);
      Call middle = inboundCall(ACME, T0.plusSeconds(10));

      store.createCall(newest, null, created(T0));
      store.createCall(oldest, null, created(T0));
      store.createCall(middle, null, created(T0));

      assertThat(store.liveCallSids()).containsExactly(oldest.sid(), middle.sid(), newest.sid());
    }

    @Test
    void call_otherAccount_isEmpty() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));

      assertThat(store.call(GLOBEX, call.sid())).isEmpty();
      assertThat(store.call(ACME, call.sid())).isPresent();
    }

    @Test
    void callBySid_anyAccount_findsTheCall() {
      Call call = inboundCall(GLOBEX, T0);
      store.createCall(call, null, created(T0));

      assertThat(store.callBySid(call.sid())).get()
          .extracting(StoredCall::call).isEqualTo(call);
      assertThat(store.callBySid(Sids.newCallSid())).isEmpty();
    }

    @Test
    void countCalls_callsInTwoAccounts_countsEachSeparately() {
      store.createCall(inboundCall(ACME, T0), null, created(T0));
      store.createCall(inboundCall(ACME, T0.plus(Duration.ofMinutes(1))), null, created(T0));
      store.createCall(inboundCall(GLOBEX, T0), null, created(T0));

      assertThat(store.countCalls(ACME)).isEqualTo(2);
      assertThat(store.countCalls(GLOBEX)).isEqualTo(1);
      assertThat(store.countCalls("initech")).isZero();
    }
  }

  // Status callbacks: the outbox, its attempts, signing secrets.

  @Nested
  class Callbacks {
    private NewCallback newCallback(Call call, int position, String event, Instant at) {
      return new NewCallback(call.accountSid(), call.sid(), position, event,
          "https://hooks.test/" + event, "{\"event_details\":{\"event_type\":\"" + event
              + "\"},\"call_details\":{\"call_sid\":\"" + call.sid() + "\"}}", at);
    }

    private Call storedCall(String accountSid) {
      Call call = inboundCall(accountSid, T0);
      store.createCall(call, null, created(T0));
      return call;
    }

    private CallbackAttempt attempt(StoredCallback cb, Instant at, Integer status,
        String error) {
      return new CallbackAttempt(0, cb.id(), at, cb.url(), status, 12, error, null);
    }

    @Test
    void append_withCallbacks_storesTheEventAndPendingCallbacksTogether() {
      Call call = storedCall(ACME);
      CallEvent answered = event(1, EventType.LEG_ANSWERED, Map.of());
      Instant at = answered.at();

      List<StoredCallback> stored = store.append(call.sid(), answered, List.of(
          newCallback(call, 0, "answered", at), newCallback(call, 2, "answered", at)));

      assertThat(stored).hasSize(2);
      assertThat(stored).extracting(StoredCallback::id).doesNotHaveDuplicates();
      assertThat(stored.get(0)).isEqualTo(new StoredCallback(stored.get(0).id(), ACME,
          call.sid(), 0, "answered", "https://hooks.test/answered",
          newCallback(call, 0, "answered", at).body(), at, StoredCallback.State.PENDING, 0,
          at));
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).endsWith(answered);
      assertThat(store.callbacks(ACME, call.sid())).isEqualTo(stored);
      assertThat(store.callbacks(GLOBEX, call.sid())).isEmpty();
      assertThat(store.pendingCallbacks()).isEqualTo(stored);
      assertThat(store.callback(stored.get(1).id())).contains(stored.get(1));
    }

    @Test
    void append_terminalWithCallbacks_marksTheCallTerminal() {
      Call call = storedCall(ACME);
      CallEvent terminal = event(1, EventType.TERMINAL, Map.of());

      store.append(call.sid(), terminal, List.of(
          newCallback(call, 0, "terminal", terminal.at())));

      assertThat(store.liveCallSids()).isEmpty();
      assertThat(store.pendingCallbacks()).hasSize(1);
    }

    @Test
    void append_duplicateSequence_throwsAndStoresNoCallback() {
      Call call = storedCall(ACME);

      assertThatThrownBy(() -> store.append(call.sid(), created(T0),
          List.of(newCallback(call, 0, "terminal", T0))))
          .isInstanceOf(StoreException.class);

      assertThat(store.pendingCallbacks()).isEmpty();
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).hasSize(1);
    }

    @Test
    void append_positionAlreadyInTheOutbox_skipsItAndKeepsTheFirst() {
      Call call = storedCall(ACME);
      CallEvent first = event(1, EventType.LEG_ANSWERED, Map.of());
      CallEvent second = event(2, EventType.TERMINAL, Map.of());
      List<StoredCallback> kept = store.append(call.sid(), first,
          List.of(newCallback(call, 0, "answered", first.at())));

      List<StoredCallback> again = store.append(call.sid(), second,
          List.of(newCallback(call, 0, "terminal", second.at())));

      assertThat(again).isEmpty();
      assertThat(store.callbacks(ACME, call.sid())).isEqualTo(kept);
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).endsWith(second);
    }

    @Test
    void pendingCallbacks_severalCalls_areOrderedByDueInstantThenId() {
      Call early = storedCall(ACME);
      Call late = storedCall(GLOBEX);
      StoredCallback lateCb = store.append(late.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(late, 0, "terminal", T0.plusSeconds(50)))).get(0);
      StoredCallback earlyCb = store.append(early.sid(), event(1, EventType.TERMINAL,
          Map.of()), List.of(newCallback(early, 0, "terminal", T0.plusSeconds(10)))).get(0);

      assertThat(store.pendingCallbacks()).containsExactly(earlyCb, lateCb);
    }

    @Test
    void recordAttempt_failureThenSuccess_logsBothAndDeliversOnce() {
      Call call = storedCall(ACME);
      StoredCallback cb = store.append(call.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(call, 0, "terminal", T0))).get(0);
      CallbackAttempt failed = attempt(cb, T0, 500, "HTTP 500");
      CallbackAttempt ok = attempt(cb, T0.plusSeconds(5), 204, null);

      boolean movedFirst = store.recordAttempt(failed, StoredCallback.State.PENDING, 1,
          T0.plusSeconds(5));
      StoredCallback afterFirst = store.callback(cb.id()).orElseThrow();
      boolean movedSecond = store.recordAttempt(ok, StoredCallback.State.DELIVERED, 2,
          T0.plusSeconds(5));

      assertThat(movedFirst).isTrue();
      assertThat(afterFirst).isEqualTo(cb.after(StoredCallback.State.PENDING, 1,
          T0.plusSeconds(5)));
      assertThat(movedSecond).isTrue();
      assertThat(store.callback(cb.id())).get().extracting(StoredCallback::state)
          .isEqualTo(StoredCallback.State.DELIVERED);
      assertThat(store.pendingCallbacks()).isEmpty();
      List<CallbackAttempt> attempts = store.callbackAttempts(call.sid());
      assertThat(attempts).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
          .containsExactly(failed, ok);
      assertThat(attempts.get(0).id()).isLessThan(attempts.get(1).id());
      assertThat(store.callbackAttempts(Sids.newCallSid())).isEmpty();
    }

    @Test
    void recordAttempt_callbackNoLongerPending_logsTheAttemptButKeepsTheState() {
      Call call = storedCall(ACME);
      StoredCallback cb = store.append(call.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(call, 0, "terminal", T0))).get(0);
      store.recordAttempt(attempt(cb, T0, 200, null), StoredCallback.State.DELIVERED, 1, T0);

      boolean movedAgain = store.recordAttempt(attempt(cb, T0, 500, "HTTP 500"),
          StoredCallback.State.PENDING, 2, T0.plusSeconds(5));
      boolean logOnly = store.recordAttempt(attempt(cb, T0, 200, null), null, 0, T0);

      assertThat(movedAgain).isFalse();
      assertThat(logOnly).isFalse();
      assertThat(store.callback(cb.id())).get().extracting(StoredCallback::state)
          .isEqualTo(StoredCallback.State.DELIVERED);
      assertThat(store.callbackAttempts(call.sid())).hasSize(3);
    }

    @Test
    void recordAttempt_unknownCallback_throwsStoreException() {
      CallbackAttempt orphan = new CallbackAttempt(0, 987_654, T0, "https://hooks.test/x",
          null, 0, "connection refused", null);

      assertThatThrownBy(() -> store.recordAttempt(orphan, StoredCallback.State.FAILED, 1, T0))
          .isInstanceOf(StoreException.class);
    }

    @Test
    void requeueCallback_deliveredOrFailed_isPendingAgainWithNoTries() {
      Call call = storedCall(ACME);
      List<StoredCallback> cbs = store.append(call.sid(), event(1, EventType.TERMINAL,
          Map.of()), List.of(newCallback(call, 0, "terminal", T0),
          newCallback(call, 1, "terminal", T0)));
      store.recordAttempt(attempt(cbs.get(0), T0, 200, null), StoredCallback.State.DELIVERED,
          1, T0);
      store.recordAttempt(attempt(cbs.get(1), T0, null, "timeout"),
          StoredCallback.State.FAILED, 3, T0);
      Instant later = T0.plusSeconds(90);

      var delivered = store.requeueCallback(cbs.get(0).id(), later);
      var failed = store.requeueCallback(cbs.get(1).id(), later);

      assertThat(delivered).contains(cbs.get(0).after(StoredCallback.State.PENDING, 0, later));
      assertThat(failed).contains(cbs.get(1).after(StoredCallback.State.PENDING, 0, later));
      assertThat(store.pendingCallbacks()).hasSize(2);
    }

    @Test
    void requeueCallback_pendingOrUnknown_isEmptyAndChangesNothing() {
      Call call = storedCall(ACME);
      StoredCallback cb = store.append(call.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(call, 0, "terminal", T0))).get(0);

      assertThat(store.requeueCallback(cb.id(), T0.plusSeconds(9))).isEmpty();
      assertThat(store.requeueCallback(cb.id() + 1000, T0)).isEmpty();
      assertThat(store.callback(cb.id())).contains(cb);
    }

    @Test
    void deleteCalls_withCallbacksAndAttempts_deletesThemTooAndKeepsOtherAccounts() {
      Call acme = storedCall(ACME);
      Call globex = storedCall(GLOBEX);
      StoredCallback cb = store.append(acme.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(acme, 0, "terminal", T0))).get(0);
      store.recordAttempt(attempt(cb, T0, 500, "HTTP 500"), StoredCallback.State.PENDING, 1,
          T0.plusSeconds(5));
      StoredCallback kept = store.append(globex.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(newCallback(globex, 0, "terminal", T0))).get(0);

      int deleted = store.deleteCalls(ACME);

      assertThat(deleted).isEqualTo(1);
      assertThat(store.callback(cb.id())).isEmpty();
      assertThat(store.callbackAttempts(acme.sid())).isEmpty();
      assertThat(store.pendingCallbacks()).containsExactly(kept);
    }

    @Test
    void signingSecret_setReplacedAndCleared_followsTheLastWrite() {
      assertThat(store.signingSecret(ACME)).isEmpty();

      store.setSigningSecret(ACME, "first-secret-0123456789");
      store.setSigningSecret(ACME, "second-secret-0123456789");
      store.setSigningSecret(GLOBEX, "globex-secret-0123456789");

      assertThat(store.signingSecret(ACME)).contains("second-secret-0123456789");
      store.setSigningSecret(ACME, null);
      assertThat(store.signingSecret(ACME)).isEmpty();
      assertThat(store.signingSecret(GLOBEX)).contains("globex-secret-0123456789");
    }
  }

  // Two calls for one agent at once.

  @Test
  void createCall_sameAgentFrom16VirtualThreads_exactlyOneSucceeds() throws Exception {
    User ada = createAgent(ACME, "+919800000001");

    List<Boolean> results = raceForAgent(List.of(store), ada);

    assertExactlyOneWon(results, ada);
  }

  @Test
  void createCall_sameAgentFromTwoStoresOnOneDatabase_exactlyOneSucceeds() throws Exception {
    User ada = createAgent(ACME, "+919800000001");

    List<Boolean> results;
    try (Store second = openSecondStore()) {
      results = raceForAgent(List.of(store, second), ada);
    }

    assertExactlyOneWon(results, ada);
  }

  /** Starts {@link #RACERS} virtual threads at once, each creating a call for {@code agent}. */
  private static List<Boolean> raceForAgent(List<Store> stores, User agent) throws Exception {
    CountDownLatch ready = new CountDownLatch(RACERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < RACERS; i++) {
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
    assertThat(results).hasSize(RACERS).containsOnlyOnce(true);
    assertThat(store.countCalls(ACME)).isEqualTo(1);
    List<String> live = store.liveCallSids();
    assertThat(live).hasSize(1);
    assertThat(store.user(ACME, agent.userId())).get()
        .extracting(User::activeCallSid).isEqualTo(live.get(0));
  }

  // Agents held by calls, resets, and the clock floor.

  @Nested
  class AgentsAndResets {
    @Test
    void claimAgent_freeUser_isClaimedOnceAndReleasedWithItsCall() {
      User agent = createAgent(ACME, "+919811000001");
      String callSid = Sids.newCallSid();

      boolean first = store.claimAgent(ACME, agent.userId(), callSid);
      boolean second = store.claimAgent(ACME, agent.userId(), Sids.newCallSid());
      List<String> released = store.releaseCallAgents(ACME, callSid);

      assertThat(first).isTrue();
      assertThat(second).isFalse();
      assertThat(released).containsExactly(agent.userId());
      assertThat(store.user(ACME, agent.userId()).orElseThrow().activeCallSid()).isNull();
    }

    @Test
    void claimAgent_otherAccountOrUnknownUser_claimsNothing() {
      User agent = createAgent(ACME, "+919811000002");

      assertThat(store.claimAgent(GLOBEX, agent.userId(), Sids.newCallSid())).isFalse();
      assertThat(store.claimAgent(ACME, Sids.newUserId(), Sids.newCallSid())).isFalse();
    }

    @Test
    void deleteCalls_removesOnlyThatAccountsCallsAndFreesItsAgents() {
      User acmeAgent = createAgent(ACME, "+919811000003");
      User globexAgent = createAgent(GLOBEX, "+919811000004");
      Call acmeCall = outboundCall(ACME, acmeAgent, T0);
      Call globexCall = outboundCall(GLOBEX, globexAgent, T0);
      store.createCall(acmeCall, acmeAgent.userId(), created(T0));
      store.createCall(globexCall, globexAgent.userId(), created(T0));

      int deleted = store.deleteCalls(ACME);

      assertThat(deleted).isEqualTo(1);
      assertThat(store.call(ACME, acmeCall.sid())).isEmpty();
      assertThat(store.call(GLOBEX, globexCall.sid())).isPresent();
      assertThat(store.user(ACME, acmeAgent.userId()).orElseThrow().activeCallSid()).isNull();
      assertThat(store.user(GLOBEX, globexAgent.userId()).orElseThrow().activeCallSid())
          .isEqualTo(globexCall.sid());
    }

    @Test
    void latestActivity_isTheLastEventOfTheNewestCall() {
      User agent = createAgent(ACME, "+919811000005");
      Call older = outboundCall(ACME, agent, T0);
      Call newer = inboundCall(ACME, T0.plusSeconds(60));
      store.createCall(older, null, created(T0));
      store.createCall(newer, null, created(T0.plusSeconds(60)));
      store.append(newer.sid(), new CallEvent(1, T0.plusSeconds(90), EventType.CALL_ENDED, 0,
          Map.of()));

      assertThat(store.latestActivity(ACME)).contains(T0.plusSeconds(90));
      assertThat(store.latestActivity(GLOBEX)).isEmpty();
    }
  }

  // Writes queued without waiting (a call's timeline), and what waits for them.

  @Nested
  class QueuedWrites {
    @Test
    void appendLater_completes_onceTheEventAndItsCallbacksAreStored() {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));
      CallEvent terminal = event(1, EventType.TERMINAL, Map.of("k", "v"));
      NewCallback cb = new NewCallback(ACME, call.sid(), 0, "terminal", "https://hooks.test/t",
          "{}", terminal.at());

      List<StoredCallback> stored = store.appendLater(call.sid(), terminal, List.of(cb)).join();

      assertThat(stored).singleElement().extracting(StoredCallback::callSid)
          .isEqualTo(call.sid());
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).endsWith(terminal);
      assertThat(store.pendingCallbacks()).isEqualTo(stored);
      assertThat(store.liveCallSids()).isEmpty();
    }

    @Test
    void appendLater_manyCallsAtOnce_storesEveryLogInOrder() {
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Call call = inboundCall(ACME, T0.plusSeconds(i));
        store.createCall(call, null, created(T0));
        calls.add(call);
      }
      List<java.util.concurrent.CompletableFuture<List<StoredCallback>>> queued =
          new ArrayList<>();

      for (int seq = 1; seq <= 5; seq++) {
        for (Call call : calls) {
          queued.add(store.appendLater(call.sid(), event(seq, EventType.DTMF,
              Map.of("digits", String.valueOf(seq))), List.of()));
        }
      }
      store.awaitWrites();

      assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
      for (Call call : calls) {
        assertThat(store.call(ACME, call.sid()).orElseThrow().events())
            .extracting(CallEvent::seq).containsExactly(0, 1, 2, 3, 4, 5);
      }
    }

    @Test
    void appendLater_oneDuplicateAmongOthers_failsAloneAndTheOthersAreStored() {
      Call call = inboundCall(ACME, T0);
      Call other = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0));
      store.createCall(other, null, created(T0));
      CallEvent dialled = event(1, EventType.LEG_DIALLED, Map.of("side", "agent"));

      var before = store.appendLater(other.sid(), dialled, List.of());
      var duplicate = store.appendLater(call.sid(), created(T0), List.of(new NewCallback(
          ACME, call.sid(), 0, "terminal", "https://hooks.test/t", "{}", T0)));
      var after = store.appendLater(call.sid(), dialled, List.of());
      store.awaitWrites();

      assertThat(before).isCompleted();
      assertThat(after).isCompleted();
      assertThatThrownBy(duplicate::join).hasCauseInstanceOf(StoreException.class);
      assertThat(store.call(ACME, call.sid()).orElseThrow().events())
          .containsExactly(created(T0), dialled);
      assertThat(store.call(ACME, other.sid()).orElseThrow().events())
          .containsExactly(created(T0), dialled);
      assertThat(store.pendingCallbacks()).isEmpty();
    }

    @Test
    void releaseCallAgentsLater_afterTheCallsEvents_freesTheAgentAndItsDevice() {
      User agent = createAgent(ACME, "+919811000011");
      Device device = store.devices(ACME, agent.userId()).get(0);
      Call call = outboundCall(ACME, agent, T0);
      assertThat(store.createCall(call, agent.userId(), device.id(), created(T0), null))
          .isTrue();
      Device busy = store.devices(ACME, agent.userId()).get(0);

      store.appendLater(call.sid(), event(1, EventType.CALL_ENDED, Map.of()), List.of());
      List<String> freed = store.releaseCallAgentsLater(ACME, call.sid()).join();

      assertThat(busy.status()).isEqualTo("busy");
      assertThat(freed).containsExactly(agent.userId());
      assertThat(store.user(ACME, agent.userId()).orElseThrow().activeCallSid()).isNull();
      assertThat(store.devices(ACME, agent.userId()).get(0).status()).isEqualTo("free");
      assertThat(store.call(ACME, call.sid()).orElseThrow().events()).hasSize(2);
    }

    @Test
    void createCallWithDevice_agentBusy_storesNothingAndLeavesTheDevice() {
      User agent = createAgent(ACME, "+919811000012");
      Device device = store.devices(ACME, agent.userId()).get(0);
      Call first = outboundCall(ACME, agent, T0);
      Call rival = outboundCall(ACME, agent, T0.plusSeconds(1));
      store.createCall(first, agent.userId(), created(T0));

      boolean stored = store.createCall(rival, agent.userId(), device.id(), created(T0), null);

      assertThat(stored).isFalse();
      assertThat(store.call(ACME, rival.sid())).isEmpty();
      assertThat(store.devices(ACME, agent.userId()).get(0).status()).isNull();
    }

    @Test
    void createCallWithDevice_noAgent_throwsIllegalArgumentException() {
      assertThatThrownBy(() -> store.createCall(inboundCall(ACME, T0), null, 1L, created(T0),
          null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awaitWrites_storeClosed_throwsStoreException() {
      store.close();

      assertThatThrownBy(() -> store.awaitWrites()).isInstanceOf(StoreException.class);
      store = null;
    }
  }

  // Flows and groups.

  @Nested
  class FlowsAndGroups {
    @Test
    void putFlow_roundTripsEveryAppletAndIsScopedToItsAccount() {
      Flow flow = new Flow("f1", ACME, "Main", List.of(new Applet.Greeting(3),
          new Applet.Gather(4), new Applet.Connect("g1", null, 20, false),
          new Applet.Connect(null, "u1", 15, true), new Applet.Goto(5), new Applet.Hangup()),
          true, "dual");

      store.putFlow(flow);

      assertThat(store.flow(ACME, "f1")).contains(flow);
      assertThat(store.flow(GLOBEX, "f1")).isEmpty();
      assertThat(store.flows(ACME)).containsExactly(flow);
    }

    @Test
    void linkExoPhone_andDeleteFlow_unlinksTheNumber() {
      store.addExoPhone(ACME, "+918000000001");
      store.putFlow(new Flow("f2", ACME, "Menu", List.of(new Applet.Hangup()), false,
          "single"));

      boolean linked = store.linkExoPhone(ACME, "+918000000001", "f2");
      boolean unknown = store.linkExoPhone(ACME, "+918000000009", "f2");
      Optional<String> before = store.exoPhoneFlow(ACME, "+918000000001");
      store.deleteFlow(ACME, "f2");

      assertThat(linked).isTrue();
      assertThat(unknown).isFalse();
      assertThat(before).contains("f2");
      assertThat(store.exoPhoneFlow(ACME, "+918000000001")).isEmpty();
    }

    @Test
    void putGroup_keepsMemberOrderAndReplaces() {
      store.putGroup(new Group("g1", ACME, "Support", List.of("b", "a", "c")));
      store.putGroup(new Group("g1", ACME, "Support 2", List.of("c", "a")));

      assertThat(store.group(ACME, "g1").orElseThrow().members()).containsExactly("c", "a");
      assertThat(store.group(ACME, "g1").orElseThrow().name()).isEqualTo("Support 2");
      assertThat(store.groups(GLOBEX)).isEmpty();
      assertThat(store.deleteGroup(ACME, "g1")).isTrue();
      assertThat(store.deleteGroup(ACME, "g1")).isFalse();
    }
  }

  @Nested
  class Nodes {
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private Call ownedCall(String owner) {
      Call call = inboundCall(ACME, T0);
      store.createCall(call, null, created(T0), owner);
      return call;
    }

    private void finish(Call call) {
      store.append(call.sid(), event(1, EventType.TERMINAL, Map.of()));
    }

    @Test
    void createCall_withOwner_callOwnerNamesIt() {
      Call owned = ownedCall("node-a");
      Call orphan = ownedCall(null);

      assertThat(store.callOwner(owned.sid())).contains("node-a");
      assertThat(store.callOwner(orphan.sid())).isEmpty();
      assertThat(store.callOwner(Sids.newCallSid())).isEmpty();
    }

    @Test
    void liveNodes_advertisedAndFresh_listsTheirUrlsOnly() {
      store.heartbeat("node-a", now);
      store.heartbeat("node-b", now);
      store.heartbeat("node-old", now.minusSeconds(10));
      store.advertise("node-a", "http://10.0.0.1:8080");
      store.advertise("node-old", "http://10.0.0.3:8080");
      store.heartbeat("node-a", now.plusSeconds(1));

      Map<String, String> live = store.liveNodes(now.minusSeconds(5));

      // node-b advertised no URL; node-old is stale; a later heartbeat keeps node-a's URL.
      assertThat(live).containsExactly(Map.entry("node-a", "http://10.0.0.1:8080"));
    }

    @Test
    void advertise_withoutHeartbeat_fails() {
      assertThatThrownBy(() -> store.advertise("node-x", "http://10.0.0.9:8080"))
          .hasMessageContaining("node-x");
      assertThat(store.liveNodes(now.minusSeconds(5))).isEmpty();
    }

    @Test
    void claimCalls_ownerBeatRecently_takesNothing() {
      store.heartbeat("node-a", now);
      Call call = ownedCall("node-a");

      List<String> claimed = store.claimCalls("node-b", now.minusSeconds(5));

      assertThat(claimed).isEmpty();
      assertThat(store.callOwner(call.sid())).contains("node-a");
    }

    @Test
    void claimCalls_ownerStale_takesItsLiveCallsAndThoseWithPendingCallbacks() {
      store.heartbeat("node-a", now.minusSeconds(10));
      Call live = ownedCall("node-a");
      Call done = ownedCall("node-a");
      finish(done);
      Call doneWithPending = ownedCall("node-a");
      store.append(doneWithPending.sid(), event(1, EventType.TERMINAL, Map.of()),
          List.of(new NewCallback(ACME, doneWithPending.sid(), 0, "terminal",
              "https://hooks.test/t", "{}", T0)));

      List<String> claimed = store.claimCalls("node-b", now.minusSeconds(5));

      assertThat(claimed).containsExactlyInAnyOrder(live.sid(), doneWithPending.sid());
      assertThat(store.callOwner(live.sid())).contains("node-b");
      assertThat(store.callOwner(done.sid())).contains("node-a");
    }

    @Test
    void claimCalls_noOwnerOrNoHeartbeat_takesThemButNeverItsOwn() {
      store.heartbeat("node-b", now);
      Call orphan = ownedCall(null);
      Call unknownOwner = ownedCall("node-gone");
      Call mine = ownedCall("node-b");

      List<String> claimed = store.claimCalls("node-b", now.minusSeconds(5));
      List<String> again = store.claimCalls("node-b", now.minusSeconds(5));

      assertThat(claimed).containsExactlyInAnyOrder(orphan.sid(), unknownOwner.sid());
      assertThat(again).isEmpty();
      assertThat(store.callOwner(mine.sid())).contains("node-b");
    }

    @Test
    void forgetNode_ownerForgotten_itsCallsAreTakenAtOnce() {
      store.heartbeat("node-a", now);
      Call call = ownedCall("node-a");

      store.forgetNode("node-a");
      List<String> claimed = store.claimCalls("node-b", now.minusSeconds(5));

      assertThat(claimed).containsExactly(call.sid());
    }

    @Test
    void claimCalls_manyNodesAtOnce_eachCallIsTakenExactlyOnce() throws Exception {
      List<String> sids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sids.add(ownedCall(null).sid());
      }
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        nodes.add("node-" + i);
        store.heartbeat("node-" + i, now);
      }
      List<String> claimed = java.util.Collections.synchronizedList(new ArrayList<>());
      try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (String node : nodes) {
          threads.submit(() -> claimed.addAll(store.claimCalls(node, now.minusSeconds(5))));
        }
      }

      assertThat(claimed).containsExactlyInAnyOrderElementsOf(sids);
      for (String sid : sids) {
        assertThat(store.callOwner(sid)).get().isIn(nodes);
      }
    }
  }
}
