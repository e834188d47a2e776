package io.patchbay.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: routing, the envelope, authentication, regions and rate limits, on Vert.x.
 *
 * <p>Every request gets a request id, which the envelope and the log line share. Handlers run
 * on virtual threads; a route may add a {@link QuickHandler} that answers from memory on the
 * event loop first. Every failure, including unknown paths, wrong methods, oversized bodies and
 * bugs, is answered in the envelope: never a stack trace or a framework page.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String RID = "patchbay.rid";
  private static final String STARTED = "patchbay.started";
  /** The largest request body accepted. */
  public static final int BODY_LIMIT = 64 * 1024;
  /**
   * Request ids: 128 bits in one draw. {@code Sids.newRequestId()} draws each of its 32
   * characters separately, which cost about 8 µs a request (more than nginx spends on a whole
   * request; bench/README.md).
   */
  private static final SecureRandom REQUEST_IDS = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json");
  /** How long {@link #close} lets requests in progress finish. */
  public static final int SHUTDOWN_GRACE_SECONDS = 10;
  /** A phone number in a path (E.164, local or bare digits), masked in log lines. */
  private static final Pattern NUMBER_IN_PATH =
      Pattern.compile("(?<![0-9A-Za-z])(?:%2[Bb]|\\+)?[0-9]{5,}(?![0-9A-Za-z])");

  private final Vertx vertx;
  private final Router router;
  private final Authenticator authenticator;
  private final Regions regions;
  private final RateLimiter rateLimiter;
  private final byte[] adminToken;
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final List<HttpServer> servers = new ArrayList<>();
  private volatile Consumer<Reply> replyWritten = reply -> { };
  private final HttpMetrics metrics = new HttpMetrics();
  private volatile FaultSource faults = FaultSource.none();
  /** Success envelopes split around the request id and the data, per method and status. */
  private final Map<String, EnvelopeParts> envelopes = new ConcurrentHashMap<>();

  /**
   * Creates the server; add routes, then {@link #listen}.
   *
   * @param adminToken the bearer token of the control plane
   */
  public ApiServer(Vertx vertx, Authenticator authenticator, Regions regions,
      RateLimiter rateLimiter, String adminToken) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.regions = regions;
    this.rateLimiter = rateLimiter;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    this.router = Router.router(vertx);

    router.route().handler(ctx -> {
      ctx.put(RID, newRequestId());
      ctx.put(STARTED, System.nanoTime());
      ctx.next();
    });
    router.route().handler(ctx -> {
      // Every body here is JSON, whatever the client declares: curl -d and many HTTP libraries
      // send application/x-www-form-urlencoded by default. Left in place, that type makes the
      // body handler decode the JSON as a form (and refuse it over 1 KiB or with a '%').
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
          || type.regionMatches(true, 0, "multipart/", 0, 10))) {
        ctx.request().headers().remove("Content-Type");
      }
      ctx.next();
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.errorHandler(404, ctx -> fail(ctx, new ApiException(ErrorCode.NOT_FOUND,
        "No such resource: " + ctx.request().method() + " " + safePath(ctx))));
    router.errorHandler(405, ctx -> fail(ctx, new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
        "Method " + ctx.request().method() + " is not allowed on " + safePath(ctx))));
    router.errorHandler(413, ctx -> fail(ctx, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
        "Request body is larger than " + BODY_LIMIT + " bytes")));
    router.errorHandler(400, ctx -> fail(ctx, new ApiException(ErrorCode.MALFORMED_REQUEST,
        "Malformed request")));
    router.errorHandler(500, ctx -> {
      Throwable t = ctx.failure();
      fail(ctx, t instanceof ApiException ae ? ae : internal(ctx, t));
    });
  }

  /** Takes armed faults from {@code source} (the sandbox control plane). */
  public ApiServer faults(FaultSource source) {
    this.faults = source;
    return this;
  }

  /**
   * Runs {@code listener} on the event loop once each success reply has been written to its
   * connection, or the connection failed (status callbacks wait for the Make Call response).
   * It must not block.
   */
  public HttpMetrics metrics() {
    return metrics;
  }

  public ApiServer onReplyWritten(Consumer<Reply> listener) {
    this.replyWritten = listener;
    return this;
  }

  /** Adds an account-scoped route of the public API: Basic auth, region, rate limit. */
  public ApiServer route(HttpMethod method, String path, ApiHandler handler) {
    return route(method, path, null, handler);
  }

  /** As {@link #route(HttpMethod, String, ApiHandler)}, trying {@code quick} first. */
  public ApiServer route(HttpMethod method, String path, QuickHandler quick,
      ApiHandler handler) {
    router.route(method, path).handler(ctx -> publicApi(ctx, quick, handler));
    return this;
  }

  /** Answers a raw request (no envelope on success), such as a file download. */
  @FunctionalInterface
  public interface RawHandler {
    /**
     * Handles the request on a virtual thread.
     *
     * @throws io.patchbay.core.error.ApiException answered in the envelope
     */
    RawReply handle(Request request);
  }

  /**
   * A raw answer.
   *
   * @param contentType the Content-Type header
   * @param body the bytes
   */
  public record RawReply(String contentType, byte[] body) {}

  /**
   * Adds a route without Basic auth whose success is raw bytes (signed recording URLs, for
   * instance); failures are still answered in the envelope.
   */
  public ApiServer openRoute(HttpMethod method, String path, RawHandler handler) {
    router.route(method, path).handler(ctx -> {
      Context context = vertx.getOrCreateContext();
      Request request = request(ctx, null);
      blocking.execute(() -> {
        RawReply reply = null;
        Throwable error = null;
        try {
          reply = handler.handle(request);
        } catch (Throwable t) {
          error = t;
        }
        RawReply r = reply;
        Throwable e = error;
        context.runOnContext(v -> {
          if (e == null) {
            ctx.response().setStatusCode(200).putHeader("Content-Type", r.contentType())
                .end(Buffer.buffer(r.body()));
          } else if (e instanceof ApiException ae) {
            fail(ctx, ae);
          } else {
            fail(ctx, internal(ctx, e));
          }
        });
      });
    });
    return this;
  }

  /** Adds a route of the control plane, guarded by the admin bearer token. */
  public ApiServer sandboxRoute(HttpMethod method, String path, ApiHandler handler) {
    router.route(method, path).handler(ctx -> {
      if (!adminAuthorized(ctx.request().getHeader("Authorization"))) {
        fail(ctx, new ApiException(ErrorCode.SANDBOX_FORBIDDEN,
            "The control plane needs 'Authorization: Bearer <admin token>'"));
        return;
      }
      runBlocking(ctx, () -> handler.handle(request(ctx, null)));
    });
    return this;
  }

  private boolean adminAuthorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, adminToken);
  }

  private void publicApi(RoutingContext ctx, QuickHandler quick, ApiHandler handler) {
    String authorization = ctx.request().getHeader("Authorization");
    String pathSid = ctx.pathParam("sid");
    var region = regions.of(ctx.request().getHeader("Host"));
    try {
      Optional<Account> cached = authenticator.cached(authorization, pathSid, region);
      if (cached.isPresent() && !faults.armed(cached.get().sid())) {
        limit(cached.get());
        Request request = request(ctx, cached.get());
        Optional<Reply> reply = quick == null ? Optional.empty() : quick.tryHandle(request);
        if (reply.isPresent()) {
          send(ctx, reply.get());
        } else {
          runBlocking(ctx, () -> handler.handle(request));
        }
        return;
      }
    } catch (ApiException e) {
      fail(ctx, e);
      return;
    } catch (RetryLater e) {
      retryLater(ctx, e.seconds);
      return;
    }
    runBlocking(ctx, () -> {
      Account account = authenticator.authenticate(authorization, pathSid, region);
      limit(account);
      applyFault(account, ctx.pathParams());
      return handler.handle(request(ctx, account));
    });
  }

  /** Runs on a virtual thread: a delay fault may hold it. */
  private void applyFault(Account account, Map<String, String> params) {
    Optional<Fault> fault = faults.take(account.sid(), params);
    if (fault.isEmpty()) {
      return;
    }
    switch (fault.get().kind()) {
      case ERROR_500 -> throw new ApiException(ErrorCode.CALL_STORE_UNAVAILABLE,
          "Injected fault (sandbox control plane): storage unavailable");
      case RATE_LIMIT_429 -> throw new RetryLater(1);
      case DELAY -> {
        try {
          Thread.sleep(fault.get().delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void limit(Account account) {
    long wait = rateLimiter.acquire(account.sid());
    if (wait > 0) {
      throw new RetryLater(wait);
    }
  }

  /** A 429 that carries its Retry-After. */
  private static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long seconds;

    RetryLater(long seconds) {
      super(null, null, false, false);
      this.seconds = seconds;
    }
  }

  private static Request request(RoutingContext ctx, Account account) {
    Map<String, List<String>> query = new HashMap<>();
    for (var e : ctx.queryParams()) {
      query.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return new Request(ctx.get(RID), ctx.request().method().name(), account,
        Map.copyOf(ctx.pathParams()), query, body == null ? new byte[0] : body.getBytes());
  }

  /** A unit of blocking work that produces a reply. */
  @FunctionalInterface
  private interface Work {
    Reply run();
  }

  private void runBlocking(RoutingContext ctx, Work work) {
    Context context = vertx.getOrCreateContext();
    blocking.execute(() -> {
      Reply reply;
      Throwable error;
      try {
        reply = work.run();
        error = null;
      } catch (Throwable t) {
        reply = null;
        error = t;
      }
      Reply r = reply;
      Throwable e = error;
      context.runOnContext(v -> {
        if (e == null) {
          send(ctx, r);
        } else if (e instanceof RetryLater retry) {
          retryLater(ctx, retry.seconds);
        } else if (e instanceof ApiException ae) {
          fail(ctx, ae);
        } else {
          fail(ctx, internal(ctx, e));
        }
      });
    });
  }

  private void retryLater(RoutingContext ctx, long seconds) {
    ctx.response().putHeader("Retry-After", String.valueOf(seconds));
    fail(ctx, new ApiException(ErrorCode.RATE_LIMITED,
        "Rate limit exceeded; retry after " + seconds + " s"));
  }

  private void send(RoutingContext ctx, Reply reply) {
    String rid = ctx.get(RID);
    String method = ctx.request().method().name();
    byte[] body = reply.items() == null
        ? success(rid, method, reply.status(), reply.data())
        : Envelope.list(rid, method, reply.total(), reply.offset(), reply.limit(),
            reply.items());
    write(ctx, reply.status(), body).onComplete(done -> {
      try {
        replyWritten.accept(reply);
      } catch (RuntimeException e) {
        LOG.error("{} - reply listener failed", rid, e);
      }
    });
  }

  /** 32 lowercase hex characters, as {@code Sids.newRequestId()}, in one draw. */
  private static String newRequestId() {
    byte[] bits = new byte[16];
    REQUEST_IDS.nextBytes(bits);
    return HEX.formatHex(bits);
  }

  /**
   * The bytes of {@link Envelope#success}, from parts split once per method and status, so a
   * read served from memory costs copies instead of a JSON generator. The parts come from
   * {@code Envelope} itself and are checked against it; if they ever differ, every envelope is
   * written by {@code Envelope} again.
   */
  private byte[] success(String rid, String method, int status, byte[] data) {
    EnvelopeParts parts = envelopes.computeIfAbsent(method + ' ' + status,
        k -> EnvelopeParts.of(method, status));
    return parts == EnvelopeParts.NONE || rid == null || rid.length() != 32
        ? Envelope.success(rid, method, status, data) : parts.join(rid, data);
  }

  /** A success envelope as the bytes before the request id, between it and the data, after. */
  private record EnvelopeParts(byte[] head, byte[] middle, byte[] tail) {
    static final EnvelopeParts NONE = new EnvelopeParts(null, null, null);
    private static final String RID_MARK = "@@rid@@";
    private static final byte[] DATA_MARK = "\"@@data@@\"".getBytes(StandardCharsets.UTF_8);

    static EnvelopeParts of(String method, int status) {
      byte[] marked = Envelope.success(RID_MARK, method, status, DATA_MARK);
      int r = indexOf(marked, RID_MARK.getBytes(StandardCharsets.UTF_8));
      int d = indexOf(marked, DATA_MARK);
      if (r < 0 || d < r) {
        return NONE;
      }
      EnvelopeParts parts = new EnvelopeParts(Arrays.copyOfRange(marked, 0, r),
          Arrays.copyOfRange(marked, r + RID_MARK.length(), d),
          Arrays.copyOfRange(marked, d + DATA_MARK.length, marked.length));
      String rid = newRequestId();
      byte[] data = "{\"k\":[1,\"\u00e9\"]}".getBytes(StandardCharsets.UTF_8);
      return Arrays.equals(parts.join(rid, data), Envelope.success(rid, method, status, data))
          ? parts : NONE;
    }

    byte[] join(String rid, byte[] data) {
      byte[] out = new byte[head.length + rid.length() + middle.length + data.length
          + tail.length];
      int at = 0;
      System.arraycopy(head, 0, out, at, head.length);
      at += head.length;
      for (int i = 0; i < rid.length(); i++) {
        out[at++] = (byte) rid.charAt(i);
      }
      System.arraycopy(middle, 0, out, at, middle.length);
      at += middle.length;
      System.arraycopy(data, 0, out, at, data.length);
      at += data.length;
      System.arraycopy(tail, 0, out, at, tail.length);
      return out;
    }

    private static int indexOf(byte[] in, byte[] what) {
      outer:
      for (int i = 0; i + what.length <= in.length; i++) {
        for (int j = 0; j < what.length; j++) {
          if (in[i + j] != what[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }

  private void fail(RoutingContext ctx, ApiException e) {
    String rid = ctx.get(RID);
    if (rid == null) {
      rid = newRequestId();
    }
    int status = e.error().httpStatus();
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Patchbay\"");
    }
    write(ctx, status, Envelope.failure(rid, ctx.request().method().name(), e));
  }

  private ApiException internal(RoutingContext ctx, Throwable t) {
    String rid = ctx.get(RID);
    LOG.error("{} - unexpected failure on {} {}", rid, ctx.request().method(), logPath(ctx), t);
    return new ApiException(ErrorCode.INTERNAL,
        "Internal error; quote request_id " + ctx.get(RID) + " when reporting it");
  }

  private Future<Void> write(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended()) {
      return Future.succeededFuture();
    }
    Future<Void> written = ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
        .end(Buffer.buffer(body));
    Long started = ctx.get(STARTED);
    metrics.record(status, started == null ? -1 : System.nanoTime() - started);
    if (LOG.isDebugEnabled()) {
      long micros = started == null ? -1 : (System.nanoTime() - started) / 1000;
      String rid = ctx.get(RID);
      LOG.debug("{} - {} {} -> {} in {} us", rid, ctx.request().method(), logPath(ctx), status,
          micros);
    }
    return written;
  }

  private static String safePath(RoutingContext ctx) {
    String path = ctx.request().path();
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
  private static String logPath(RoutingContext ctx) {
    return NUMBER_IN_PATH.matcher(safePath(ctx)).replaceAll(m -> {
      String digits = m.group().replaceFirst("^(%2[Bb]|\\+)", "");
      return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    });
  }

  /** The ports the server listens on. */
  public record Ports(int http, int https) {}

  /**
   * Starts the listeners on {@code host}; a port of 0 picks a free one, -1 disables it.
   *
   * @throws IllegalStateException if a port cannot be bound
   */
  public Ports listen(String host, int httpPort, int httpsPort, String certPath,
      String keyPath) {
    int http = httpPort < 0 ? -1 : bind(new HttpServerOptions().setHost(host).setPort(httpPort));
    int https = httpsPort < 0 ? -1 : bind(new HttpServerOptions()
        .setHost(host).setPort(httpsPort).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath)));
    return new Ports(http, https);
  }

  private int bind(HttpServerOptions options) {
    options.setCompressionSupported(false).setIdleTimeout(120);
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(this::dispatch)
          .invalidRequestHandler(ApiServer::invalidRequest)
          .listen().await();
      servers.add(server);
      return server.actualPort();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen on " + options.getHost() + ":" + options.getPort() + ": "
              + e.getMessage(), e);
    }
  }

  /**
   * Hands a request to the router. Vert.x throws out of the router on some malformed
   * {@code Host} headers (such as {@code %00}), which would leave the request unanswered; such
   * a request is answered 400 in the envelope instead.
   */
  private void dispatch(HttpServerRequest request) {
    try {
      router.handle(request);
    } catch (RuntimeException e) {
      LOG.debug("request the router could not take: {}", e.toString());
      refuse(request, new ApiException(ErrorCode.MALFORMED_REQUEST, "Malformed HTTP request"));
    }
  }

  /**
   * Answers a request the HTTP decoder could not read (request line or headers too long,
   * malformed framing) in the envelope instead of Vert.x's empty default.
   */
  private static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiException e;
    if (cause instanceof TooLongHttpLineException) {
      e = new ApiException(ErrorCode.URI_TOO_LONG, "The request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      e = new ApiException(ErrorCode.HEADERS_TOO_LARGE, "The request headers are too large");
    } else {
      e = new ApiException(ErrorCode.MALFORMED_REQUEST, "Malformed HTTP request");
    }
    refuse(request, e);
  }

  /** Answers {@code e} outside the router, then closes the connection as Vert.x does. */
  private static void refuse(HttpServerRequest request, ApiException e) {
    if (!request.response().ended()) {
      String method = request.method() == null ? "GET" : request.method().name();
      request.response()
          .setStatusCode(e.error().httpStatus())
          .putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(Envelope.failure(Sids.newRequestId(), method, e)));
    }
    request.connection().close();
  }

  /**
   * Stops the listeners gracefully: no new connection is accepted, requests in progress run to
   * their answer (for up to {@link #SHUTDOWN_GRACE_SECONDS}), then idle connections close.
   */
  @Override
  public void close() {
    List<Future<Void>> stopping = new ArrayList<>();
    for (HttpServer s : servers) {
      stopping.add(s.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
    }
    for (Future<Void> f : stopping) {
      try {
        f.await();
      } catch (Exception e) {
        LOG.warn("closing a listener failed: {}", e.toString());
      }
    }
    blocking.shutdown();
    try {
      if (!blocking.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("requests still running after {} s of shutdown", SHUTDOWN_GRACE_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
