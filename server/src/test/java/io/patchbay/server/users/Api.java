package io.patchbay.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A client of one account's public API, over loopback HTTP with Basic auth. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final String sid;
  private final String authorization;

  Api(HttpClient http, String base, String sid, String authorization) {
    this.http = http;
    this.base = base;
    this.sid = sid;
    this.authorization = authorization;
  }

  /** A client that authenticates with {@code key} and {@code token}. */
  static Api basic(HttpClient http, String base, String sid, String key, String token) {
    String basic = Base64.getEncoder()
        .encodeToString((key + ":" + token).getBytes(StandardCharsets.UTF_8));
    return new Api(http, base, sid, "Basic " + basic);
  }

  String sid() {
    return sid;
  }

  /** {@code method} on {@code /v2/accounts/{sid}} + {@code path}; a null body sends none. */
  Answer send(String method, String path, String body) {
    return raw(method, "/v2/accounts/" + sid + path, body, authorization);
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, String body) {
    return send("POST", path, body);
  }

  Answer put(String path, String body) {
    return send("PUT", path, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null);
  }

  /** {@code method} on {@code fullPath} with {@code auth} as the Authorization header. */
  Answer raw(String method, String fullPath, String body, String auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + fullPath))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = JSON.readTree(r.body());
      return new Answer(r.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object body from alternating keys and values. */
  static String body(Object... keysAndValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return node.toString();
  }
}
