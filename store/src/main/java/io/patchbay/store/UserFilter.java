package io.patchbay.store;

import java.util.List;

/**
 * Filters of the user list.
 *
 * @param contactUris users with a device whose contact URI is one of these; empty for any
 * @param email users with this email; null for any
 */
public record UserFilter(List<String> contactUris, String email) {
  public UserFilter {
    contactUris = List.copyOf(contactUris);
  }

  /** No filter. */
  public static UserFilter all() {
    return new UserFilter(List.of(), null);
  }
}
