package io.patchbay.server.users;

import io.patchbay.server.http.ApiServer;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;

/**
 * The Users API of contract §6, and its two control-plane helpers. Documented in
 * docs/users-api.md.
 */
public final class UserRoutes {
  private static final String USERS = "/v2/accounts/:sid/users";
  private static final String USER = USERS + "/:userId";

  private UserRoutes() {}

  /**
   * Registers the Users API on {@code server}.
   *
   * @param clock the wall clock that stamps {@code created_time}
   */
  public static void register(ApiServer server, Store store, Clock clock) {
    UserService users = new UserService(store, clock);
    server.route(HttpMethod.POST, USERS, users::create);
    server.route(HttpMethod.GET, USERS, users::list);
    server.route(HttpMethod.GET, USER, users::get);
    server.route(HttpMethod.PUT, USER, users::update);
    server.route(HttpMethod.DELETE, USER, users::delete);
    server.route(HttpMethod.PUT, USER + "/devices/:deviceId", users::updateDevice);
  }

  /**
   * Registers the control-plane routes of devices on {@code server} (admin bearer token):
   * {@code POST /_sim/v1/accounts/:sid/devices/:deviceId/verify} verifies a device as the real
   * service's verification call would; {@code POST /_sim/v1/accounts/:sid/users/:userId/devices}
   * adds a device to a user, as the real service's dashboard would.
   */
  public static void registerSandbox(ApiServer server, Store store) {
    UserService users = new UserService(store, Clock.systemUTC());
    String base = "/_sim/v1/accounts/:sid";
    server.sandboxRoute(HttpMethod.POST, base + "/devices/:deviceId/verify",
        users::verifyDevice);
    server.sandboxRoute(HttpMethod.POST, base + "/users/:userId/devices", users::addDevice);
  }
}
