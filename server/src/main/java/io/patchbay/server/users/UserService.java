package io.patchbay.server.users;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.server.users.UserBodies.DeviceChanges;
import io.patchbay.server.users.UserBodies.NewDevice;
import io.patchbay.server.users.UserBodies.NewUser;
import io.patchbay.server.users.UserBodies.UserChanges;
import io.patchbay.server.users.UserQueries.ListQuery;
import io.patchbay.store.Store;
import io.patchbay.store.UserFilter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Users API's rules over the store: users, their devices, availability and verification.
 *
 * <p>Every change checks everything first and then writes once, under the account's lock, so a
 * refused request changes nothing and two changes never interleave their checks (two devices of
 * one user turned ON at once, say). The device status belongs to the calls; nothing here writes
 * it.
 */
final class UserService {
  private static final Logger LOG = LoggerFactory.getLogger(UserService.class);

  private final Store store;
  private final Clock clock;
  /**
   * Shared by every instance: the public API and the control plane register separate
   * instances, and their changes of one account must still take turns.
   */
  private static final AccountLocks LOCKS = new AccountLocks();

  UserService(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** POST /users: a new user with its first device. */
  Reply create(Request r) {
    Account account = r.account();
    String sid = account.sid();
    NewUser n = UserBodies.newUser(r.body());
    return LOCKS.with(sid, () -> {
      if (n.email() != null && emailTaken(sid, n.email())) {
        throw new ApiException(ErrorCode.EMAIL_EXISTS, "email is already used by another user");
      }
      if (store.deviceByContactUri(sid, n.contactUri()).isPresent()) {
        throw new ApiException(ErrorCode.DEVICE_EXISTS,
            "A device with device_contact_uri already exists in this account");
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      User user = new User(sid, Sids.newUserId(), n.firstName(), n.lastName(), n.email(),
          n.role(), null, now, null);
      boolean verified = account.autoVerifyDevices();
      Device device = store.createUser(user, new Device(0, sid, user.userId(), n.deviceName(),
          n.contactUri(), verified, verified, null));
      LOG.info("{} - user {} created with device {} {}", r.requestId(), user.userId(),
          device.id(), PhoneNumbers.mask(device.contactUri()));
      return Reply.ok(UserJson.user(user, account.zone(), Fields.ALL, List.of(device)));
    });
  }

  /** GET /users: a page of the account's users in creation order. */
  Reply list(Request r) {
    Account account = r.account();
    ListQuery q = UserQueries.listQuery(r);
    // The page first, then the total: users are only ever appended, so the total counts at
    // least everything up to the page's end and a client walking offset += count stops right.
    List<User> users = store.users(account.sid(), q.filter(), q.offset(), q.limit());
    int total = store.countUsers(account.sid(), q.filter());
    List<byte[]> items = new ArrayList<>(users.size());
    for (User u : users) {
      List<Device> devices = q.fields().devices()
          ? store.devices(account.sid(), u.userId()) : List.of();
      items.add(UserJson.user(u, account.zone(), q.fields(), devices));
    }
    return Reply.page(items, total, q.offset(), q.limit());
  }

  /** GET /users/{user_id}: the user with every optional key. */
  Reply get(Request r) {
    // Every optional key is written anyway; the check still catches a misspelt field name.
    UserQueries.fields(r.query());
    Account account = r.account();
    User user = user(account.sid(), r.param("userId"));
    return Reply.ok(render(account, user));
  }

  /** PUT /users/{user_id}: names, role, and an email that was not set yet. */
  Reply update(Request r) {
    Account account = r.account();
    String sid = account.sid();
    UserChanges c = UserBodies.userChanges(r.body());
    return LOCKS.with(sid, () -> {
      User old = user(sid, r.param("userId"));
      String email = old.email();
      if (c.emailGiven() && !sameEmail(c.email(), old.email())) {
        if (old.email() != null) {
          throw new ApiException(ErrorCode.USER_EMAIL_IMMUTABLE,
              "The user's email is already set and cannot be changed");
        }
        if (emailTaken(sid, c.email())) {
          throw new ApiException(ErrorCode.EMAIL_EXISTS,
              "email is already used by another user");
        }
        email = c.email();
      }
      User changed = new User(sid, old.userId(),
          c.firstName() == null ? old.firstName() : c.firstName(),
          c.lastName() == null ? old.lastName() : c.lastName(), email,
          c.role() == null ? old.role() : c.role(), old.activeCallSid(), old.createdAt(),
          old.lastLogin());
      if (!changed.equals(old)) {
        store.updateUser(changed);
        LOG.info("{} - user {} updated", r.requestId(), old.userId());
      }
      // Read back, so that active_call is as fresh as the answer can be.
      return Reply.ok(render(account, user(sid, old.userId())));
    });
  }

  /** DELETE /users/{user_id}: removes the user and its devices; answers what was removed. */
  Reply delete(Request r) {
    Account account = r.account();
    String sid = account.sid();
    return LOCKS.with(sid, () -> {
      User user = user(sid, r.param("userId"));
      List<Device> devices = store.devices(sid, user.userId());
      if (!store.deleteUser(sid, user.userId())) {
        throw unknownUser();
      }
      LOG.info("{} - user {} deleted with {} device(s)", r.requestId(), user.userId(),
          devices.size());
      return Reply.ok(UserJson.user(user, account.zone(), Fields.ALL, devices));
    });
  }

  /** PUT /users/{user_id}/devices/{device_id}: availability and number. */
  Reply updateDevice(Request r) {
    Account account = r.account();
    String sid = account.sid();
    DeviceChanges c = UserBodies.deviceChanges(r.body());
    return LOCKS.with(sid, () -> {
      User user = user(sid, r.param("userId"));
      Device old = device(sid, r.param("deviceId"))
          .filter(d -> d.userId().equals(user.userId()))
          .orElseThrow(() -> unknownDevice("this user has no device with that id"));
      String uri = old.contactUri();
      boolean verified = old.verified();
      boolean available = old.available();
      if (c.contactUri() != null && !c.contactUri().equals(uri)) {
        if (store.deviceByContactUri(sid, c.contactUri()).isPresent()) {
          throw new ApiException(ErrorCode.DEVICE_NUMBER_TAKEN,
              "Another device in this account already has contact_uri");
        }
        uri = c.contactUri();
        verified = account.autoVerifyDevices();
        available = available && verified;
      }
      if (Boolean.TRUE.equals(c.available())) {
        if (!verified) {
          throw new ApiException(ErrorCode.DEVICE_NOT_VERIFIED,
              "The device is not verified, so it cannot be turned ON");
        }
        if (otherDeviceOn(sid, old)) {
          throw new ApiException(ErrorCode.ANOTHER_DEVICE_ON,
              "Another device of this user is ON; turn it OFF first");
        }
        available = true;
      } else if (Boolean.FALSE.equals(c.available())) {
        available = false;
      }
      Device changed = new Device(old.id(), sid, old.userId(), old.name(), uri, available,
          verified, old.status());
      if (!changed.equals(old)) {
        store.updateDeviceSettings(changed);
        LOG.info("{} - device {} of user {}: {} {} {}", r.requestId(), old.id(),
            old.userId(), PhoneNumbers.mask(uri), available ? "ON" : "OFF",
            verified ? "verified" : "unverified");
      }
      return Reply.ok(UserJson.device(device(sid, String.valueOf(old.id())).orElseThrow(
          () -> unknownDevice("the device was removed meanwhile")), user(sid, user.userId())));
    });
  }

  /**
   * The control plane's verification: marks the device verified, as the real service's
   * verification call would, and turns it ON when no other device of its user is ON.
   */
  Reply verifyDevice(Request r) {
    Account account = sandboxAccount(r);
    String sid = account.sid();
    return LOCKS.with(sid, () -> {
      Device old = device(sid, r.param("deviceId"))
          .orElseThrow(() -> unknownDevice("this account has no device with that id"));
      if (!old.verified()) {
        boolean on = !otherDeviceOn(sid, old);
        store.updateDeviceSettings(new Device(old.id(), sid, old.userId(), old.name(),
            old.contactUri(), on, true, old.status()));
        LOG.info("{} - device {} {} verified{}", r.requestId(), old.id(),
            PhoneNumbers.mask(old.contactUri()), on ? " and ON" : "");
      }
      Device now = device(sid, r.param("deviceId")).orElseThrow(
          () -> unknownDevice("the device was removed meanwhile"));
      return Reply.ok(UserJson.device(now, user(sid, now.userId())));
    });
  }

  /**
   * The control plane's extra device for a user (the real service adds them through its
   * dashboard): verified at once when the account auto-verifies, ON when verified and no other
   * device of the user is ON.
   */
  Reply addDevice(Request r) {
    Account account = sandboxAccount(r);
    String sid = account.sid();
    NewDevice n = UserBodies.newDevice(r.body());
    return LOCKS.with(sid, () -> {
      User user = user(sid, r.param("userId"));
      if (store.deviceByContactUri(sid, n.contactUri()).isPresent()) {
        throw new ApiException(ErrorCode.DEVICE_EXISTS,
            "A device with contact_uri already exists in this account");
      }
      boolean verified = account.autoVerifyDevices();
      boolean on = verified && store.devices(sid, user.userId()).stream()
          .noneMatch(Device::available);
      Device added = store.addDevice(new Device(0, sid, user.userId(), n.name(),
          n.contactUri(), on, verified, null));
      LOG.info("{} - device {} {} added to user {}", r.requestId(), added.id(),
          PhoneNumbers.mask(added.contactUri()), user.userId());
      return Reply.ok(UserJson.device(added, user));
    });
  }

  private byte[] render(Account account, User user) {
    return UserJson.user(user, account.zone(), Fields.ALL,
        store.devices(account.sid(), user.userId()));
  }

  private Account sandboxAccount(Request r) {
    return store.account(r.param("sid")).orElseThrow(() -> new ApiException(
        ErrorCode.SANDBOX_INVALID, "unknown account: " + printable(r.param("sid"))));
  }

  private User user(String sid, String userId) {
    if (!Sids.isUserId(userId)) {
      throw unknownUser();
    }
    return store.user(sid, userId).orElseThrow(UserService::unknownUser);
  }

  private Optional<Device> device(String sid, String deviceId) {
    if (deviceId == null || !deviceId.matches("[1-9][0-9]{0,17}")) {
      return Optional.empty();
    }
    return store.device(sid, Long.parseLong(deviceId));
  }

  private boolean otherDeviceOn(String sid, Device device) {
    return store.devices(sid, device.userId()).stream()
        .anyMatch(d -> d.id() != device.id() && d.available());
  }

  private boolean emailTaken(String sid, String email) {
    return store.countUsers(sid, new UserFilter(List.of(), email)) > 0;
  }

  private static boolean sameEmail(String a, String b) {
    return a == null ? b == null : a.equalsIgnoreCase(b);
  }

  private static ApiException unknownUser() {
    return new ApiException(ErrorCode.USER_NOT_FOUND, "No user with this id in this account");
  }

  private static ApiException unknownDevice(String description) {
    return new ApiException(ErrorCode.NOT_FOUND, "No such device: " + description);
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
