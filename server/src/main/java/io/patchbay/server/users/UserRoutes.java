package io.patchbay.server.users;

import io.patchbay.server.http.ApiServer;
import io.patchbay.store.Store;
import java.time.Clock;

/** The Users API of contract §6. */
public final class UserRoutes {
  private UserRoutes() {}

  /** Registers the Users API on {@code server}. */
  public static void register(ApiServer server, Store store, Clock clock) {
    // TODO(#5): the Users API routes.
  }
}
