package io.patchbay.server.users;

/**
 * Which optional keys a user's JSON carries ({@code fields=devices,active_call,last_login}).
 *
 * @param devices whether {@code devices} is written
 * @param activeCall whether {@code active_call} is written
 * @param lastLogin whether {@code last_login} is written
 */
record Fields(boolean devices, boolean activeCall, boolean lastLogin) {
  /** Every optional key: what single-user answers carry. */
  static final Fields ALL = new Fields(true, true, true);
  /** No optional key: the list's default. */
  static final Fields NONE = new Fields(false, false, false);
}
