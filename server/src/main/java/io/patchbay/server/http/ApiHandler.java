package io.patchbay.server.http;

/**
 * Handles one kind of request. Runs on a virtual thread, so it may block on the store; it
 * signals failures by throwing {@link io.patchbay.core.error.ApiException}.
 */
@FunctionalInterface
public interface ApiHandler {
  Reply handle(Request request);
}
