package io.patchbay.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.call.CallService;
import io.patchbay.server.call.InboundCalls;
import io.patchbay.server.cluster.Peers;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.AccountStore;
import io.vertx.core.http.HttpMethod;

/** The control plane's scripted calls: inbound calls through flows, and agents' transfers. */
public final class CallScriptRoutes {
  private CallScriptRoutes() {}

  /**
   * Registers the routes on {@code server}; on several nodes a transfer runs on the node that
   * drives the call (see {@link Peers}).
   */
  public static void register(ApiServer server, AccountStore accounts, CallService calls,
      InboundCalls inbound, Peers peers) {
    String base = "/_sim/v1/accounts/:sid";
    server.sandboxRoute(HttpMethod.POST, base + "/inbound",
        r -> Reply.ok(inbound.start(account(accounts, r), r.body())));
    String transfer = base + "/calls/:callSid/transfer";
    server.sandboxRoute(HttpMethod.POST, transfer, peers.atCallOwner(transfer, r -> {
      Account account = account(accounts, r);
      JsonNode body = JsonBodies.object(r.body(), ErrorCode.SANDBOX_INVALID);
      String group = JsonBodies.text(body, "to_group_id", "to_group_id", ErrorCode.SANDBOX_INVALID);
      String user = JsonBodies.text(body, "to_user_id", "to_user_id", ErrorCode.SANDBOX_INVALID);
      inbound.checkTarget(account.sid(), group, user, "transfer");
      calls.transfer(account, r.param("callSid"), group, user);
      return Reply.ok(calls.details(account, r.param("callSid")));
    }));
  }

  private static Account account(AccountStore accounts, Request r) {
    return accounts.account(r.param("sid")).orElseThrow(
        () -> invalid("unknown account: " + r.param("sid")));
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.SANDBOX_INVALID, description);
  }
}
