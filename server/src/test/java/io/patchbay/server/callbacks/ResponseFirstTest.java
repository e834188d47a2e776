package io.patchbay.server.callbacks;

import static io.patchbay.server.callbacks.Fixtures.WAIT;
import static io.patchbay.server.callbacks.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.account.Sids;
import io.patchbay.core.directory.Device;
import io.patchbay.core.directory.Role;
import io.patchbay.core.directory.User;
import io.patchbay.server.TestServer;
import io.patchbay.server.callbacks.Receiver.Received;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is sent before the Make Call response has been written, even for a call that fails at
 * once: another thread drives the account's clock flat out while the request is in flight, so
 * the call turns terminal (and its callback is due) within microseconds of being placed.
 *
 * <p>The check is causal: the receiver, when the callback reaches it, looks whether the Make
 * Call response is already in the client socket's receive buffer. On loopback the bytes are
 * there once the server's write returned, and the server releases callbacks only after that.
 */
class ResponseFirstTest {
  private static final String UNREACHABLE_AGENT = "+919000000004";

  @TempDir
  static Path dir;

  static TestServer server;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(dir);
    receiver = Receiver.start();
    String sid = server.demo().accountSid();
    String userId = Sids.newUserId();
    server.patchbay().store().createUser(new User(sid, userId, "Never", "Reached", null,
        Role.USER, null, Instant.now(), null),
        new Device(0, sid, userId, "Phone", UNREACHABLE_AGENT, true, true, null));
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  @Test
  void callFailingInstantly_callbackArrivesOnlyAfterTheResponseWasWritten() throws Exception {
    for (int round = 0; round < 5; round++) {
      try (Socket client = new Socket("127.0.0.1", server.patchbay().ports().http())) {
        AtomicReference<Boolean> responseFirst = new AtomicReference<>();
        InputStream in = client.getInputStream();
        receiver.onReceive(r -> {
          try {
            responseFirst.compareAndSet(null, in.available() > 0);
          } catch (IOException e) {
            responseFirst.compareAndSet(null, false);
          }
        });
        AtomicBoolean driving = new AtomicBoolean(true);
        Thread clock = Thread.ofPlatform().start(() -> {
          while (driving.get()) {
            server.advance(Duration.ofSeconds(1));
          }
        });
        Received callback;
        try {
          send(client.getOutputStream());
          callback = receiver.take(WAIT);
        } finally {
          driving.set(false);
          clock.join();
        }
        JsonNode made = TestServer.JSON.readTree(bodyOf(in.readAllBytes()));

        assertThat(responseFirst.get()).as("response written before the callback, round "
            + round).isTrue();
        assertThat(callback.callSid()).isEqualTo(made.at("/response/data/call_sid").asText());
        assertThat(callback.json().at("/call_details/call_status").asText())
            .isEqualTo("agent_no_dial");
      }
    }
  }

  private static void send(OutputStream out) throws IOException {
    String body = server.callBody(UNREACHABLE_AGENT, "+919812345678");
    body = body.substring(0, body.length() - 1) + ",\"status_callback\":["
        + item("terminal", receiver.url("/first")) + "]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST /v2/accounts/" + server.demo().accountSid() + "/calls HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: " + server.auth() + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static String bodyOf(byte[] response) {
    String text = new String(response, StandardCharsets.UTF_8);
    assertThat(text).startsWith("HTTP/1.1 200");
    return text.substring(text.indexOf("\r\n\r\n") + 4);
  }
}
