package io.patchbay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.server.demo.DemoAccount;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A real in-process Patchbay on loopback for HTTP tests: manual clock, no rate limit, the demo
 * account, plain HTTP on a free port.
 */
public final class TestServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Patchbay patchbay;
  private final DemoAccount demo;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestServer(Patchbay patchbay) {
    this.patchbay = patchbay;
    this.demo = patchbay.createdDemo().orElseThrow();
  }

  /** Starts a server with its data in {@code dir}, on the store {@link TestStores} chose. */
  public static TestServer start(Path dir) {
    return new TestServer(Patchbay.start(TestStores.config(dir)));
  }

  public Patchbay patchbay() {
    return patchbay;
  }

  public DemoAccount demo() {
    return demo;
  }

  /** The demo account's API base: {@code http://127.0.0.1:PORT/v2/accounts/SID}. */
  public String base() {
    return "http://127.0.0.1:" + patchbay.ports().http() + "/v2/accounts/" + demo.accountSid();
  }

  /** The server's root URL. */
  public String root() {
    return "http://127.0.0.1:" + patchbay.ports().http();
  }

  /** Basic auth with the demo credentials. */
  public String auth() {
    return basic(demo.apiKey(), demo.apiToken());
  }

  public static String basic(String key, String token) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (key + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  /** Moves the demo account's manual clock forward, running every timer due on the way. */
  public void advance(Duration amount) {
    patchbay.timelines().of(demo.accountSid()).advance(amount);
  }

  /** A response: status, headers and parsed body. */
  public record Response(int status, HttpResponse<String> raw, JsonNode body) {
    public JsonNode data() {
      return body.path("response").path("data");
    }

    public int errorCode() {
      return body.path("response").path("error_data").path("code").asInt();
    }

    public String description() {
      return body.path("response").path("error_data").path("description").asText();
    }
  }

  /** Sends a request with the demo credentials; a null body sends none. */
  public Response send(String method, String url, String body) {
    return send(method, url, body, Map.of("Authorization", auth()));
  }

  /** Sends a request with exactly the given headers. */
  public Response send(String method, String url, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r, JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + method + " " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a control-plane request for the demo account with the admin token. */
  public Response sim(String method, String path, String body) {
    return send(method, root() + "/_sim/v1/accounts/" + demo.accountSid() + path, body,
        Map.of("Authorization", "Bearer " + patchbay.adminToken()));
  }

  /** A Make Call body from {@code agentUri} to {@code customer}. */
  public String callBody(String agentUri, String customer) {
    return "{\"from\":{\"user_contact_uri\":\"" + agentUri + "\"},"
        + "\"to\":{\"customer_contact_uri\":\"" + customer + "\"},"
        + "\"virtual_number\":\"" + demo.virtualNumber() + "\"}";
  }

  @Override
  public void close() {
    patchbay.close();
  }
}
