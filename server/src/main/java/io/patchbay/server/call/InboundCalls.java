package io.patchbay.server.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.Direction;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.flow.Applet;
import io.patchbay.core.flow.Flow;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.http.JsonBodies;
import io.patchbay.store.Store;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.call.DriverSettings;
import io.patchbay.telephony.call.InboundCallDriver;
import io.patchbay.telephony.call.InboundScript;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts scripted inbound calls (the control plane): a caller dials an ExoPhone, and the call
 * runs through the ExoPhone's flow. Every check happens before the call exists, so a refused
 * script creates nothing.
 */
public final class InboundCalls {
  private final Store store;
  private final Timelines timelines;
  private final TelephonyEngine engine;
  private final DriverSettings settings;
  private final CallService calls;

  public InboundCalls(Store store, Timelines timelines, TelephonyEngine engine,
      DriverSettings settings, CallService calls) {
    this.store = store;
    this.timelines = timelines;
    this.engine = engine;
    this.settings = settings;
    this.calls = calls;
  }

  /**
   * Validates a script and starts its call.
   *
   * @return the rendered details of the new, active call
   * @throws ApiException 400/9400 naming the problem; nothing is created then
   */
  public byte[] start(Account account, byte[] body) {
    JsonNode root = JsonBodies.object(body, ErrorCode.SANDBOX_INVALID);
    String sid = account.sid();
    String caller = PhoneNumbers.normalise(text(root, "from"))
        .orElseThrow(() -> invalid("from must be the caller's phone number"));
    String exoPhone = PhoneNumbers.normalise(text(root, "to"))
        .orElseThrow(() -> invalid("to must be an ExoPhone number"));
    if (!store.hasExoPhone(sid, exoPhone)) {
      throw invalid("to is not an ExoPhone of this account");
    }
    Flow flow = store.exoPhoneFlow(sid, exoPhone).flatMap(id -> store.flow(sid, id))
        .orElseThrow(() -> invalid("the ExoPhone in to runs no flow"));
    List<String> digits = digits(root, flow);
    Duration hangup = seconds(root, "caller_hangup_after_seconds");
    List<InboundScript.Transfer> transfers = transfers(root, sid);

    Timeline timeline = timelines.of(sid);
    CallOptions options = new CallOptions(flow.recording(), flow.recordingChannels(), null,
        null, CallOptions.DEFAULT_ATTEMPT_TIME_OUT, null, List.of());
    Call call = new Call(Sids.newCallSid(), sid, Direction.INBOUND, exoPhone,
        timeline.instant(), null, caller, store.contactName(sid, caller).orElse(null), options,
        flow.id(), flow.name());
    InboundScript script = new InboundScript(digits, hangup, transfers);
    return calls.startDriven(account, call, (recorder, directory) -> InboundCallDriver.start(
        call, flow, script, timeline, engine, recorder, settings, directory));
  }

  private static List<String> digits(JsonNode root, Flow flow) {
    JsonNode node = root.get("digits");
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw invalid("digits must be an array of strings, one per gather applet");
    }
    List<Applet.Gather> gathers = flow.gathers();
    if (node.size() > gathers.size()) {
      throw invalid("digits has " + node.size() + " groups but the flow gathers "
          + gathers.size() + " time(s)");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode d = node.get(i);
      if (!d.isTextual() || !d.textValue().matches("[0-9*#]{0,20}")) {
        throw invalid("digits[" + i + "] must be a string of 0-9, * and #");
      }
      if (d.textValue().length() > gathers.get(i).maxDigits()) {
        throw invalid("digits[" + i + "] is longer than its gather's max_digits ("
            + gathers.get(i).maxDigits() + ")");
      }
      out.add(d.textValue());
    }
    return out;
  }

  private List<InboundScript.Transfer> transfers(JsonNode root, String sid) {
    JsonNode node = root.get("transfers");
    List<InboundScript.Transfer> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray() || node.size() > 20) {
      throw invalid("transfers must be an array of at most 20 items");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode t = node.get(i);
      String where = "transfers[" + i + "]";
      if (!t.isObject()) {
        throw invalid(where + " must be an object");
      }
      Duration after = seconds(t, "after_seconds");
      if (after == null) {
        throw invalid(where + ".after_seconds is required");
      }
      String group = text(t, "to_group_id");
      String user = text(t, "to_user_id");
      checkTarget(sid, group, user, where);
      out.add(new InboundScript.Transfer(after, group, user));
    }
    return out;
  }

  /**
   * Checks a transfer target: exactly one of a group with members or a user of the account.
   *
   * @throws ApiException 400/9400 naming the problem
   */
  public void checkTarget(String sid, String group, String user, String where) {
    if ((group == null) == (user == null)) {
      throw invalid(where + " must name exactly one of to_group_id or to_user_id");
    }
    if (group != null && store.group(sid, group).map(g -> g.members().isEmpty()).orElse(true)) {
      throw invalid(where + ".to_group_id names no group with members in this account");
    }
    if (user != null && store.user(sid, user).isEmpty()) {
      throw invalid(where + ".to_user_id names no user in this account");
    }
  }

  private static String text(JsonNode n, String key) {
    return JsonBodies.text(n, key, key, ErrorCode.SANDBOX_INVALID);
  }

  private static Duration seconds(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() > 86_400) {
      throw invalid(key + " must be a number of seconds from 0 to 86400");
    }
    return Duration.ofMillis((long) (v.doubleValue() * 1000));
  }

  static ApiException invalid(String description) {
    return new ApiException(ErrorCode.SANDBOX_INVALID, description);
  }
}
