package io.patchbay.server.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hardening tests' HTTP: a client that sends exactly the headers it is given, and a raw
 * socket client for requests no well-behaved client would send (bytes in the request line,
 * broken headers). Both answer the status, headers and raw body, never throwing on a non-JSON
 * body, so that the assertions can say what came back.
 */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Wire() {}

  /** What came back. Header names are lower case. */
  record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The parsed body, or null when it is not JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    int errorCode() {
      JsonNode j = json();
      return j == null ? -1 : j.at("/response/error_data/code").asInt(-1);
    }

    JsonNode data() {
      JsonNode j = json();
      return j == null ? null : j.at("/response/data");
    }

    @Override
    public String toString() {
      String t = text();
      return status + " " + (t.length() > 600 ? t.substring(0, 600) + "..." : t);
    }
  }

  /** Basic credentials as clients send them. */
  static String basic(String key, String token) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (key + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one request with exactly {@code headers}; a null body sends none. */
  static Answer send(String method, String url, String body, Map<String, String> headers) {
    return send(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** As {@link #send(String, String, String, Map)} with a body of raw bytes. */
  static Answer send(String method, String url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, List<String>> h = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
      return new Answer(r.statusCode(), h, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("request failed: " + method + " " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Percent-encodes one path segment: everything but RFC 3986 unreserved characters. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body} on
   * a fresh loopback connection, adding {@code Connection: close} and a matching
   * {@code Content-Length}, and reads the whole answer.
   */
  static Answer raw(int port, byte[] head, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head);
    request.writeBytes(("\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    return rawBytes(port, request.toByteArray());
  }

  /** Sends exactly {@code bytes} and reads the answer until the server closes. */
  static Answer rawBytes(int port, byte[] bytes) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      return parse(readResponse(in));
    } catch (IOException e) {
      throw new UncheckedIOException("raw request failed", e);
    }
  }

  /** Reads one response: the head, then Content-Length bytes (or up to the close). */
  private static byte[] readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int headEnd = -1;
    byte[] buf = new byte[8192];
    while (headEnd < 0) {
      int n = in.read(buf);
      if (n < 0) {
        return all.toByteArray();
      }
      all.write(buf, 0, n);
      headEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    byte[] sofar = all.toByteArray();
    String head = new String(sofar, 0, headEnd, StandardCharsets.ISO_8859_1);
    int length = -1;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    int bodyStart = headEnd + 4;
    while (length < 0 || all.size() - bodyStart < length) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      all.write(buf, 0, n);
    }
    return all.toByteArray();
  }

  private static Answer parse(byte[] response) {
    int headEnd = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (headEnd < 0) {
      throw new IllegalStateException("no HTTP answer, got "
          + new String(response, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(response, 0, headEnd, StandardCharsets.ISO_8859_1)
        .split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = new byte[response.length - headEnd - 4];
    System.arraycopy(response, headEnd + 4, body, 0, body.length);
    return new Answer(status, headers, body);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
