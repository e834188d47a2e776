package io.patchbay.server.http;

import io.patchbay.core.account.Account;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: routing, the envelope, authentication, regions and rate limits, on Vert.x.
 *
 * <p>Every request gets a request id, which the envelope and the log line share. Handlers run
 * on virtual threads; a route may add a {@link QuickHandler} that answers from memory on the
 * event loop first. Every failure, including unknown paths, wrong methods, oversized bodies and
 * bugs, is answered in the envelope: never a stack trace or a framework page.
 *
 * <p>A request of a route with a quick handler skips the router when everything about it is
 * known from memory (a verified Authorization header of the path's account and the host's
 * region, no armed fault; see {@link QuickRoutes}): the same steps, without vertx-web's
 * routing, which cost about a sixth of a cached read. Anything else goes through the router.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String RID = "patchbay.rid";
  private static final String STARTED = "patchbay.started";
  private static final byte[] NO_BODY = new byte[0];
  /** The largest request body accepted. */
  public static final int BODY_LIMIT = 64 * 1024;
  /** How long {@link #close} lets requests in progress finish. */
  public static final int SHUTDOWN_GRACE_SECONDS = 10;

  private final Vertx vertx;
  private final Router router;
  private final Authenticator authenticator;
  private final Regions regions;
  private final RateLimiter rateLimiter;
  private final byte[] adminToken;
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final Listeners listeners;
  private final HttpMetrics metrics = new HttpMetrics();
  private final Responder responder = new Responder(metrics);
  private final QuickRoutes quickRoutes = new QuickRoutes();
  private volatile FaultSource faults = FaultSource.none();

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
    this.listeners = new Listeners(vertx, this::dispatch);

    router.route().handler(ctx -> {
      ctx.put(RID, Sids.newRequestId());
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
    quickRoutes.added(HttpMethod.GET, "/metrics");
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

  /** The request metrics, which {@code GET /metrics} publishes. */
  public HttpMetrics metrics() {
    return metrics;
  }

  /**
   * Runs {@code listener} on the event loop once each success reply has been written to its
   * connection, or the connection failed (status callbacks wait for the Make Call response).
   * It must not block.
   */
  public ApiServer onReplyWritten(Consumer<Reply> listener) {
    responder.onReplyWritten(listener);
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
    if (quick == null) {
      quickRoutes.added(method, path);
    } else {
      quickRoutes.addedQuick(method, path, quick, handler);
    }
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
    quickRoutes.added(method, path);
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
    quickRoutes.added(method, path);
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
      responder.retryLater(ctx.request(), ctx.get(RID), started(ctx), e.seconds);
      return;
    }
    runBlocking(ctx, () -> {
      Account account = authenticator.authenticate(authorization, pathSid, region);
      limit(account);
      applyFault(account, ctx.pathParams());
      return handler.handle(request(ctx, account));
    });
  }

  /**
   * Serves a request of a route with a quick handler without the router: what
   * {@link #publicApi} does for a cached credential, when the Authorization header has been
   * verified before for this account and region and no fault is armed.
   *
   * @return false, having done nothing, when the router must take the request
   */
  private boolean quick(HttpServerRequest http) {
    long started = System.nanoTime();
    QuickRoutes.Match match = quickRoutes.match(http);
    if (match == null) {
      return false;
    }
    Account account = authenticator.trusted(http.getHeader(HttpHeaders.AUTHORIZATION),
        match.params().get("sid"), regions.of(http.getHeader(HttpHeaders.HOST)));
    if (account == null || faults.armed(account.sid())) {
      return false;
    }
    String rid = Sids.newRequestId();
    try {
      limit(account);
      Request request = new Request(rid, http.method().name(), account, match.params(),
          Map.of(), NO_BODY);
      Optional<Reply> reply = match.route().quick().tryHandle(request);
      if (reply.isPresent()) {
        responder.send(http, rid, started, reply.get());
      } else {
        runBlocking(http, rid, started, () -> match.route().handler().handle(request));
      }
    } catch (ApiException e) {
      responder.fail(http, rid, started, e);
    } catch (RetryLater e) {
      responder.retryLater(http, rid, started, e.seconds);
    } catch (RuntimeException e) {
      responder.fail(http, rid, started, responder.internal(http, rid, e));
    }
    return true;
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
        Map.copyOf(ctx.pathParams()), query, body == null ? NO_BODY : body.getBytes());
  }

  /** A unit of blocking work that produces a reply. */
  @FunctionalInterface
  private interface Work {
    Reply run();
  }

  private void runBlocking(RoutingContext ctx, Work work) {
    runBlocking(ctx.request(), ctx.get(RID), started(ctx), work);
  }

  /** Runs {@code work} on a virtual thread, then answers on the request's event loop. */
  private void runBlocking(HttpServerRequest http, String rid, long started, Work work) {
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
          responder.send(http, rid, started, r);
        } else if (e instanceof RetryLater retry) {
          responder.retryLater(http, rid, started, retry.seconds);
        } else if (e instanceof ApiException ae) {
          responder.fail(http, rid, started, ae);
        } else {
          responder.fail(http, rid, started, responder.internal(http, rid, e));
        }
      });
    });
  }

  private void send(RoutingContext ctx, Reply reply) {
    responder.send(ctx.request(), ctx.get(RID), started(ctx), reply);
  }

  private void fail(RoutingContext ctx, ApiException e) {
    responder.fail(ctx.request(), ctx.get(RID), started(ctx), e);
  }

  private ApiException internal(RoutingContext ctx, Throwable t) {
    return responder.internal(ctx.request(), ctx.get(RID), t);
  }

  private static long started(RoutingContext ctx) {
    Long started = ctx.get(STARTED);
    return started == null ? Responder.NOT_TIMED : started;
  }

  private static String safePath(RoutingContext ctx) {
    return Responder.safePath(ctx.request());
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
    return listeners.listen(host, httpPort, httpsPort, certPath, keyPath);
  }

  /**
   * Hands a request to the router. Vert.x throws out of the router on some malformed
   * {@code Host} headers (such as {@code %00}), which would leave the request unanswered; such
   * a request is answered 400 in the envelope instead.
   */
  private void dispatch(HttpServerRequest request) {
    try {
      if (!quick(request)) {
        router.handle(request);
      }
    } catch (RuntimeException e) {
      LOG.debug("request the router could not take: {}", e.toString());
      Listeners.refuse(request,
          new ApiException(ErrorCode.MALFORMED_REQUEST, "Malformed HTTP request"));
    }
  }

  /**
   * Stops the listeners gracefully: no new connection is accepted, requests in progress run to
   * their answer (for up to {@link #SHUTDOWN_GRACE_SECONDS}), then idle connections close.
   */
  @Override
  public void close() {
    listeners.close(SHUTDOWN_GRACE_SECONDS);
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
