package io.patchbay.core.directory;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent (or admin, or supervisor) of an account.
 *
 * @param accountSid the owning account
 * @param userId 32 lowercase hex characters
 * @param firstName first name
 * @param lastName last name
 * @param email unique in the account, or null
 * @param role the role
 * @param activeCallSid the call the user is on now, or null when free
 * @param createdAt when the user was created
 * @param lastLogin when the user last logged in, or null (Patchbay users never log in)
 */
public record User(
    String accountSid,
    String userId,
    String firstName,
    String lastName,
    String email,
    Role role,
    String activeCallSid,
    Instant createdAt,
    Instant lastLogin) {

  public User {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(firstName, "firstName");
    Objects.requireNonNull(lastName, "lastName");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The display name: first and last name joined by a space. */
  public String name() {
    return firstName + " " + lastName;
  }
}
