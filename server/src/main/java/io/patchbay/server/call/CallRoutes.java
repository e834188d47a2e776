package io.patchbay.server.call;

import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Reply;
import io.vertx.core.http.HttpMethod;

/** The call routes of the public API and its legs extension. */
public final class CallRoutes {
  private CallRoutes() {}

  /** Registers Make Call, call details and the legs extension on {@code server}. */
  public static void register(ApiServer server, CallService calls) {
    server.route(HttpMethod.POST, "/v2/accounts/:sid/calls",
        r -> Reply.ok(calls.makeCall(r.account(), r.body())));
    server.route(HttpMethod.GET, "/v2/accounts/:sid/calls/:callSid",
        r -> calls.quickDetails(r.account(), r.param("callSid")).map(CallRoutes::details),
        r -> details(calls.details(r.account(), r.param("callSid"))));
    server.route(HttpMethod.GET, "/v2/accounts/:sid/calls/:callSid/legs",
        r -> Reply.ok(calls.events(r.account(), r.param("callSid"))));
  }

  /**
   * A 200 with a call's details; with their entity tag when they are a terminal call's, from
   * the terminal cache. A live call's details get none: they change with every event of the
   * call and are rendered again on every read, so a tag would cost a hash a read and save
   * nothing.
   */
  private static Reply details(byte[] data) {
    return Reply.ok(data, TerminalCache.etagFor(data));
  }
}
