package io.patchbay.server.http;

import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every answer of {@link ApiServer}: success envelopes (and 304s), failures in the
 * envelope, the metrics and the debug line of each. The one place errors turn into bytes.
 * Runs on the event loop of the request.
 */
final class Responder {
  /** {@link #send}'s and others' {@code started} when the arrival time is unknown. */
  static final long NOT_TIMED = Long.MIN_VALUE;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json");
  /** A phone number in a path (E.164, local or bare digits), masked in log lines. */
  private static final Pattern NUMBER_IN_PATH =
      Pattern.compile("(?<![0-9A-Za-z])(?:%2[Bb]|\\+)?[0-9]{5,}(?![0-9A-Za-z])");

  private final HttpMetrics metrics;
  private volatile Consumer<Reply> replyWritten = reply -> { };
  /** Success envelopes split around the request id and the data, per method and status. */
  private final Map<String, EnvelopeParts> envelopes = new ConcurrentHashMap<>();
  /** The parts of {@code GET 200}, the hot path's, kept apart from the map's lookup. */
  private volatile EnvelopeParts get200;

  Responder(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  void onReplyWritten(Consumer<Reply> listener) {
    this.replyWritten = listener;
  }

  /**
   * Answers a success: the envelope around the reply's data or items, or a 304 with no body
   * when the reply has an entity tag that the request's {@code If-None-Match} names.
   *
   * @param started {@link System#nanoTime} at the request's arrival, or {@link #NOT_TIMED}
   */
  void send(HttpServerRequest request, String rid, long started, Reply reply) {
    String method = request.method().name();
    Future<Void> written;
    if (reply.etag() != null && reply.status() == 200 && request.method() == HttpMethod.GET) {
      request.response().putHeader(HttpHeaders.ETAG, reply.etag());
      if (EntityTags.matches(ifNoneMatch(request), reply.etag())) {
        written = notModified(request, rid, started);
        written.onComplete(done -> replied(rid, reply));
        return;
      }
    }
    Buffer body = reply.items() == null
        ? success(rid, method, reply.status(), reply.data())
        : Buffer.buffer(Envelope.list(rid, method, reply.total(), reply.offset(),
            reply.limit(), reply.items()));
    written = write(request, rid, started, reply.status(), body);
    written.onComplete(done -> replied(rid, reply));
  }

  /**
   * The request's {@code If-None-Match} as one list, or null: several header lines of a list
   * field make one list, joined by commas (RFC 9110 §5.3).
   */
  private static String ifNoneMatch(HttpServerRequest request) {
    List<String> lines = request.headers().getAll(HttpHeaders.IF_NONE_MATCH);
    return lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
  }

  private void replied(String rid, Reply reply) {
    try {
      replyWritten.accept(reply);
    } catch (RuntimeException e) {
      LOG.error("{} - reply listener failed", rid, e);
    }
  }

  /** Answers {@code e} in the envelope, with the challenge of a 401. */
  void fail(HttpServerRequest request, String rid, long started, ApiException e) {
    if (rid == null) {
      rid = Sids.newRequestId();
    }
    int status = e.error().httpStatus();
    if (status == 401) {
      request.response().putHeader("WWW-Authenticate", "Basic realm=\"Patchbay\"");
    }
    write(request, rid, started, status,
        Buffer.buffer(Envelope.failure(rid, request.method().name(), e)));
  }

  /** Answers 429 with its {@code Retry-After}. */
  void retryLater(HttpServerRequest request, String rid, long started, long seconds) {
    request.response().putHeader("Retry-After", String.valueOf(seconds));
    fail(request, rid, started, new ApiException(ErrorCode.RATE_LIMITED,
        "Rate limit exceeded; retry after " + seconds + " s"));
  }

  /** Logs an unexpected failure and makes the 1100 that quotes the request id. */
  ApiException internal(HttpServerRequest request, String rid, Throwable t) {
    LOG.error("{} - unexpected failure on {} {}", rid, request.method(), logPath(request), t);
    return new ApiException(ErrorCode.INTERNAL,
        "Internal error; quote request_id " + rid + " when reporting it");
  }

  /**
   * The bytes of {@link Envelope#success}, from parts split once per method and status (see
   * {@link EnvelopeParts}).
   */
  private Buffer success(String rid, String method, int status, byte[] data) {
    EnvelopeParts parts = status == 200 && method.equals("GET") ? get200 : null;
    if (parts == null) {
      parts = envelopes.computeIfAbsent(method + ' ' + status,
          k -> EnvelopeParts.of(method, status));
      if (status == 200 && method.equals("GET")) {
        get200 = parts;
      }
    }
    return parts == EnvelopeParts.NONE || rid == null || rid.length() != 32
        ? Buffer.buffer(Envelope.success(rid, method, status, data)) : parts.join(rid, data);
  }

  private Future<Void> notModified(HttpServerRequest request, String rid, long started) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return Future.succeededFuture();
    }
    Future<Void> written = response.setStatusCode(304).end();
    done(request, rid, started, 304);
    return written;
  }

  private Future<Void> write(HttpServerRequest request, String rid, long started, int status,
      Buffer body) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return Future.succeededFuture();
    }
    Future<Void> written = response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
        .end(body);
    done(request, rid, started, status);
    return written;
  }

  private void done(HttpServerRequest request, String rid, long started, int status) {
    long nanos = started == NOT_TIMED ? -1 : System.nanoTime() - started;
    metrics.record(status, nanos);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} - {} {} -> {} in {} us", rid, request.method(), logPath(request), status,
          nanos < 0 ? -1 : nanos / 1000);
    }
  }

  /** The request's path, cut and with anything but printable ASCII replaced, for messages. */
  static String safePath(HttpServerRequest request) {
    String path = request.path();
    if (path == null) {
      return "?";
    }
    String cut = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return cut.replaceAll("[^\\x21-\\x7e]", "?");
  }

  /**
   * The path for a log line: {@link #safePath} with every phone number in it (the directory and
   * control-plane paths hold them) masked but for its last 4 digits.
   */
  private static String logPath(HttpServerRequest request) {
    return NUMBER_IN_PATH.matcher(safePath(request)).replaceAll(m -> {
      String digits = m.group().replaceFirst("^(%2[Bb]|\\+)", "");
      return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    });
  }
}
