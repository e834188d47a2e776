package io.patchbay.server.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Json;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.StoredCallback;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;

/**
 * The callback routes: the delivery log on the public API (an extension), and on the control
 * plane the log, replays, faults and signing. Documented in docs/callbacks.md.
 */
public final class CallbackRoutes {
  private final Callbacks callbacks;

  private CallbackRoutes(Callbacks callbacks) {
    this.callbacks = callbacks;
  }

  /** Registers every callback route on {@code server}. */
  public static void register(ApiServer server, Callbacks callbacks) {
    CallbackRoutes routes = new CallbackRoutes(callbacks);
    server.route(HttpMethod.GET, "/v2/accounts/:sid/calls/:callSid/callbacks",
        r -> Reply.ok(routes.log(r.account().sid(), r.param("callSid"))));
    String base = "/_sim/v1/accounts/:sid";
    server.sandboxRoute(HttpMethod.GET, base + "/calls/:callSid/callbacks",
        r -> Reply.ok(routes.log(routes.account(r).sid(), r.param("callSid"))));
    server.sandboxRoute(HttpMethod.POST, base + "/calls/:callSid/callbacks/:id/replay",
        routes::replay);
    server.sandboxRoute(HttpMethod.GET, base + "/callback-faults", routes::faults);
    server.sandboxRoute(HttpMethod.POST, base + "/callback-faults", routes::addFault);
    server.sandboxRoute(HttpMethod.DELETE, base + "/callback-faults", routes::clearFaults);
    server.sandboxRoute(HttpMethod.GET, base + "/callback-signing", routes::signing);
    server.sandboxRoute(HttpMethod.PUT, base + "/callback-signing", routes::setSigning);
  }

  private Account account(Request r) {
    return callbacks.store().account(r.param("sid")).orElseThrow(
        () -> invalid("unknown account: " + r.param("sid")));
  }

  private byte[] log(String accountSid, String callSid) {
    if (!Sids.isCallSid(callSid)) {
      throw new ApiException(ErrorCode.CALL_SID_MALFORMED,
          "call_sid must be 32 characters of [0-9a-z]");
    }
    List<StoredCallback> list = callbacks.store().callbacks(accountSid, callSid);
    if (list.isEmpty() && callbacks.store().call(accountSid, callSid).isEmpty()) {
      throw new ApiException(ErrorCode.CALL_NOT_FOUND, "No call with this sid in this account");
    }
    return DeliveryLog.of(callSid, list, callbacks.store().callbackAttempts(callSid));
  }

  private Reply replay(Request r) {
    Account account = account(r);
    String callSid = r.param("callSid");
    long id;
    try {
      id = Long.parseLong(r.param("id"));
    } catch (NumberFormatException e) {
      throw invalid("id must be a callback id from the delivery log");
    }
    StoredCallback cb = callbacks.store().callback(id)
        .filter(c -> c.accountSid().equals(account.sid()) && c.callSid().equals(callSid))
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
            "No callback " + id + " for this call"));
    if (callbacks.dispatcher().replay(cb.id(), account.sid()).isEmpty()) {
      throw invalid("callback " + id + " is still pending; replay it once it is delivered or"
          + " failed");
    }
    return Reply.ok(log(account.sid(), callSid));
  }

  private Reply faults(Request r) {
    Account account = account(r);
    return Reply.ok(faultsJson(callbacks.faults().list(account.sid())));
  }

  private Reply addFault(Request r) {
    Account account = account(r);
    JsonNode body = body(r);
    Faults.Kind kind;
    try {
      kind = Faults.Kind.parse(body.path("kind").asText(""));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    Integer count = null;
    if (body.hasNonNull("count")) {
      if (!body.get("count").canConvertToInt() || !body.get("count").isIntegralNumber()) {
        throw invalid("count must be an integer");
      }
      count = body.get("count").intValue();
    }
    Double rate = null;
    if (body.hasNonNull("rate")) {
      if (!body.get("rate").isNumber()) {
        throw invalid("rate must be a number from 0 to 1");
      }
      rate = body.get("rate").doubleValue();
    }
    Duration delay = null;
    if (body.hasNonNull("delay_ms")) {
      if (!body.get("delay_ms").isIntegralNumber() || !body.get("delay_ms").canConvertToLong()) {
        throw invalid("delay_ms must be an integer");
      }
      delay = Duration.ofMillis(body.get("delay_ms").longValue());
    }
    if (count == null && rate == null) {
      count = 1;
    }
    try {
      callbacks.faults().add(account.sid(), kind, count, rate, delay);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    return Reply.ok(faultsJson(callbacks.faults().list(account.sid())));
  }

  private Reply clearFaults(Request r) {
    Account account = account(r);
    callbacks.faults().clear(account.sid());
    return Reply.ok(faultsJson(List.of()));
  }

  private static byte[] faultsJson(List<Faults.Rule> rules) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("faults");
      for (Faults.Rule rule : rules) {
        g.writeStartObject();
        g.writeNumberField("id", rule.id);
        g.writeStringField("kind", rule.kind.wire());
        if (rule.remaining == null) {
          g.writeNullField("count");
          g.writeNumberField("rate", rule.rate);
        } else {
          g.writeNumberField("count", rule.remaining);
          g.writeNullField("rate");
        }
        g.writeNumberField("delay_ms", rule.delay.toMillis());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private Reply signing(Request r) {
    Account account = account(r);
    return Reply.ok(signingJson(callbacks.store().signingSecret(account.sid()).orElse(null)));
  }

  private Reply setSigning(Request r) {
    Account account = account(r);
    JsonNode body = body(r);
    JsonNode enabled = body.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw invalid("enabled must be true or false");
    }
    JsonNode given = body.get("secret");
    if (given != null && !given.isNull() && (!given.isTextual()
        || given.textValue().length() < Signature.MIN_SECRET_LENGTH
        || given.textValue().length() > 256 || !given.textValue().matches("[\\x21-\\x7e]+"))) {
      throw invalid("secret must be " + Signature.MIN_SECRET_LENGTH
          + " to 256 printable ASCII characters without spaces");
    }
    String secret = null;
    if (enabled.booleanValue()) {
      secret = given != null && given.isTextual() ? given.textValue()
          : callbacks.store().signingSecret(account.sid()).orElseGet(Signature::newSecret);
    }
    callbacks.store().setSigningSecret(account.sid(), secret);
    return Reply.ok(signingJson(secret));
  }

  private static byte[] signingJson(String secret) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeBooleanField("enabled", secret != null);
      g.writeStringField("secret", secret);
      g.writeStringField("signature_header", Signature.SIGNATURE_HEADER);
      g.writeStringField("timestamp_header", Signature.TIMESTAMP_HEADER);
      g.writeEndObject();
    });
  }

  private static JsonNode body(Request r) {
    return JsonBodies.objectOrEmpty(r.body(), ErrorCode.SANDBOX_INVALID);
  }


  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.SANDBOX_INVALID, description);
  }
}
