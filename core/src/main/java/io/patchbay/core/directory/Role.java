package io.patchbay.core.directory;

import java.util.Optional;

/** A user's role in the account. */
public enum Role {
  ADMIN("admin"),
  SUPERVISOR("supervisor"),
  USER("user");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  /** The name on the wire. */
  public String wire() {
    return wire;
  }

  /** The role named {@code wire} exactly, or empty. */
  public static Optional<Role> fromWire(String wire) {
    for (Role role : values()) {
      if (role.wire.equals(wire)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
