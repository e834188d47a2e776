package io.patchbay.server.http;

import java.util.Optional;

/**
 * The non-blocking first try of a read: answers from memory on the event loop, or returns empty
 * so that the blocking {@link ApiHandler} of the same route runs on a virtual thread.
 */
@FunctionalInterface
public interface QuickHandler {
  Optional<Reply> tryHandle(Request request);
}
