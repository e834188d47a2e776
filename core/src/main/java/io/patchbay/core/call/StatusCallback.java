package io.patchbay.core.call;

import java.util.Objects;

/**
 * One {@code status_callback} item of a Make Call request.
 *
 * @param event {@code "answered"} or {@code "terminal"}
 * @param url an http or https URL
 */
public record StatusCallback(String event, String url) {
  public StatusCallback {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(url, "url");
  }
}
