package io.patchbay.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.patchbay.core.account.Sids;
import io.patchbay.server.hardening.Endpoints.Endpoint;
import io.patchbay.server.hardening.Endpoints.Surface;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue #9 part 3, hostile input: property-based tests over request bodies (Make Call, the
 * Users API, every endpoint that reads a body), path parameters, query parameters and headers.
 * Every input gets a 4xx in the envelope (never a 500, never a framework page, never a dropped
 * connection) and leaves the store as it was. Tries are bounded so the class runs in seconds.
 */
class HostileInputPropertiesTest {
  /** An agent number that no user has: a Make Call that parses still changes nothing. */
  private static final String NO_AGENT = "+919811100999";
  private static final String CUSTOMER = "{\"customer_contact_uri\":\"+919812345678\"}";

  static Path dir;
  static World world;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("patchbay-hostile-");
    world = World.start(dir);
  }

  @AfterContainer
  static void stop() throws IOException {
    Figures.print(HostileInputPropertiesTest.class);
    world.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  // ---- Make Call bodies

  @Provide
  Arbitrary<byte[]> makeCallBodies() {
    String vn = "\"virtual_number\":\"+918045680001\"";
    String from = "\"from\":{\"user_contact_uri\":\"" + NO_AGENT + "\"}";
    String to = "\"to\":" + CUSTOMER;
    String head = "{" + from + "," + to + "," + vn;
    List<String> templates = List.of(
        "{\"from\":%V%," + to + "," + vn + "}",
        "{\"from\":{\"user_contact_uri\":%V%}," + to + "," + vn + "}",
        "{\"from\":{\"user_id\":%V%}," + to + "," + vn + "}",
        "{" + from + ",\"to\":%V%," + vn + "}",
        "{" + from + ",\"to\":{\"customer_contact_uri\":%V%}," + vn + "}",
        "{" + from + ",\"to\":{\"number\":%V%}," + vn + "}",
        "{" + from + ",\"to\":{\"contact_uri\":%V%}," + vn + "}",
        "{" + from + "," + to + ",\"virtual_number\":%V%}",
        head + ",\"recording\":%V%}",
        head + ",\"recording_channels\":%V%}",
        head + ",\"wait_audio_url\":%V%}",
        head + ",\"max_time_limit\":%V%}",
        head + ",\"attempt_time_out\":%V%}",
        head + ",\"custom_field\":%V%}",
        head + ",\"status_callback\":%V%}",
        head + ",\"status_callback\":[{\"event\":%V%,\"url\":\"http://cb.example/x\"}]}",
        head + ",\"status_callback\":[{\"url\":%V%}]}",
        "%V%");
    return Arbitraries.frequencyOf(
        Tuple.of(3, Hostile.fieldBodies(templates)),
        Tuple.of(1, Hostile.syntacticBodies(head + "}")));
  }

  @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
  void makeCall_hostileBody_answers4xxInTheEnvelopeAndLeavesTheStoreAsItWas(
      @ForAll("makeCallBodies") byte[] body) {
    String before = StoreSnapshot.of(world.database());

    Wire.Answer a = post("/v2/accounts/" + world.demo.sid() + "/calls", body, publicAuth());

    Envelopes.assertClientError(a, "POST");
    assertThat(a.errorCode()).as("%s", a).isIn(10725, 10731, 9413);
    assertThat(StoreSnapshot.of(world.database())).as("store unchanged").isEqualTo(before);
  }

  // ---- Users API bodies

  @Provide
  Arbitrary<Tuple2<String, byte[]>> userBodies() {
    String taken = world.server.demo().agents().get(0).contactUri();
    String create = "\"first_name\":\"Fuzz\",\"last_name\":\"Agent\",\"device_contact_uri\":\""
        + taken + "\"";
    List<String> creates = List.of(
        "{\"first_name\":%V%,\"last_name\":\"Agent\",\"device_contact_uri\":\"" + taken + "\"}",
        "{\"first_name\":\"Fuzz\",\"last_name\":%V%,\"device_contact_uri\":\"" + taken + "\"}",
        "{" + create + ",\"email\":%V%}",
        "{" + create + ",\"role\":%V%}",
        "{" + create + ",\"device_name\":%V%}",
        "{\"first_name\":\"Fuzz\",\"last_name\":\"Agent\",\"device_contact_uri\":%V%}",
        "%V%");
    List<String> updates = List.of("{\"first_name\":%V%}", "{\"last_name\":%V%}",
        "{\"email\":%V%}", "{\"role\":%V%}", "%V%");
    List<String> devices = List.of("{\"available\":%V%}", "{\"contact_uri\":%V%}", "%V%");
    String user = "/v2/accounts/" + world.demo.sid() + "/users";
    String ghost = user + "/" + Sids.newUserId();
    return Arbitraries.oneOf(
        Hostile.fieldBodies(creates).map(b -> Tuple.of("POST " + user, b)),
        Hostile.syntacticBodies("{" + create + "}").map(b -> Tuple.of("POST " + user, b)),
        Hostile.fieldBodies(updates).map(b -> Tuple.of("PUT " + ghost, b)),
        Hostile.fieldBodies(devices).map(b -> Tuple.of("PUT " + ghost + "/devices/1", b)));
  }

  @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
  void usersApi_hostileBody_answers4xxInTheEnvelopeAndLeavesTheStoreAsItWas(
      @ForAll("userBodies") Tuple2<String, byte[]> request) {
    String[] target = request.get1().split(" ", 2);
    String before = StoreSnapshot.of(world.database());

    Wire.Answer a = send(target[0], target[1], request.get2(), publicAuth());

    Envelopes.assertClientError(a, target[0]);
    assertThat(StoreSnapshot.of(world.database())).as("store unchanged").isEqualTo(before);
  }

  // ---- every endpoint that reads a body

  @Provide
  Arbitrary<Tuple2<Endpoint, byte[]>> bodiesForEveryEndpoint() {
    List<Endpoint> rows = new ArrayList<>();
    for (Surface s : List.of(Surface.PUBLIC, Surface.CONTROL)) {
      Endpoints.served(world.server.patchbay(), s).stream()
          .filter(e -> e.body() != null).forEach(rows::add);
    }
    return Arbitraries.of(rows).flatMap(e -> Hostile.syntacticBodies(e.body())
        .map(b -> Tuple.of(e, b)));
  }

  @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
  void anyEndpointReadingABody_malformedBody_answers4xxAndLeavesTheStoreAsItWas(
      @ForAll("bodiesForEveryEndpoint") Tuple2<Endpoint, byte[]> request) {
    Endpoint e = request.get1();
    String before = StoreSnapshot.of(world.database());

    Wire.Answer a = send(e.method(), e.path(world.demo.params(e.route())), request.get2(),
        auth(e));

    Envelopes.assertClientError(a, e.method());
    assertThat(StoreSnapshot.of(world.database())).as("store unchanged").isEqualTo(before);
  }

  // ---- path parameters

  @Provide
  Arbitrary<Tuple3<Endpoint, String, String>> pathParameters() {
    List<Tuple2<Endpoint, String>> slots = new ArrayList<>();
    for (Surface s : List.of(Surface.PUBLIC, Surface.CONTROL, Surface.OPEN)) {
      for (Endpoint e : Endpoints.served(world.server.patchbay(), s)) {
        e.params().forEach(p -> slots.add(Tuple.of(e, p)));
      }
    }
    return Combinators.combine(Arbitraries.of(slots), Hostile.pathSegments())
        .as((slot, segment) -> Tuple.of(slot.get1(), slot.get2(), segment));
  }

  @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
  void pathParameter_hostileSegment_answers4xxInTheEnvelopeAndLeavesTheStoreAsItWas(
      @ForAll("pathParameters") Tuple3<Endpoint, String, String> input) {
    Endpoint e = input.get1();
    String segment = input.get3();
    Assume.that(!resolvesToAnotherRoute(segment));
    Map<String, String> params = world.demo.params(e.route());
    String marker = "\u0001SEGMENT\u0001";
    params.put(input.get2(), marker);
    String path = e.path(params).replace(Wire.segment(marker), "%s");
    String before = StoreSnapshot.of(world.database());

    Wire.Answer a = raw(e.method(), rawPath(path, segment), e.body(), auth(e));

    assertRefused(a, e.method());
    assertThat(StoreSnapshot.of(world.database())).as("store unchanged").isEqualTo(before);
  }

  /** A segment that dot-segment removal turns into another, valid path (RFC 3986 5.2.4). */
  private static boolean resolvesToAnotherRoute(String segment) {
    String decoded = segment.replaceAll("(?i)%2e", ".");
    for (String part : decoded.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || part.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static byte[] rawPath(String path, String segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] parts = path.split("%s", -1);
    out.writeBytes(parts[0].getBytes(StandardCharsets.ISO_8859_1));
    if (segment.startsWith("raw:")) {
      out.writeBytes(segment.substring(4).getBytes(StandardCharsets.ISO_8859_1));
    } else {
      out.writeBytes(segment.getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(parts[1].getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  // ---- query parameters

  @Provide
  Arbitrary<String> userListQueries() {
    Arbitrary<String> bad = Hostile.strings().filter(s -> s.length() < 3000);
    Arbitrary<String> limit = Arbitraries.oneOf(bad.filter(s -> !s.matches("[0-9]{1,9}")),
        Arbitraries.of("0", "51", "999999999", "-1", "1.0", "5 ", "%2B5", "1e1"))
        .map(v -> "limit=" + enc(v));
    Arbitrary<String> offset = bad.filter(s -> !s.matches("[0-9]{1,9}"))
        .map(v -> "offset=" + enc(v));
    Arbitrary<String> fields = bad.filter(s -> !List.of("devices", "active_call", "last_login",
        "").containsAll(List.of(s.split(",", -1)))).map(v -> "fields=" + enc(v));
    Arbitrary<String> uris = bad.map(v -> "devices.contact_uri=" + enc(v));
    Arbitrary<String> email = bad.filter(s -> !s.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))
        .map(v -> "email=" + enc(v));
    Arbitrary<String> repeated = Arbitraries.of("limit=5&limit=5", "offset=0&offset=1",
        "email=a%40b.example&email=a%40b.example", "limit=%ff", "limit=%", "limit=%zz",
        "offset=%c0%80", "email=%ed%a0%80%40x.example", "fields=%ff", "limit=1%00");
    return Arbitraries.oneOf(limit, offset, fields, uris, email, repeated);
  }

  @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
  void userList_hostileQuery_answers400InTheEnvelope(@ForAll("userListQueries") String query) {
    Assume.that(query.length() < 3_500);
    Wire.Answer a = raw("GET", ("/v2/accounts/" + world.demo.sid() + "/users?" + query)
        .getBytes(StandardCharsets.ISO_8859_1), null, publicAuth());

    Envelopes.assertFailure(a, "GET", 400, 1007);
  }

  @Provide
  Arbitrary<Tuple2<Endpoint, String>> junkQueries() {
    List<Endpoint> rows = new ArrayList<>();
    for (Surface s : List.of(Surface.PUBLIC, Surface.CONTROL)) {
      Endpoints.served(world.server.patchbay(), s).stream()
          .filter(e -> e.method().equals("GET")).forEach(rows::add);
    }
    Arbitrary<String> pairs = Combinators.combine(Hostile.pathSegments(), Hostile.pathSegments())
        .as((k, v) -> k.replace("raw:", "") + "=" + v.replace("raw:", ""));
    Arbitrary<String> query = Arbitraries.oneOf(pairs, pairs.list().ofMaxSize(30)
        .map(l -> String.join("&", l)), Arbitraries.of("&&&", "=", "==", "a==b", "%", "&=&",
            "a=1&" + "b=2&".repeat(2000)));
    return Combinators.combine(Arbitraries.of(rows), query).as(Tuple::of);
  }

  @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
  void anyReadEndpoint_junkQuery_neverAnswers5xxAndStaysInTheEnvelope(
      @ForAll("junkQueries") Tuple2<Endpoint, String> input) {
    Endpoint e = input.get1();
    String path = e.path(world.demo.params(e.route())) + "?" + input.get2();

    Wire.Answer a = raw("GET", path.getBytes(StandardCharsets.ISO_8859_1), null, auth(e));

    assertThat(a.status()).as("%s", a).isLessThan(500);
    if (a.status() >= 400) {
      assertRefused(a, "GET");
    } else {
      Envelopes.assertEnvelope(a, "GET");
    }
  }

  // ---- headers

  @Provide
  Arbitrary<Tuple2<String, byte[]>> hostileHeaders() {
    String key = world.demo.key();
    Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1)
        .ofMaxSize(200).map(b -> {
          for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
              b[i] = 'x';
            }
          }
          return b;
        });
    Arbitrary<byte[]> authorization = Arbitraries.oneOf(
        Arbitraries.integers().between(100, 20_000).map(n -> Hostile.utf8("Basic "
            + "A".repeat(n))),
        anyBytes,
        anyBytes.map(b -> Hostile.utf8("Basic " + Base64.getEncoder().encodeToString(b))),
        anyBytes.map(b -> Hostile.utf8("Basic " + Base64.getEncoder().encodeToString(
            concat(Hostile.utf8(key + ":"), b)))),
        Arbitraries.of(Hostile.INVALID_UTF8).map(b -> Hostile.utf8("Basic "
            + Base64.getEncoder().encodeToString(concat(Hostile.utf8(key + ":"), b)))),
        Hostile.strings().filter(s -> s.length() < 5000).map(s -> Hostile.utf8("Basic " + s)),
        Hostile.strings().filter(s -> s.length() < 5000).map(s -> Hostile.utf8("Bearer " + s)),
        Arbitraries.of("Basic", "Basic  ", "basic", "BASIC " + Base64.getEncoder()
            .encodeToString(Hostile.utf8(":")), "Basic =", "Basic ====", "Basic \u0001",
            "Basic\tx").map(Hostile::utf8));
    Arbitrary<byte[]> host = Arbitraries.oneOf(anyBytes,
        Arbitraries.integers().between(100, 20_000).map(n -> Hostile.utf8("h".repeat(n))),
        Arbitraries.of("[", "[::1", "[::1]:99999", ":", "a:b:c", "", ":80",
            "ccm-api.in.exotel.com:", "ccm-api.in.exotel.com.:99999999999", "..", "%00",
            "ccm-api.exotel.com\u0000.evil").map(Hostile::utf8));
    Arbitrary<byte[]> other = Arbitraries.oneOf(anyBytes,
        Hostile.strings().filter(s -> s.length() < 5000).map(Hostile::utf8));
    return Arbitraries.oneOf(
        authorization.map(v -> Tuple.of("Authorization", v)),
        host.map(v -> Tuple.of("Host", v)),
        other.map(v -> Tuple.of("Content-Type", v)),
        other.map(v -> Tuple.of("Accept", v)),
        other.map(v -> Tuple.of("X-Request-Id", v)),
        Arbitraries.of("Bad Header", "X-\u00ff", "X:Y", "", " X", "X\u0000").map(
            n -> Tuple.of(n, Hostile.utf8("v"))));
  }

  @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
  void anyRequest_hostileHeader_neverAnswers5xxAndStaysInTheEnvelope(
      @ForAll("hostileHeaders") Tuple2<String, byte[]> header) {
    String path = "/v2/accounts/" + world.demo.sid() + "/users";
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(Hostile.utf8("GET " + path + " HTTP/1.1"));
    if (!header.get1().equals("Host")) {
      head.writeBytes(Hostile.utf8("\r\nHost: 127.0.0.1"));
    }
    if (!header.get1().equals("Authorization")) {
      head.writeBytes(Hostile.utf8("\r\nAuthorization: " + world.demo.basic()));
    }
    head.writeBytes(Hostile.utf8("\r\n" + header.get1() + ": "));
    head.writeBytes(header.get2());

    Figures.add(HostileInputPropertiesTest.class, "inputs", 1);
    Wire.Answer a = Wire.raw(world.port(), head.toByteArray(), new byte[0]);

    assertThat(a.status()).as("%s", a).isLessThan(500);
    if (a.status() >= 400) {
      assertRefused(a, "GET");
    } else {
      Envelopes.assertEnvelope(a, "GET");
    }
    if (header.get1().equals("Authorization") && !undecodable(a)) {
      Envelopes.assertFailure(a, "GET", 401, 1010);
    }
  }

  /**
   * Odd framing: what HTTP/1.1 tolerates (absolute-form targets, folded headers, extra spaces)
   * may be served; the rest is a 4xx. Either way the answer is the envelope, never a 5xx, and
   * a Make Call with such framing creates nothing.
   */
  @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
  void anyRequest_oddFraming_answersInTheEnvelopeNever5xx(
      @ForAll("oddFraming") byte[] request) {
    String before = StoreSnapshot.of(world.database());
    Figures.add(HostileInputPropertiesTest.class, "inputs", 1);

    Wire.Answer a = Wire.rawBytes(world.port(), request);

    assertThat(a.status()).as("%s", a).isLessThan(500);
    assertThat(a.header("content-type")).as("%s", a).startsWith("application/json");
    assertThat(a.json()).as("%s", a).isNotNull();
    assertThat(a.json().get("http_code").asInt()).isEqualTo(a.status());
    if (new String(request, StandardCharsets.ISO_8859_1).startsWith("POST")) {
      assertThat(a.status()).as("%s", a).isBetween(400, 499);
    }
    assertThat(StoreSnapshot.of(world.database())).isEqualTo(before);
  }

  @Provide
  Arbitrary<byte[]> oddFraming() {
    String sid = world.demo.sid();
    String auth = "\r\nHost: 127.0.0.1\r\nAuthorization: " + world.demo.basic();
    String post = "POST /v2/accounts/" + sid + "/calls HTTP/1.1" + auth;
    return Arbitraries.of(
        post + "\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}",
        post + "\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}",
        post + "\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n{}",
        post + "\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}",
        post + "\r\nTransfer-Encoding: bogus\r\nConnection: close\r\n\r\n{}",
        "GET /v2/accounts/" + "a".repeat(10_000) + "/users HTTP/1.1" + auth
            + "\r\nConnection: close\r\n\r\n",
        "GET /v2/accounts/" + sid + "/users HTTP/1.1" + auth + "\r\nX-Big: "
            + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
        "GET /v2/accounts/" + sid + "/users HTTP/1.1" + auth + "\r\nX-Fold: a\r\n  b"
            + "\r\nConnection: close\r\n\r\n",
        "GET  /v2/accounts/" + sid + "/users  HTTP/1.1" + auth
            + "\r\nConnection: close\r\n\r\n",
        "GET /v2/accounts/" + sid + "/us ers HTTP/1.1" + auth + "\r\nConnection: close\r\n\r\n",
        "BREW /v2/accounts/" + sid + "/users HTTP/1.1" + auth + "\r\nConnection: close\r\n\r\n",
        "GET v2/accounts HTTP/1.1" + auth + "\r\nConnection: close\r\n\r\n",
        "GET * HTTP/1.1" + auth + "\r\nConnection: close\r\n\r\n",
        "GET http://evil.example/v2/accounts/" + sid + "/users HTTP/1.1" + auth
            + "\r\nConnection: close\r\n\r\n")
        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * A chunked body whose framing breaks mid-stream cannot be answered: the stream has no next
   * request boundary, so Vert.x closes the connection. No 5xx is sent, nothing is stored, and
   * the server keeps serving.
   */
  @Property(tries = 1)
  void brokenChunkedBody_closesTheConnectionWithoutAnswer_andTheServerKeepsServing() {
    String before = StoreSnapshot.of(world.database());
    String request = "POST /v2/accounts/" + world.demo.sid() + "/calls HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAuthorization: " + world.demo.basic() + "\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    Figures.add(HostileInputPropertiesTest.class, "inputs", 1);

    String outcome;
    try {
      outcome = Wire.rawBytes(world.port(), request.getBytes(StandardCharsets.ISO_8859_1))
          .toString();
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      outcome = "closed";
    }

    assertThat(outcome).as("no 5xx").doesNotStartWith("5");
    assertThat(StoreSnapshot.of(world.database())).isEqualTo(before);
    assertThat(send("GET", "/v2/accounts/" + world.demo.sid() + "/users", null, publicAuth())
        .status()).isEqualTo(200);
  }

  // ---- helpers

  /**
   * A 4xx in the envelope. Requests the HTTP decoder could not read (request line or headers
   * too long, malformed framing) are answered before their method is known, so their
   * envelope's {@code method} is not checked.
   */
  private static void assertRefused(Wire.Answer a, String method) {
    if (undecodable(a)) {
      Envelopes.assertClientError(a, a.json().get("method").asText());
    } else {
      Envelopes.assertClientError(a, method);
    }
  }

  private static boolean undecodable(Wire.Answer a) {
    int code = a.errorCode();
    return code == 9414 || code == 9431 || code == 1007 && a.json()
        .at("/response/error_data/description").asText().equals("Malformed HTTP request");
  }

  private static Map<String, String> publicAuth() {
    return Map.of("Authorization", world.demo.basic());
  }

  private static Map<String, String> auth(Endpoint e) {
    return switch (e.surface()) {
      case PUBLIC -> publicAuth();
      case CONTROL -> Map.of("Authorization", "Bearer " + world.adminToken());
      case OPEN -> Map.of();
    };
  }

  private static Wire.Answer post(String path, byte[] body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  private static Wire.Answer send(String method, String path, byte[] body,
      Map<String, String> headers) {
    Figures.add(HostileInputPropertiesTest.class, "inputs", 1);
    return Wire.send(method, world.root() + path, body, headers);
  }

  /** A raw request: {@code path} goes on the request line byte for byte. */
  private static Wire.Answer raw(String method, byte[] path, String body,
      Map<String, String> headers) {
    Figures.add(HostileInputPropertiesTest.class, "inputs", 1);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(Hostile.utf8(method + " "));
    head.writeBytes(path);
    head.writeBytes(Hostile.utf8(" HTTP/1.1\r\nHost: 127.0.0.1"));
    headers.forEach((k, v) -> head.writeBytes(Hostile.utf8("\r\n" + k + ": " + v)));
    return Wire.raw(world.port(), head.toByteArray(),
        body == null ? new byte[0] : Hostile.utf8(body));
  }

  private static String enc(String v) {
    return Wire.segment(v);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
