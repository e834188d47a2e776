package io.patchbay.core.error;

import java.util.Objects;

/**
 * An error that is answered to the client: it carries the {@link ErrorCode} and a description
 * for a human. One place in the server turns it into the envelope.
 *
 * <p><b>Note:</b> the description goes on the wire, so it must never hold a token or a full
 * phone number of somebody other than the caller.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode error;

  /**
   * Creates an error answer.
   *
   * @throws NullPointerException if {@code error} or {@code description} is null
   */
  public ApiException(ErrorCode error, String description) {
    super(Objects.requireNonNull(description, "description"), null, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  /** Creates an error answer that keeps its cause for the log. */
  public ApiException(ErrorCode error, String description, Throwable cause) {
    super(Objects.requireNonNull(description, "description"), cause, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  public ErrorCode error() {
    return error;
  }

  /** The human-readable description, {@code error_data.description} on the wire. */
  public String description() {
    return getMessage();
  }
}
