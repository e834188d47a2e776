package io.patchbay.store;

/**
 * A store that cannot do what was asked: unreachable, full, or holding data it cannot read.
 * The message names the operation and, where there is one, the call sid.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the store failed; the server maps each to its own error code. */
  public enum Kind {
    /** The database could not be reached or refused the operation. */
    UNAVAILABLE,
    /** A stored row could not be read back into the model. */
    UNREADABLE
  }

  private final Kind kind;

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
