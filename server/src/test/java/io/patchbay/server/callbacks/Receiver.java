package io.patchbay.server.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.patchbay.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP receiver of callbacks on loopback: records every request, can answer an error a
 * number of times, and can be stopped and started again on the same port.
 */
final class Receiver implements AutoCloseable {
  private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final int port;
  private volatile int failStatus = 500;
  private volatile Consumer<Received> onReceive = r -> { };
  private HttpServer server;

  /** One request as received. */
  record Received(String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    JsonNode json() {
      try {
        return TestServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String eventType() {
      return json().at("/event_details/event_type").asText();
    }

    String callSid() {
      return json().at("/call_details/call_sid").asText();
    }
  }

  private Receiver(int port) throws IOException {
    this.server = bind(port);
    this.port = server.getAddress().getPort();
  }

  static Receiver start() throws IOException {
    return new Receiver(0);
  }

  private HttpServer bind(int onPort) throws IOException {
    HttpServer s = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Received r = new Received(exchange.getRequestURI().getPath(),
        Map.copyOf(exchange.getRequestHeaders()), body);
    onReceive.accept(r);
    queue.add(r);
    int status = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failStatus : 200;
    byte[] answer = "ok".getBytes();
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  /** The URL of {@code path} on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  int port() {
    return port;
  }

  /** Answers the next {@code count} requests with {@code status}. */
  void failNext(int count, int status) {
    failStatus = status;
    failures.set(count);
  }

  /** Runs {@code hook} in the receiving thread for each request, before it is queued. */
  void onReceive(Consumer<Received> hook) {
    onReceive = hook;
  }

  /** Stops listening: connections are refused until {@link #restart}. */
  synchronized void stop() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  synchronized void restart() throws IOException {
    server = bind(port);
  }

  /** The next request, waiting at most {@code timeout}. */
  Received take(Duration timeout) throws InterruptedException {
    Received r = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no callback arrived within " + timeout);
    }
    return r;
  }

  /** The next {@code n} requests, waiting at most {@code timeout} for each. */
  List<Received> take(int n, Duration timeout) throws InterruptedException {
    List<Received> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(take(timeout));
    }
    return out;
  }

  /** Whatever arrives within {@code wait}; empty when nothing does. */
  List<Received> drain(Duration wait) throws InterruptedException {
    List<Received> out = new ArrayList<>();
    Received r = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    while (r != null) {
      out.add(r);
      r = queue.poll();
    }
    return out;
  }

  @Override
  public synchronized void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
