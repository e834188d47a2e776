package io.patchbay.server.callbacks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one callback request and reports what happened. Blocks: callers run it on a virtual
 * thread. HTTP/1.1, no redirects (a redirect could lead past the allow-list), the timeout
 * covering the connection and the response headers.
 */
final class Sender implements AutoCloseable {
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final Duration timeout;
  private final Clock wall;
  /**
   * Made at the first callback, not at start: building an HTTP client loads the JDK's TLS
   * context and trust store and starts a selector thread, about 0.1 s of a start that most
   * runs never need (docs/architecture.md, "Start-up and memory").
   */
  private HttpClient client;
  private boolean closed;

  /** What one attempt got. */
  record Result(Integer status, long latencyMillis, String error, boolean retryable) {
    boolean succeeded() {
      return status != null && status >= 200 && status < 300;
    }

    static Result refused(String why) {
      return new Result(null, 0, why, false);
    }
  }

  Sender(Duration timeout, Clock wall) {
    this.timeout = timeout;
    this.wall = wall;
  }

  /** The client, made on first use; null once closed. */
  private synchronized HttpClient client() {
    if (client == null && !closed) {
      client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(timeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return client;
  }

  /**
   * POSTs {@code body} to {@code url}, signed when {@code secret} is not null.
   *
   * @throws InterruptedException if the thread is interrupted (the server is stopping)
   */
  Result post(String url, String body, String secret) throws InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url))
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    } catch (IllegalArgumentException e) {
      return Result.refused("invalid URL");
    }
    if (secret != null) {
      long now = wall.instant().getEpochSecond();
      request.header(Signature.TIMESTAMP_HEADER, String.valueOf(now))
          .header(Signature.SIGNATURE_HEADER, Signature.sign(secret, now, bytes));
    }
    long started = System.nanoTime();
    HttpClient http = client();
    if (http == null) {
      // As a send on a shut-down client failed before: retryable, by the next process.
      return failed(started, "IOException: the sender is closed");
    }
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        in.readNBytes(MAX_RESPONSE_BYTES);
      } catch (IOException ignored) {
        // The status is what counts; a body cut short changes nothing.
      }
      int status = response.statusCode();
      boolean ok = status >= 200 && status < 300;
      return new Result(status, millisSince(started), ok ? null : "HTTP " + status, !ok);
    } catch (HttpConnectTimeoutException e) {
      return failed(started, "connect timed out after " + timeout.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      return failed(started, "no response within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      return failed(started, "connection refused");
    } catch (IOException e) {
      String message = e.getMessage();
      return failed(started, e.getClass().getSimpleName()
          + (message == null ? "" : ": " + message));
    } catch (IllegalArgumentException e) {
      return Result.refused("invalid URL");
    }
  }

  private static Result failed(long started, String error) {
    return new Result(null, millisSince(started), error, true);
  }

  private static long millisSince(long startedNanos) {
    return Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.shutdownNow();
    }
  }
}
