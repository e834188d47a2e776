package io.patchbay.store;

import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import java.util.List;
import java.util.Optional;

/**
 * An account's directory: users and devices, ExoPhones, the address book and the do-not-call
 * list. Every method is scoped to one account; nothing crosses accounts.
 */
public interface DirectoryStore {
  /**
   * Stores a user and, when {@code device} is not null, its first device (whose id is ignored).
   *
   * @return the stored device with its id, or null when none was given
   */
  Device createUser(User user, Device device);

  Optional<User> user(String accountSid, String userId);

  /** Users in creation order, from {@code offset}, at most {@code limit}. */
  List<User> users(String accountSid, UserFilter filter, int offset, int limit);

  /** How many users match {@code filter}. */
  int countUsers(String accountSid, UserFilter filter);

  /** Replaces the stored names, email and role of {@code user}. */
  void updateUser(User user);

  /** Deletes a user and its devices; false when there was no such user. */
  boolean deleteUser(String accountSid, String userId);

  /** The user's devices, oldest first. */
  List<Device> devices(String accountSid, String userId);

  Optional<Device> device(String accountSid, long deviceId);

  Optional<Device> deviceByContactUri(String accountSid, String contactUri);

  /** Stores a new device (its id is ignored) and returns it with its id. */
  Device addDevice(Device device);

  /** Replaces the stored name, contact URI, availability, verification and status. */
  void updateDevice(Device device);

  /**
   * Replaces the stored name, contact URI, availability and verification of a device and leaves
   * its status as stored: the status belongs to the calls (see {@link #setDeviceStatus}), so a
   * settings change never undoes a call's concurrent status change.
   *
   * @return false when the account has no device with that id
   * @throws StoreException when the contact URI is taken by another device of the account
   */
  boolean updateDeviceSettings(Device device);

  /**
   * Sets only the status of a device: {@code "free"}, {@code "busy"} or null. Calls use it so
   * that a call starting or ending never overwrites a concurrent change of the device's
   * settings (an agent turning it OFF, say).
   *
   * @return false when the account has no device with that id
   */
  boolean setDeviceStatus(String accountSid, long deviceId, String status);

  void addExoPhone(String accountSid, String number);

  boolean hasExoPhone(String accountSid, String number);

  List<String> exoPhones(String accountSid);

  void putContact(String accountSid, String number, String name);

  Optional<String> contactName(String accountSid, String number);

  void addDoNotCall(String accountSid, String number);

  boolean removeDoNotCall(String accountSid, String number);

  boolean isDoNotCall(String accountSid, String number);
}
