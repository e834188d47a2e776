package io.patchbay.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.patchbay.core.account.Sids;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and HTTPS listeners of an {@link ApiServer}: binding them, answering what the HTTP
 * decoder could not read, and stopping them gracefully.
 */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Vertx vertx;
  private final Handler<HttpServerRequest> requests;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  /** Listeners that hand every readable request to {@code requests}. */
  Listeners(Vertx vertx, Handler<HttpServerRequest> requests) {
    this.vertx = vertx;
    this.requests = requests;
  }

  /**
   * Starts the listeners on {@code host}; a port of 0 picks a free one, -1 disables it.
   *
   * @throws IllegalStateException if a port cannot be bound
   */
  ApiServer.Ports listen(String host, int httpPort, int httpsPort, String certPath,
      String keyPath) {
    int http = httpPort < 0 ? -1 : bind(new HttpServerOptions().setHost(host).setPort(httpPort));
    int https = httpsPort < 0 ? -1 : bind(new HttpServerOptions()
        .setHost(host).setPort(httpsPort).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath)));
    return new ApiServer.Ports(http, https);
  }

  private int bind(HttpServerOptions options) {
    // No WebSocket is served: without compression offered, Vert.x leaves out the WebSocket
    // extension handler that every HTTP message otherwise passes through.
    options.setCompressionSupported(false).setIdleTimeout(120)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(requests)
          .invalidRequestHandler(Listeners::invalidRequest)
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
  static void refuse(HttpServerRequest request, ApiException e) {
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
   * their answer (for up to {@code graceSeconds}), then idle connections close.
   */
  void close(int graceSeconds) {
    List<Future<Void>> stopping = new ArrayList<>();
    for (HttpServer s : servers) {
      stopping.add(s.shutdown(graceSeconds, TimeUnit.SECONDS));
    }
    for (Future<Void> f : stopping) {
      try {
        f.await();
      } catch (Exception e) {
        LOG.warn("closing a listener failed: {}", e.toString());
      }
    }
  }
}
