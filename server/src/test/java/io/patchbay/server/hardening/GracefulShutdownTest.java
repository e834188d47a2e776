package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.server.Patchbay;
import io.patchbay.server.ServerConfig;
import io.patchbay.server.TestStores;
import io.patchbay.server.demo.DemoAccount;
import io.patchbay.store.StoredCall;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9 part 5, graceful shutdown in process: {@link Patchbay#close} (what SIGTERM runs)
 * lets a request that is being handled finish and answer, and what it stored is there at the
 * next start. The request is held in its handler by the control plane's {@code delay} fault.
 */
class GracefulShutdownTest {
  @TempDir
  Path dir;

  @Test
  void close_whileAMakeCallIsInFlight_answersItAndKeepsTheCall() throws Exception {
    ServerConfig config = TestStores.config(dir);
    Patchbay p = Patchbay.start(config);
    DemoAccount demo = p.createdDemo().orElseThrow();
    int port = p.ports().http();
    String root = "http://127.0.0.1:" + port;
    String sim = root + "/_sim/v1/accounts/" + demo.accountSid();
    Map<String, String> admin = Map.of("Authorization", "Bearer " + p.adminToken());
    Wire.Answer armed = Wire.send("POST", sim + "/faults", "{\"kind\":\"delay\","
        + "\"delay_ms\":1500}", admin);
    assertThat(armed.status()).as("%s", armed).isEqualTo(200);

    CompletableFuture<Wire.Answer> inFlight = CompletableFuture.supplyAsync(() ->
        Wire.send("POST", root + "/v2/accounts/" + demo.accountSid() + "/calls",
            "{\"from\":{\"user_contact_uri\":\"" + demo.agents().get(0).contactUri() + "\"},"
                + "\"to\":{\"customer_contact_uri\":\"+919812345678\"},"
                + "\"virtual_number\":\"" + demo.virtualNumber() + "\"}",
            Map.of("Authorization", Wire.basic(demo.apiKey(), demo.apiToken()))));
    awaitFaultTaken(sim, admin);
    long started = System.nanoTime();
    p.close();
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    Wire.Answer answered = inFlight.get(20, TimeUnit.SECONDS);
    assertThat(answered.status()).as("the in-flight Make Call: %s", answered).isEqualTo(200);
    Envelopes.assertEnvelope(answered, "POST");
    assertThat(closeMillis).as("close waited for the request, within its grace")
        .isBetween(500L, 15_000L);
    assertThat(refused(port)).as("no new connection after close").isTrue();
    String callSid = answered.data().get("call_sid").asText();
    try (Patchbay again = Patchbay.start(config)) {
      Optional<StoredCall> stored = again.store().call(demo.accountSid(), callSid);
      assertThat(stored).as("the call answered before the stop").isPresent();
    }
  }

  /** Waits (bounded) until the armed fault was taken, so the request is in its handler. */
  private static void awaitFaultTaken(String sim, Map<String, String> admin) {
    for (int i = 0; i < 500; i++) {
      Wire.Answer a = Wire.send("GET", sim + "/faults", (String) null, admin);
      if (a.data().get("armed").asInt() == 0) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    throw new AssertionError("the delayed request never reached the server");
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
