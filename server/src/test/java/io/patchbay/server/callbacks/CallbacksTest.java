package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.ApiCredential;
import io.patchbay.core.account.Region;
import io.patchbay.core.account.Sids;
import io.patchbay.core.call.Call;
import io.patchbay.core.call.CallEvent;
import io.patchbay.core.call.CallOptions;
import io.patchbay.core.call.Direction;
import io.patchbay.core.call.EventType;
import io.patchbay.core.call.StatusCallback;
import io.patchbay.core.error.ApiException;
import io.patchbay.server.TestStores;
import io.patchbay.server.http.Reply;
import io.patchbay.store.Store;
import io.patchbay.store.StoredCallback;
import io.patchbay.telephony.time.Timeline;
import io.patchbay.telephony.time.Timelines;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service without HTTP in front: the release gate, restarts and the allow-list. */
class CallbacksTest {
  @TempDir
  Path dir;

  Store store;
  Timelines timelines;
  Receiver receiver;
  String accountSid = Sids.newAccountSid();

  @BeforeEach
  void open() throws Exception {
    store = TestStores.open(dir);
    store.createAccount(new Account(accountSid, "Test", Region.SINGAPORE,
        Account.DEFAULT_ZONE, true, Instant.now()),
        new ApiCredential(Sids.newApiKey(), accountSid, "hash"));
    timelines = new Timelines(Clock.systemUTC(), 0);
    receiver = Receiver.start();
  }

  @AfterEach
  void close() {
    timelines.close();
    store.close();
    receiver.close();
  }

  private Callbacks callbacks(CallbackSettings settings) {
    return new Callbacks(store, timelines, settings);
  }

  private Timeline timeline() {
    return timelines.of(accountSid);
  }

  /** A stored inbound call subscribed to terminal at the receiver. */
  private Call storedCall() {
    Instant now = timeline().instant();
    CallOptions options = new CallOptions(false, null, null, null, 30, null,
        List.of(new StatusCallback("terminal", receiver.url("/t"))));
    Call call = new Call(Sids.newCallSid(), accountSid, Direction.INBOUND, "+918000000000",
        now, null, "+919900000001", null, options, null, null);
    store.createCall(call, null, new CallEvent(0, now, EventType.CALL_CREATED, 0, Map.of()));
    return call;
  }

  private static void terminal(Callbacks callbacks, Call call, Timeline timeline) {
    CallEvent created = new CallEvent(0, call.createdAt(), EventType.CALL_CREATED, 0, Map.of());
    CallEvent end = new CallEvent(1, timeline.instant(), EventType.TERMINAL, 0, Map.of());
    callbacks.append(call, () -> List.of(created), end, log -> ("{\"call_sid\":\"" + call.sid()
        + "\",\"events\":" + log.size() + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void heldCall_dueCallback_waitsForTheRelease() throws Exception {
    try (Callbacks callbacks = callbacks(CallbackSettings.defaults())) {
      Call call = storedCall();
      callbacks.hold(call);
      terminal(callbacks, call, timeline());

      timeline().advance(Duration.ofMinutes(10));
      boolean idleWhileHeld = callbacks.awaitIdle(Duration.ofMillis(100));
      List<Receiver.Received> early = receiver.drain(Duration.ofMillis(300));
      callbacks.written(Reply.ok(("{\"call_sid\":\"" + call.sid() + "\",\"direction\":1}")
          .getBytes(StandardCharsets.UTF_8)));
      Receiver.Received late = receiver.take(WAIT);

      assertThat(idleWhileHeld).as("a held call counts as busy").isFalse();
      assertThat(callbacks.awaitIdle(WAIT)).isTrue();
      assertThat(early).isEmpty();
      assertThat(late.json().at("/event_details/event_type").asText()).isEqualTo("terminal");
      assertThat(late.json().at("/call_details/events").asInt()).isEqualTo(2);
    }
  }

  @Test
  void written_otherReplies_releaseNothing() throws Exception {
    try (Callbacks callbacks = callbacks(CallbackSettings.defaults())) {
      Call call = storedCall();
      callbacks.hold(call);
      terminal(callbacks, call, timeline());
      timeline().advance(Duration.ofSeconds(1));

      callbacks.written(Reply.ok("{\"users\":[]}".getBytes(StandardCharsets.UTF_8)));
      callbacks.written(Reply.page(List.of(), 0, 0, 10));
      callbacks.written(Reply.ok(("{\"call_sid\":\"" + Sids.newCallSid() + "\"}")
          .getBytes(StandardCharsets.UTF_8)));

      assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(callbacks.dispatcher().isHeld(call.sid())).isTrue();
    }
  }

  @Test
  void start_pendingFromAnEarlierProcess_deliversEachOnce() throws Exception {
    Call call = storedCall();
    receiver.stop();
    try (Callbacks first = callbacks(CallbackSettings.defaults())) {
      terminal(first, call, timeline());
      timeline().advance(Duration.ofSeconds(1));
      assertThat(first.awaitIdle(WAIT)).isTrue();
    }
    receiver.restart();

    int resumed;
    try (Callbacks second = callbacks(CallbackSettings.defaults())) {
      resumed = second.start();
      second.start();
      Receiver.Received got = receiver.take(WAIT);
      assertThat(second.awaitIdle(WAIT)).isTrue();

      assertThat(got.callSid()).isEqualTo(call.sid());
    }
    assertThat(resumed).isEqualTo(1);
    assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
    assertThat(store.callbacks(accountSid, call.sid())).extracting(StoredCallback::state)
        .containsExactly(StoredCallback.State.DELIVERED);
  }

  /**
   * A take-over reads the outbox while the callback it finds pending has just been sent and its
   * delivery is being recorded: it must not be scheduled, and so sent, a second time.
   */
  @Test
  void resume_whileADeliveryIsBeingRecorded_schedulesNothingMore() throws Exception {
    CountDownLatch recording = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    Store slowToRecord = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          if (method.getName().equals("recordAttempt") && recording.getCount() > 0) {
            recording.countDown();
            release.await();
          }
          if (method.getName().equals("callback")) {
            reads.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Call call = storedCall();
    try (Callbacks callbacks = new Callbacks(slowToRecord, timelines,
        CallbackSettings.defaults())) {
      terminal(callbacks, call, timeline());
      timeline().advance(Duration.ofSeconds(1));
      recording.await();

      int resumed = callbacks.resume(accountSid, call.sid());
      timeline().advance(Duration.ofSeconds(1));
      release.countDown();

      assertThat(callbacks.awaitIdle(WAIT)).isTrue();
      assertThat(resumed).isEqualTo(1);
    }
    assertThat(reads.get()).as("attempts started").isEqualTo(1);
    assertThat(receiver.drain(Duration.ofMillis(300))).hasSize(1);
    assertThat(store.callbacks(accountSid, call.sid())).extracting(StoredCallback::state)
        .containsExactly(StoredCallback.State.DELIVERED);
  }

  @Test
  void noRetriesPolicy_oneFailure_givesUp() throws Exception {
    receiver.failNext(1, 500);
    try (Callbacks callbacks = callbacks(CallbackSettings.defaults().withRetries(0))) {
      Call call = storedCall();
      terminal(callbacks, call, timeline());
      timeline().advance(Duration.ofSeconds(1));
      receiver.take(WAIT);
      assertThat(callbacks.awaitIdle(WAIT)).isTrue();
      timeline().advance(Duration.ofHours(1));

      assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(store.callbacks(accountSid, call.sid())).extracting(StoredCallback::state)
          .containsExactly(StoredCallback.State.FAILED);
    }
  }

  @Test
  void allowList_otherHost_isRefusedAtMakeCallAndAtDelivery() throws Exception {
    CallbackSettings onlyHooks = CallbackSettings.defaults()
        .withAllowHosts(List.of("hooks.example.com", "*.trusted.test"));
    try (Callbacks callbacks = callbacks(onlyHooks)) {
      callbacks.check(List.of(new StatusCallback("terminal", "https://hooks.example.com/x"),
          new StatusCallback("answered", "https://a.trusted.test/y")));
      assertThatThrownBy(() -> callbacks.check(List.of(
          new StatusCallback("terminal", "https://hooks.example.com/x"),
          new StatusCallback("terminal", "http://127.0.0.1:9/internal"))))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("status_callback[1].url");

      Call call = storedCall();
      terminal(callbacks, call, timeline());
      timeline().advance(Duration.ofSeconds(1));
      assertThat(callbacks.awaitIdle(WAIT)).isTrue();

      assertThat(receiver.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(store.callbacks(accountSid, call.sid())).extracting(StoredCallback::state)
          .containsExactly(StoredCallback.State.FAILED);
      assertThat(store.callbackAttempts(call.sid()).get(0).error()).contains("allow-list");
    }
  }
}
