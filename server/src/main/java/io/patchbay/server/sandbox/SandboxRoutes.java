package io.patchbay.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.call.CallService;
import io.patchbay.server.cluster.Peers;
import io.patchbay.server.http.ApiServer;
import io.patchbay.server.http.Fault;
import io.patchbay.server.http.Json;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.AccountStore;
import io.patchbay.telephony.sim.Behaviours;
import io.patchbay.telephony.sim.Outcome;
import io.patchbay.telephony.sim.PhoneBehaviour;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox control plane under {@code /_sim/v1}: an account's clock, phone behaviours and
 * forced hang-ups. Documented in docs/sandbox.md.
 */
public final class SandboxRoutes {
  private final AccountStore accounts;
  private final Timelines timelines;
  private final Behaviours behaviours;
  private final CallService calls;
  private final Faults faults;

  private SandboxRoutes(AccountStore accounts, Timelines timelines, Behaviours behaviours,
      CallService calls, Faults faults) {
    this.accounts = accounts;
    this.timelines = timelines;
    this.behaviours = behaviours;
    this.calls = calls;
    this.faults = faults;
  }

  /**
   * Registers the control plane on {@code server}. On several nodes, {@code peers} runs the
   * per-call actions where the call is driven, and the clock, phone and reset requests on
   * every node; faults stay on the node that got them.
   */
  public static void register(ApiServer server, AccountStore accounts, Timelines timelines,
      Behaviours behaviours, CallService calls, Faults faults, Peers peers) {
    SandboxRoutes routes = new SandboxRoutes(accounts, timelines, behaviours, calls, faults);
    String base = "/_sim/v1/accounts/:sid";
    server.sandboxRoute(HttpMethod.GET, base + "/clock", routes::clock);
    server.sandboxRoute(HttpMethod.POST, base + "/clock",
        peers.onEveryNode(base + "/clock", routes::setClock));
    server.sandboxRoute(HttpMethod.GET, base + "/phones", routes::listPhones);
    String phone = base + "/phones/:uri";
    server.sandboxRoute(HttpMethod.PUT, phone, peers.onEveryNode(phone, routes::setPhone));
    server.sandboxRoute(HttpMethod.DELETE, phone, peers.onEveryNode(phone, routes::clearPhone));
    String leg = base + "/calls/:callSid/legs/:leg";
    server.sandboxRoute(HttpMethod.POST, leg + "/hangup",
        peers.atCallOwner(leg + "/hangup", routes::hangup));
    server.sandboxRoute(HttpMethod.POST, leg + "/answer",
        peers.atCallOwner(leg + "/answer", routes::answer));
    server.sandboxRoute(HttpMethod.DELETE, base + "/calls",
        peers.othersThenHere(base + "/calls", routes::reset));
    server.sandboxRoute(HttpMethod.GET, base + "/faults", routes::listFaults);
    server.sandboxRoute(HttpMethod.POST, base + "/faults", routes::armFault);
    server.sandboxRoute(HttpMethod.DELETE, base + "/faults", routes::clearFaults);
  }

  private Account account(Request r) {
    return accounts.account(r.param("sid")).orElseThrow(
        () -> invalid("unknown account: " + r.param("sid")));
  }

  private Reply clock(Request r) {
    return Reply.ok(clockJson(timelines.of(account(r).sid())));
  }

  private Reply setClock(Request r) {
    Timeline timeline = timelines.of(account(r).sid());
    JsonNode body = body(r);
    String mode = text(body, "mode");
    JsonNode speed = body.get("speed");
    JsonNode advance = body.get("advance_seconds");
    if (mode != null && !mode.equals("manual") && !mode.equals("running")) {
      throw invalid("mode must be manual or running");
    }
    if (speed != null && (!speed.isNumber() || !(speed.doubleValue() > 0)
        || speed.doubleValue() > 10_000)) {
      throw invalid("speed must be a number above 0 and at most 10000");
    }
    if (advance != null && (!advance.isNumber() || advance.doubleValue() < 0
        || advance.doubleValue() > 31_536_000)) {
      throw invalid("advance_seconds must be a number from 0 to 31536000");
    }
    String setTime = text(body, "set_time");
    Instant setTo = null;
    if (advance != null && setTime != null) {
      throw invalid("give advance_seconds or set_time, not both");
    }
    if (setTime != null) {
      Instant target;
      try {
        target = java.time.OffsetDateTime.parse(setTime).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw invalid("set_time must be an ISO 8601 time with an offset");
      }
      if (target.isBefore(timeline.clock().instant())) {
        throw invalid("set_time is before the clock's time; a clock never goes back");
      }
      setTo = target;
    }
    boolean running = "running".equals(mode) || mode == null && speed != null;
    boolean manualAfter = "manual".equals(mode) || !running && timeline.clock().isManual();
    if ((advance != null || setTo != null) && !manualAfter) {
      throw invalid("advance_seconds and set_time need a manual clock (set mode to manual)");
    }
    if ("manual".equals(mode)) {
      timeline.setManual();
    } else if (running) {
      timeline.setRunning(speed == null ? 1.0 : speed.doubleValue());
    }
    if (advance != null) {
      timeline.advance(Duration.ofMillis((long) (advance.doubleValue() * 1000)));
    } else if (setTo != null) {
      Duration gap = Duration.between(timeline.clock().instant(), setTo);
      timeline.advance(gap.isNegative() ? Duration.ZERO : gap);
    }
    return Reply.ok(clockJson(timeline));
  }

  private static byte[] clockJson(Timeline t) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("mode", t.clock().isManual() ? "manual" : "running");
      g.writeNumberField("speed", t.clock().isManual() ? 0 : t.clock().speed());
      g.writeStringField("now", Instant.now(t.clock()).toString());
      g.writeNumberField("pending_timers", t.pending());
      g.writeEndObject();
    });
  }

  private Reply setPhone(Request r) {
    Account account = account(r);
    String uri = contactUri(r.param("uri"));
    JsonNode body = body(r);
    String outcomeName = text(body, "outcome");
    Outcome outcome;
    try {
      outcome = Outcome.parse(outcomeName == null ? "answer" : outcomeName);
    } catch (IllegalArgumentException e) {
      throw invalid("outcome: " + e.getMessage());
    }
    Duration ring = seconds(body, "ring_seconds", 0);
    Duration talk = body.hasNonNull("hangup_after_seconds")
        ? seconds(body, "hangup_after_seconds", 0) : null;
    PhoneBehaviour behaviour = new PhoneBehaviour(outcome, ring, talk);
    behaviours.set(account.sid(), uri, behaviour);
    return Reply.ok(phoneJson(uri, behaviour));
  }

  private static byte[] phoneJson(String uri, PhoneBehaviour b) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("contact_uri", uri);
      g.writeStringField("outcome", b.outcome().name().toLowerCase(java.util.Locale.ROOT));
      g.writeNumberField("ring_seconds", b.ringFor().toSeconds());
      if (b.hangupAfter() == null) {
        g.writeNullField("hangup_after_seconds");
      } else {
        g.writeNumberField("hangup_after_seconds", b.hangupAfter().toSeconds());
      }
      g.writeEndObject();
    });
  }

  private Reply listPhones(Request r) {
    Map<String, PhoneBehaviour> set = behaviours.list(account(r).sid());
    List<byte[]> items = new ArrayList<>();
    new TreeMap<>(set).forEach((uri, b) -> items.add(phoneJson(uri, b)));
    return Reply.page(items, items.size(), 0, items.size());
  }

  private Reply clearPhone(Request r) {
    Account account = account(r);
    String uri = contactUri(r.param("uri"));
    boolean removed = behaviours.clear(account.sid(), uri);
    return Reply.ok(Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("contact_uri", uri);
      g.writeBooleanField("removed", removed);
      g.writeEndObject();
    }));
  }

  private Reply hangup(Request r) {
    Account account = account(r);
    calls.hangup(account, r.param("callSid"), leg(r));
    return Reply.ok(calls.details(account, r.param("callSid")));
  }

  private Reply answer(Request r) {
    Account account = account(r);
    calls.answer(account, r.param("callSid"), leg(r));
    return Reply.ok(calls.details(account, r.param("callSid")));
  }

  /** Resets here; {@code others} are the replies of the other nodes, which reset first. */
  private Reply reset(Request r, List<Reply> others) {
    int deleted = calls.reset(account(r));
    for (Reply other : others) {
      deleted += JsonBodies.objectOrEmpty(other.data(), ErrorCode.SANDBOX_INVALID)
          .path("deleted_calls").asInt();
    }
    int total = deleted;
    return Reply.ok(Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("deleted_calls", total);
      g.writeEndObject();
    }));
  }

  private Reply listFaults(Request r) {
    int armed = faults.count(account(r).sid());
    return Reply.ok(Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("armed", armed);
      g.writeEndObject();
    }));
  }

  private Reply armFault(Request r) {
    Account account = account(r);
    JsonNode body = body(r);
    String kind = text(body, "kind");
    Fault.Kind parsed = switch (kind == null ? "" : kind) {
      case "error_500" -> Fault.Kind.ERROR_500;
      case "rate_limit_429" -> Fault.Kind.RATE_LIMIT_429;
      case "delay" -> Fault.Kind.DELAY;
      default -> throw invalid("kind must be error_500, rate_limit_429 or delay");
    };
    long delay = 0;
    if (body.hasNonNull("delay_ms")) {
      JsonNode d = body.get("delay_ms");
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0
          || d.longValue() > 60_000) {
        throw invalid("delay_ms must be a whole number from 0 to 60000");
      }
      delay = d.longValue();
    } else if (parsed == Fault.Kind.DELAY) {
      throw invalid("delay_ms is required for a delay fault");
    }
    JsonNode countNode = body.get("count");
    int count = 1;
    if (countNode != null && !countNode.isNull()) {
      if (!countNode.isIntegralNumber() || !countNode.canConvertToInt()
          || countNode.intValue() < 1 || countNode.intValue() > 1000) {
        throw invalid("count must be a whole number from 1 to 1000");
      }
      count = countNode.intValue();
    }
    String callSid = text(body, "call_sid");
    if (callSid != null && !io.patchbay.core.account.Sids.isCallSid(callSid)) {
      throw invalid("call_sid must be 32 characters of [0-9a-z]");
    }
    faults.arm(account.sid(), callSid, new Fault(parsed, delay), count);
    return listFaults(r);
  }

  private Reply clearFaults(Request r) {
    int cleared = faults.clear(account(r).sid());
    return Reply.ok(Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("cleared", cleared);
      g.writeEndObject();
    }));
  }

  private static int leg(Request r) {
    String raw = r.param("leg");
    if (!"1".equals(raw) && !"2".equals(raw)) {
      throw invalid("leg must be 1 (agent) or 2 (customer)");
    }
    return Integer.parseInt(raw);
  }

  private static String contactUri(String raw) {
    return PhoneNumbers.normaliseContactUri(raw).orElseThrow(
        () -> invalid("uri must be a phone number or SIP URI"));
  }

  private static JsonNode body(Request r) {
    return JsonBodies.objectOrEmpty(r.body(), ErrorCode.SANDBOX_INVALID);
  }


  private static String text(JsonNode body, String key) {
    return JsonBodies.text(body, key, key, ErrorCode.SANDBOX_INVALID);
  }


  private static Duration seconds(JsonNode body, String key, long byDefault) {
    JsonNode n = body.get(key);
    if (n == null || n.isNull()) {
      return Duration.ofSeconds(byDefault);
    }
    if (!n.isNumber() || n.doubleValue() < 0 || n.doubleValue() > 86_400) {
      throw invalid(key + " must be a number of seconds from 0 to 86400");
    }
    return Duration.ofMillis((long) (n.doubleValue() * 1000));
  }

  private static ApiException invalid(String description) {
    return new ApiException(ErrorCode.SANDBOX_INVALID, description);
  }
}
