package io.patchbay.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.error.ApiException;
import io.patchbay.core.error.ErrorCode;
import io.patchbay.server.http.ApiHandler;
import io.patchbay.server.http.Reply;
import io.patchbay.server.http.Request;
import io.patchbay.store.NodeStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox control plane across the nodes of one database. A node keeps some sandbox state
 * in memory (the timers of the calls it drives, clocks, phone behaviours, rate limits), so a
 * control-plane request that reaches one node behind a load balancer must act where that state
 * lives:
 *
 * <ul>
 *   <li>{@link #atCallOwner}: a per-call action (answer, hang up, transfer) runs on the node that
 *       drives the call, forwarded there when another live node owns it;
 *   <li>{@link #onEveryNode}: a setting (clock, phone behaviour, rate limit) runs here, then on
 *       every other live node.
 * </ul>
 *
 * <p>Nodes reach each other over plain HTTP at the URL each one advertises in the store, with
 * this node's admin token: give every node the same {@code admin-token} file. A forwarded
 * request carries the query parameter {@value #FROM_NODE}, and a node runs such a request
 * locally, so a request travels at most one hop.
 *
 * <p><b>Note:</b> on an exclusive store (SQLite, one process) both wrappers return the local
 * handler unchanged. A node whose HTTP listener is off advertises no URL and cannot be reached:
 * a per-call action on its calls acts locally (404 for a call driven elsewhere), and settings
 * skip it (logged). A node that cannot be reached or refuses the token gives 502/9502.
 */
public final class Peers {
  /** The query parameter that marks a request forwarded by another node. */
  public static final String FROM_NODE = "from_node";

  private static final Logger LOG = LoggerFactory.getLogger(Peers.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final NodeStore store;
  private final String nodeId;
  private final String adminToken;
  private final boolean shared;
  private final Clock wall;
  private final HttpClient http;

  private Peers(NodeStore store, String nodeId, String adminToken, boolean shared, Clock wall) {
    this.store = store;
    this.nodeId = nodeId;
    this.adminToken = adminToken;
    this.shared = shared;
    this.wall = wall;
    this.http = shared ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(TIMEOUT).build() : null;
  }

  /**
   * The control plane of node {@code nodeId}.
   *
   * @param shared whether other nodes may use the store (PostgreSQL)
   */
  public static Peers create(NodeStore store, String nodeId, String adminToken, boolean shared) {
    return new Peers(store, nodeId, adminToken, shared, Clock.systemUTC());
  }

  /**
   * Tells the other nodes where this one listens: {@code http://host:port}. Does nothing on an
   * exclusive store.
   */
  public void advertise(String controlUrl) {
    if (shared) {
      store.advertise(nodeId, controlUrl);
      LOG.info("{} - control plane reachable by other nodes at {}", nodeId, controlUrl);
    }
  }

  /**
   * The URL other nodes use to reach a node listening with plain HTTP on {@code host} and
   * {@code port}: a wildcard address stands for this machine's address.
   */
  public static String controlUrl(String host, int port) {
    String h = host;
    if (h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
      try {
        h = java.net.InetAddress.getLocalHost().getHostAddress();
      } catch (IOException e) {
        h = "127.0.0.1";
      }
    }
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return "http://" + h + ":" + port;
  }

  /**
   * A handler for {@code pattern} (a route path with {@code :name} parameters, one of them
   * {@code :callSid}) that runs {@code local} on the node that drives the call.
   */
  public ApiHandler atCallOwner(String pattern, ApiHandler local) {
    if (!shared) {
      return local;
    }
    return r -> {
      if (r.queryValue(FROM_NODE) != null) {
        return local.handle(r);
      }
      String callSid = r.param("callSid");
      Optional<String> owner = callSid == null ? Optional.empty() : store.callOwner(callSid);
      if (owner.isEmpty() || owner.get().equals(nodeId)) {
        return local.handle(r);
      }
      String url = store.liveNodes(wall.instant().minus(Cluster.STALE)).get(owner.get());
      if (url == null) {
        // The owner is gone or unreachable; when gone, its calls are taken over and finished
        // within Cluster.STALE plus a scan, and the local handler answers as it can.
        LOG.debug("{} - owner {} has no live control URL; acting locally", callSid,
            owner.get());
        return local.handle(r);
      }
      return forward(url, pattern, r, owner.get());
    };
  }

  /**
   * A handler for {@code pattern} where the other live nodes act first and this node last, for
   * actions such as a reset, where this node's part (deleting the account's calls from the
   * store) must come after the other nodes stopped driving theirs. {@code local} gets the
   * replies of the nodes that succeeded (none on a forwarded request) to fold into its own.
   */
  public ApiHandler othersThenHere(String pattern, BiFunction<Request, List<Reply>, Reply> local) {
    if (!shared) {
      return r -> local.apply(r, List.of());
    }
    return r -> {
      List<Reply> others = new ArrayList<>();
      if (r.queryValue(FROM_NODE) == null) {
        others.addAll(everyOther(pattern, r));
      }
      return local.apply(r, others);
    };
  }

  /**
   * A handler for {@code pattern} that runs {@code local} here and, when it succeeds, the same
   * request on every other live node. The reply is this node's. A node that fails the request
   * is logged and skipped: it keeps its old setting until the request is sent again.
   */
  public ApiHandler onEveryNode(String pattern, ApiHandler local) {
    if (!shared) {
      return local;
    }
    return r -> {
      Reply reply = local.handle(r);
      if (r.queryValue(FROM_NODE) == null) {
        everyOther(pattern, r);
      }
      return reply;
    };
  }

  /** Sends {@code r} to every other live node; returns the replies of those that succeeded. */
  private List<Reply> everyOther(String pattern, Request r) {
    List<Reply> replies = new ArrayList<>();
    store.liveNodes(wall.instant().minus(Cluster.STALE)).forEach((id, url) -> {
      if (id.equals(nodeId)) {
        return;
      }
      try {
        replies.add(forward(url, pattern, r, id));
      } catch (ApiException e) {
        LOG.warn("{} - {} {} not applied on node {}: {}", nodeId, r.method(), path(pattern, r),
            id, e.description());
      }
    });
    return replies;
  }

  private Reply forward(String baseUrl, String pattern, Request r, String node) {
    String path = path(pattern, r);
    URI uri = URI.create(baseUrl + path + "?" + FROM_NODE + "="
        + URLEncoder.encode(nodeId, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json")
        .method(r.method(), HttpRequest.BodyPublishers.ofByteArray(r.body()))
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(node, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(node, "interrupted");
    }
    LOG.debug("{} - {} {} forwarded to node {}: {}", nodeId, r.method(), path, node,
        response.statusCode());
    return relay(response, node);
  }

  private static Reply relay(HttpResponse<byte[]> response, String node) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(response.body());
    } catch (IOException e) {
      throw unreachable(node, "answered " + response.statusCode() + " without an envelope");
    }
    JsonNode inner = envelope.path("response");
    if (response.statusCode() < 300 && inner.has("data")) {
      try {
        return Reply.of(response.statusCode(), JSON.writeValueAsBytes(inner.get("data")));
      } catch (IOException e) {
        throw unreachable(node, e.toString());
      }
    }
    int code = inner.path("error_data").path("code").asInt();
    String description = inner.path("error_data").path("description").asText("");
    if (code == ErrorCode.SANDBOX_FORBIDDEN.code()) {
      throw unreachable(node, "it refused this node's admin token; give every node the same"
          + " admin-token file");
    }
    for (ErrorCode e : ErrorCode.values()) {
      if (e.code() == code && e.httpStatus() == response.statusCode()) {
        throw new ApiException(e, description);
      }
    }
    throw unreachable(node, "answered " + response.statusCode() + " " + code);
  }

  /** The request's path: {@code pattern} with its parameters filled in. */
  private static String path(String pattern, Request r) {
    Matcher m = PARAM.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = r.param(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(
          URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
              .replace("+", "%20")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static ApiException unreachable(String node, String why) {
    return new ApiException(ErrorCode.SANDBOX_NODE_UNREACHABLE,
        "This request must run on node " + node + ", which could not take it: " + why);
  }
}
