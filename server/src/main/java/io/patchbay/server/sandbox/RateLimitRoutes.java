package io.patchbay.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.cluster.Peers;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Json;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.server.http.RateLimiter;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.Store;
import io.vertx.core.http.HttpMethod;

/**
 * An account's own rate limit (contract §7 makes it configurable): read it, set it, or go back
 * to the server default. Kept in the store, so it survives restarts.
 */
public final class RateLimitRoutes {
  private RateLimitRoutes() {}

  /**
   * Loads the stored limits into {@code limiter} and registers the routes; on several nodes a
   * new limit reaches every node's limiter (see {@link Peers}).
   */
  public static void register(ApiServer server, Store store, RateLimiter limiter, Peers peers) {
    store.rateLimits().forEach(limiter::setLimit);
    String path = "/_sim/v1/accounts/:sid/rate-limit";
    server.sandboxRoute(HttpMethod.GET, path, r -> Reply.ok(json(limiter, sid(store, r))));
    server.sandboxRoute(HttpMethod.PUT, path, peers.onEveryNode(path, r -> {
      String sid = sid(store, r);
      JsonNode body = JsonBodies.object(r.body(), ErrorCode.SANDBOX_INVALID);
      JsonNode n = body.get("per_minute");
      if (n == null) {
        throw invalid("per_minute is required: a whole number from 0 (no limit) to 1000000,"
            + " or null for the server default");
      }
      Integer limit = null;
      if (!n.isNull()) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0
            || n.intValue() > 1_000_000) {
          throw invalid("per_minute must be a whole number from 0 to 1000000, or null");
        }
        limit = n.intValue();
      }
      store.setRateLimit(sid, limit);
      limiter.setLimit(sid, limit);
      return Reply.ok(json(limiter, sid));
    }));
  }

  private static String sid(Store store, Request r) {
    return store.account(r.param("sid")).orElseThrow(
        () -> invalid("unknown account: " + r.param("sid"))).sid();
  }

  private static byte[] json(RateLimiter limiter, String sid) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("per_minute", limiter.limitOf(sid));
      g.writeEndObject();
    });
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.SANDBOX_INVALID, description);
  }
}
