package io.patchbay.server.call;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.call.AgentRef;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallDetails;
import io.patchbay.core.call.CallDetailsRules;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallRecovery;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.User;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.core.phone.PhoneNumbers;
import io.patchbay.server.callbacks.Callbacks;
import io.patchbay.server.http.Json;
import io.patchbay.server.recordings.Recordings;
import io.patchbay.store.Store;
import io.patchbay.store.StoreException;
import io.patchbay.store.StoredCall;
import io.patchbay.telephony.TelephonyEngine;
import io.patchbay.telephony.call.AgentDirectory;
import io.patchbay.telephony.call.CallRecorder;
import io.patchbay.telephony.call.DriverSettings;
import io.patchbay.telephony.call.CallDriver;
import io.patchbay.telephony.call.OutboundCallDriver;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places and reads calls: Make Call's admission checks, the live calls this process drives, and
 * the rendered details of every call.
 */
public final class CallService {
  private static final Logger LOG = LoggerFactory.getLogger(CallService.class);

  private final Store store;
  private final Timelines timelines;
  private final TelephonyEngine engine;
  private final DriverSettings settings;
  private final Function<String, Account> accounts;
  private final Callbacks callbacks;
  private final Map<String, LiveCall> live = new ConcurrentHashMap<>();
  private final Map<String, Account> accountCache = new ConcurrentHashMap<>();
  private final TerminalCache terminal = new TerminalCache(100_000);
  private final LiveRecorder recorder;
  private final StoreAgentDirectory directory;
  private final Recordings recordings;
  private final Supplier<String> baseUrl;
  private final String nodeId;

  /**
   * Creates the service.
   *
   * @param accounts finds an account by sid (for its time zone when rendering)
   * @param callbacks records and delivers the status callbacks events fire
   */
  public CallService(Store store, Timelines timelines, TelephonyEngine engine,
      DriverSettings settings, Function<String, Account> accounts, Callbacks callbacks,
      Recordings recordings, Supplier<String> baseUrl) {
    this(store, timelines, engine, settings, accounts, callbacks, recordings, baseUrl, null);
  }

  /**
   * Creates the service of node {@code nodeId}, which owns the calls it creates (null: calls
   * are stored with no owner).
   */
  public CallService(Store store, Timelines timelines, TelephonyEngine engine,
      DriverSettings settings, Function<String, Account> accounts, Callbacks callbacks,
      Recordings recordings, Supplier<String> baseUrl, String nodeId) {
    this.nodeId = nodeId;
    this.store = store;
    this.timelines = timelines;
    this.engine = engine;
    this.settings = settings;
    this.accounts = accounts;
    this.callbacks = callbacks;
    this.directory = new StoreAgentDirectory(store);
    this.recordings = recordings;
    this.baseUrl = baseUrl;
    this.recorder = new LiveRecorder(live, terminal, store, timelines, callbacks, recordings,
        new LiveRecorder.Details() {
          @Override
          public byte[] render(Call call, List<CallEvent> log) {
            return CallService.this.render(account(call.accountSid()), call, log);
          }

          @Override
          public TerminalCache.Rendered cached(Call call, List<CallEvent> log) {
            return rendered(call.accountSid(), log, render(call, log));
          }
        });
  }

  /** How many calls this process drives now. */
  public int liveCount() {
    return live.size();
  }

  /**
   * Admits and places a Make Call call (contract §4).
   *
   * @return the rendered details of the new, active call
   * @throws ApiException for a bad body or a failed admission check, creating nothing
   */
  public byte[] makeCall(Account account, byte[] body) {
    MakeCallRequest request = MakeCallParser.parse(body);
    callbacks.check(request.options().statusCallbacks());
    String sid = account.sid();

    Device device = agentDevice(sid, request);
    User user = store.user(sid, device.userId()).orElseThrow(
        () -> new ApiException(ErrorCode.MAKE_CALL_USER_NOT_FOUND, "The agent was not found"));
    if (!device.verified()) {
      throw new ApiException(ErrorCode.MAKE_CALL_DEVICE_NOT_VERIFIED,
          "The agent's device " + PhoneNumbers.mask(device.contactUri()) + " is not verified");
    }
    if (!device.available()) {
      throw new ApiException(ErrorCode.MAKE_CALL_DEVICE_OFF,
          "The agent's device " + PhoneNumbers.mask(device.contactUri()) + " is OFF");
    }
    if (user.activeCallSid() != null) {
      throw agentBusy();
    }
    if (!store.hasExoPhone(sid, request.virtualNumber())) {
      throw new ApiException(ErrorCode.MAKE_CALL_VIRTUAL_NUMBER_NOT_FOUND,
          "virtual_number is not an ExoPhone of this account");
    }
    if (store.isDoNotCall(sid, request.customerUri())) {
      throw new ApiException(ErrorCode.MAKE_CALL_DO_NOT_CALL,
          "The customer's number is on the account's do-not-call list");
    }

    Timeline timeline = timelines.of(sid);
    Instant now = timeline.instant();
    Call call = new Call(Sids.newCallSid(), sid, Direction.OUTBOUND, request.virtualNumber(),
        now, new AgentRef(user.userId(), user.name(), device.contactUri(), null, null),
        request.customerUri(), store.contactName(sid, request.customerUri()).orElse(null),
        request.options(), null, null);
    CallEvent created = new CallEvent(0, now, EventType.CALL_CREATED, 0, Map.of());
    LiveCall liveCall = new LiveCall(call, user.userId(), created);
    live.put(call.sid(), liveCall);
    boolean stored;
    try {
      stored = store.createCall(call, user.userId(), device.id(), created, nodeId);
    } catch (RuntimeException e) {
      live.remove(call.sid());
      throw e;
    }
    if (!stored) {
      live.remove(call.sid());
      throw agentBusy();
    }
    liveCall.durableThrough(0);
    LOG.info("{} - call placed: agent {} to customer {}", call.sid(),
        PhoneNumbers.mask(device.contactUri()), PhoneNumbers.mask(call.customerUri()));

    byte[] rendered = render(account, call, List.of(created));
    callbacks.hold(call);
    liveCall.driver = OutboundCallDriver.start(call, timeline, engine, recorder, settings,
        directory);
    return rendered;
  }

  private Device agentDevice(String sid, MakeCallRequest request) {
    if (request.userContactUri() != null) {
      return store.deviceByContactUri(sid, request.userContactUri()).orElseThrow(
          () -> new ApiException(ErrorCode.MAKE_CALL_USER_NOT_FOUND,
              "No agent has a device with from.user_contact_uri"));
    }
    List<Device> devices = store.devices(sid, request.userId());
    if (devices.isEmpty()) {
      if (store.user(sid, request.userId()).isEmpty()) {
        throw new ApiException(ErrorCode.MAKE_CALL_USER_NOT_FOUND,
            "No user with from.user_id in this account");
      }
      throw new ApiException(ErrorCode.MAKE_CALL_DEVICE_NOT_VERIFIED,
          "The agent has no verified device");
    }
    return devices.stream().filter(Device::available).findFirst().orElse(devices.get(0));
  }

  private static ApiException agentBusy() {
    return new ApiException(ErrorCode.MAKE_CALL_AGENT_BUSY, "The agent is already on a call");
  }

  /**
   * The rendered details of a call that needs no store access (live, or terminal and cached),
   * for the event loop; empty when the store must be read.
   */
  public Optional<byte[]> quickDetails(Account account, String callSid) {
    TerminalCache.Rendered cached = terminal.get(callSid);
    if (cached != null) {
      return cached.accountSid().equals(account.sid())
          ? Optional.of(cached.data()) : Optional.empty();
    }
    LiveCall c = live.get(callSid);
    if (c != null && c.call.accountSid().equals(account.sid()) && !c.unseen()) {
      return Optional.of(render(account, c.call, c.snapshot()));
    }
    return Optional.empty();
  }

  /**
   * The rendered details of a call of {@code account}. May read the store.
   *
   * @throws ApiException 404/3045 for a malformed sid, 404/3043 for an unknown one (also when
   *     it belongs to another account), 500/3042 or 3046 or 3075 when the store fails
   */
  public byte[] details(Account account, String callSid) {
    checkSid(callSid);
    Optional<byte[]> quick = quickDetails(account, callSid);
    if (quick.isPresent()) {
      return quick.get();
    }
    StoredCall stored = load(account, callSid);
    byte[] rendered = render(account, stored.call(), stored.events());
    if (isTerminal(stored.events())) {
      terminal.put(callSid, rendered(account.sid(), stored.events(), rendered));
    }
    return rendered;
  }

  /** The call's event log, for the legs extension endpoint. */
  public byte[] events(Account account, String callSid) {
    checkSid(callSid);
    LiveCall c = live.get(callSid);
    List<CallEvent> events = c != null && c.call.accountSid().equals(account.sid())
        && !c.unseen() ? c.snapshot() : load(account, callSid).events();
    return Json.bytes(g -> CallJson.writeEvents(g, callSid, events));
  }

  /**
   * Hangs up one leg of a live call now, as its party would (the control plane's force).
   *
   * @throws ApiException 404/3043 when the call is not live in this account, 400 when the leg
   *     is not up
   */
  public void hangup(Account account, String callSid, int leg) {
    if (!onTimeline(account, callSid, driver -> driver.hangup(leg))) {
      throw new ApiException(ErrorCode.SANDBOX_INVALID, "leg " + leg + " is not up");
    }
  }

  /**
   * Makes the ringing party of one leg answer now (the control plane's force).
   *
   * @throws ApiException 404/3043 when the call is not live in this account, 400 when the leg
   *     is not ringing
   */
  public void answer(Account account, String callSid, int leg) {
    if (!onTimeline(account, callSid, driver -> driver.answer(leg))) {
      throw new ApiException(ErrorCode.SANDBOX_INVALID, "leg " + leg + " is not ringing");
    }
  }

  /**
   * The agent talking on a live call transfers the customer to a group or a user (the control
   * plane's script of what an agent does).
   *
   * @throws ApiException 404/3043 when the call is not live in this account, 400 when no agent
   *     is talking to the customer now
   */
  public void transfer(Account account, String callSid, String groupId, String userId) {
    if (!onTimeline(account, callSid, driver -> driver.transfer(groupId, userId))) {
      throw new ApiException(ErrorCode.SANDBOX_INVALID,
          "no agent is talking to the customer on this call now");
    }
  }

  /**
   * Stores a new call with its creation event and starts its driver on the account's timeline.
   *
   * @return the rendered details of the new, active call
   */
  byte[] startDriven(Account account, Call call,
      java.util.function.BiFunction<CallRecorder, AgentDirectory, CallDriver> starter) {
    CallEvent created = new CallEvent(0, call.createdAt(), EventType.CALL_CREATED, 0, Map.of());
    LiveCall liveCall = new LiveCall(call, null, created);
    live.put(call.sid(), liveCall);
    try {
      store.createCall(call, null, created, nodeId);
    } catch (RuntimeException e) {
      live.remove(call.sid());
      throw e;
    }
    liveCall.durableThrough(0);
    callbacks.hold(call);
    byte[] rendered = render(account, call, List.of(created));
    liveCall.driver = starter.apply(recorder, directory);
    return rendered;
  }

  private boolean onTimeline(Account account, String callSid,
      Predicate<CallDriver> action) {
    checkSid(callSid);
    LiveCall c = live.get(callSid);
    if (c == null || !c.call.accountSid().equals(account.sid()) || c.driver == null) {
      throw new ApiException(ErrorCode.CALL_NOT_FOUND, "No live call with this sid");
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    timelines.of(account.sid()).now(callSid, () -> done.complete(action.test(c.driver)));
    boolean acted = done.join();
    // What the action appended is queued for the store: durable, and so visible, before the
    // control plane answers.
    store.awaitWrites();
    return acted;
  }

  /**
   * Deletes every call of the account, live ones included, and frees its agents (the control
   * plane's reset).
   *
   * @return how many calls were deleted
   */
  public int reset(Account account) {
    CompletableFuture<Void> dropped = new CompletableFuture<>();
    timelines.of(account.sid()).now(account.sid(), () -> {
      live.values().removeIf(c -> {
        boolean mine = c.call.accountSid().equals(account.sid());
        if (mine) {
          c.drop();
          if (c.driver != null) {
            c.driver.abandon();
          }
        }
        return mine;
      });
      dropped.complete(null);
    });
    dropped.join();
    terminal.removeAccount(account.sid());
    int deleted = store.deleteCalls(account.sid());
    LOG.info("{} - reset: {} call(s) deleted", account.sid(), deleted);
    return deleted;
  }

  private static void checkSid(String callSid) {
    if (!Sids.isCallSid(callSid)) {
      throw new ApiException(ErrorCode.CALL_SID_MALFORMED,
          "call_sid must be 32 characters of [0-9a-z]");
    }
  }

  private StoredCall load(Account account, String callSid) {
    try {
      return store.call(account.sid(), callSid).orElseThrow(() -> new ApiException(
          ErrorCode.CALL_NOT_FOUND, "No call with this sid in this account"));
    } catch (StoreException e) {
      ErrorCode code = e.kind() == StoreException.Kind.UNREADABLE
          ? ErrorCode.CALL_RECORD_UNREADABLE : ErrorCode.CALL_STORE_UNAVAILABLE;
      throw new ApiException(code, "The call could not be read from the store", e);
    }
  }

  /** A cache entry; one with signed recording URLs is re-rendered before they get old. */
  private TerminalCache.Rendered rendered(String accountSid, List<CallEvent> events,
      byte[] data) {
    boolean signed = events.stream().anyMatch(e -> e.type() == EventType.RECORDING_READY);
    long until = signed
        ? System.currentTimeMillis() + recordings.urlLifetime().toMillis() / 2 : Long.MAX_VALUE;
    return new TerminalCache.Rendered(accountSid, data, until);
  }

  private static boolean isTerminal(List<CallEvent> events) {
    return !events.isEmpty() && events.get(events.size() - 1).type() == EventType.TERMINAL;
  }

  private byte[] render(Account account, Call call, List<CallEvent> events) {
    CallDetails details;
    try {
      details = CallDetailsRules.derive(call, events, account.zone());
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.CALL_LOG_INCONSISTENT,
          "The call's event log is inconsistent", e);
    }
    if (details.recordingUrls() != null && !details.recordingUrls().isEmpty()) {
      String base = baseUrl.get();
      details = details.withRecordingUrls(details.recordingUrls().stream()
          .map(path -> recordings.sign(path, base)).toList());
    }
    return CallJson.details(details);
  }

  /**
   * Finishes every call left live by a previous process, at the current instant of its
   * account's clock (see {@link CallRecovery}).
   *
   * @return how many calls were finished
   */
  public int recover() {
    int count = 0;
    for (String callSid : store.liveCallSids()) {
      if (live.containsKey(callSid)) {
        continue;
      }
      Optional<StoredCall> stored = store.callBySid(callSid);
      if (stored.isEmpty()) {
        continue;
      }
      if (finish(stored.get())) {
        LOG.info("{} - finished at restart", callSid);
        count++;
      }
    }
    return count;
  }

  /**
   * Finishes a call that no process drives any more (its node stopped or died), at the current
   * instant of its account's clock (see {@link CallRecovery}), with its callbacks and its agents
   * freed. Does nothing for a call this process drives or one already terminal.
   *
   * @return whether the call was live and is now terminal
   */
  public boolean finish(StoredCall stored) {
    Call call = stored.call();
    if (live.containsKey(call.sid()) || isTerminal(stored.events())) {
      return false;
    }
    Instant now = timelines.of(call.accountSid()).instant();
    List<CallEvent> log = new ArrayList<>(stored.events());
    for (CallEvent e : CallRecovery.closingEvents(call, stored.events(), now)) {
      if (e.type() == EventType.TERMINAL && call.options().recording()) {
        List<Long> talks = CallDetailsRules.conversationSeconds(log);
        boolean dual = "dual".equals(call.options().recordingChannels());
        for (int i = 0; i < talks.size(); i++) {
          recordings.write(call.accountSid(), call.sid(), i, talks.get(i), dual);
          appendClosing(call, log, new CallEvent(log.size(), e.at(),
              EventType.RECORDING_READY, 0,
              Map.of("url", recordings.path(call.accountSid(), call.sid(), i))));
        }
        e = new CallEvent(log.size(), e.at(), EventType.TERMINAL, 0, Map.of());
      }
      appendClosing(call, log, e);
    }
    releaseAgents(call);
    return true;
  }

  private void appendClosing(Call call, List<CallEvent> log, CallEvent e) {
    List<CallEvent> before = List.copyOf(log);
    callbacks.append(call, () -> before, e,
        events -> render(account(call.accountSid()), call, events));
    log.add(e);
  }

  private void releaseAgents(Call call) {
    store.releaseCallAgents(call.accountSid(), call.sid());
  }

  /** The account of a call: accounts never change, so each is read from the store once. */
  private Account account(String accountSid) {
    return accountCache.computeIfAbsent(accountSid, accounts);
  }
}
