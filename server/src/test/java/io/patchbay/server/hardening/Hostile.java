package io.patchbay.server.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile input for the property tests: bodies, JSON values, path segments and
 * strings that no well-behaved client sends. The strings are never a valid phone number, SIP
 * URI, URL, sid or id (numbers are too short or too long, SIP URIs too long); a few are valid
 * names, so the tests build requests that fail for another reason even then (an agent or a
 * user that does not exist, a device number that is taken).
 */
final class Hostile {
  private Hostile() {}

  /** Byte sequences that are not UTF-8: overlong forms, surrogates, stray bytes, too high. */
  static final List<byte[]> INVALID_UTF8 = List.of(
      new byte[] {(byte) 0xC0, (byte) 0x80},
      new byte[] {(byte) 0xC0, (byte) 0xAE},
      new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      new byte[] {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
      new byte[] {(byte) 0xFF},
      new byte[] {(byte) 0xFE, (byte) 0xFF},
      new byte[] {(byte) 0x80},
      new byte[] {(byte) 0xBF, (byte) 0x80},
      new byte[] {(byte) 0xE2, (byte) 0x82},
      new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
      new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});

  /** Raw JSON values (as text) that are out of range, of the wrong type, or not JSON at all. */
  static Arbitrary<String> jsonValues() {
    Arbitrary<String> numbers = Arbitraries.of("1e400", "-1e400", "1e-400", "-0", "0", "-1",
        "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999", "1.5", "1" + "0".repeat(200), "0x10", "NaN",
        "Infinity", "-Infinity", "01", "1_000", ".5", "5.", "+5", "14401", "301", "1e3",
        "0.0000001", "\"1e3\"", "\"-5\"", "\"0\"", "\"99999999999\"", "\" 60\"", "\"60 \"",
        "\"６０\"");
    Arbitrary<String> structures = Arbitraries.of("[]", "{}", "null", "true", "false",
        "[1,2,3]", "{\"a\":1}", "[[]]", "{\"event\":\"terminal\"}", "[" + "{}," .repeat(11)
            + "{}]", "[\"http://a.example/x\"]", "{\"url\":null}");
    Arbitrary<String> nested = Arbitraries.integers().between(33, 3000).flatMap(n ->
        Arbitraries.of("[".repeat(n) + "]".repeat(n),
            "{\"a\":".repeat(n) + "1" + "}".repeat(n),
            "[".repeat(n), "{\"a\":".repeat(n)));
    Arbitrary<String> broken = Arbitraries.of("", "'single'", "\"unterminated", "{", "}", ",",
        "\"a\" \"b\"", "[1,]", "{\"a\" 1}", "\"\\u12\"", "\"\\x41\"", "tru", "nul", "/*c*/1",
        "\"\t\"", "\"\u0000\"");
    return Arbitraries.oneOf(numbers, structures, nested, broken, strings().map(Hostile::quote));
  }

  /**
   * Strings that are no valid phone number, SIP URI, name, email, URL, sid or enum value of
   * any field: wrong lengths, junk characters, traversal, escapes.
   */
  static Arbitrary<String> strings() {
    Arbitrary<String> fixed = Arbitraries.of("", " ", "  \t ", "../../etc/passwd",
        "..%2f..%2fusers", "%2e%2e%2f", "..\\..\\", "\u0000", "\u202e\u0645", "\ufeff",
        "javascript:alert(1)", "http://", "ftp://x.example/a", "http:// a", "//no-scheme",
        "sip:" + "a".repeat(300) + "@h", "sip:@", "sip:a@", "+91 98123 45678",
        "+91-9812345678", "(091)98123456", "+0919812345678", "+9198123456789012",
        "+123", "0000000000", "00919812345678", "+", "++919812345678", "919812345678x",
        "\uff0b\uff19\uff11\uff19\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
        "user@", "@example.com", "a@b", "a b@c.d", "single", "dual ", "SINGLE", "answered ",
        "Terminal", "\ud83d\ude00".repeat(30), "x".repeat(21), "<script>", "Robert'); --",
        "%00", "\\u0000", "null", "true", "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0");
    Arbitrary<String> digits = Arbitraries.oneOf(
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(7),
        Arbitraries.strings().numeric().ofMinLength(16).ofMaxLength(40))
        .flatMap(d -> Arbitraries.of(d, "+" + d, "0" + d, "+91" + d.substring(0,
            Math.min(d.length(), 4))));
    Arbitrary<String> huge = Arbitraries.integers().between(2_049, 70_000)
        .flatMap(n -> Arbitraries.of("a".repeat(n), "9".repeat(n), "\u00e9".repeat(n / 2),
            "http://x.example/" + "a".repeat(n)));
    Arbitrary<String> noise = Arbitraries.strings().all().ofMinLength(21).ofMaxLength(200)
        .filter(s -> s.codePoints().anyMatch(c -> !Character.isLetterOrDigit(c) && c != ' '));
    Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f')
        .ofMinLength(1).ofMaxLength(20);
    return Arbitraries.oneOf(fixed, digits, huge, noise, controls);
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Bodies that no endpoint can accept, whatever it expects: not JSON, not UTF-8, not an
   * object, nested too deep, with a duplicate key, cut short, over the size limit.
   */
  static Arbitrary<byte[]> syntacticBodies(String valid) {
    byte[] base = valid.getBytes(StandardCharsets.UTF_8);
    Arbitrary<byte[]> notObject = Arbitraries.of("[]", "\"text\"", "1", "null", "true",
        "[{}]", "   ", "{}{}", "{} x", "{\"a\":1}]").map(Hostile::utf8);
    Arbitrary<byte[]> nested = Arbitraries.integers().between(33, 20_000)
        .map(n -> utf8("{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}"));
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(1, base.length - 1)
        .map(n -> java.util.Arrays.copyOf(base, n));
    Arbitrary<byte[]> duplicate = Arbitraries.of(valid.substring(1, valid.indexOf(':')))
        .map(key -> utf8("{" + key + ":1," + valid.substring(1)));
    Arbitrary<byte[]> badUtf8 = Combinators.combine(
        Arbitraries.integers().between(0, base.length), Arbitraries.of(INVALID_UTF8))
        .as((at, bad) -> insert(base, at, bad));
    Arbitrary<byte[]> huge = Arbitraries.integers().between(65_537, 140_000)
        .map(n -> utf8("{\"pad\":\"" + "a".repeat(n) + "\"}"));
    Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMinSize(1)
        .ofMaxSize(300).filter(b -> b[0] != '{' && b[0] != ' ' && b[0] != '\n'
            && b[0] != '\t' && b[0] != '\r');
    return Arbitraries.oneOf(notObject, nested, truncated.filter(b -> !isObject(b)),
        duplicate, badUtf8.filter(b -> !isUtf8(b)), huge, junk);
  }

  /**
   * A body from {@code template} (where {@code %V%} stands for one field's value) with that
   * value replaced by a hostile one, or hostile bytes put into one of its strings.
   */
  static Arbitrary<byte[]> fieldBodies(List<String> templates) {
    Arbitrary<byte[]> values = Combinators.combine(Arbitraries.of(templates), jsonValues())
        .as((t, v) -> utf8(t.replace("%V%", v)));
    Arbitrary<byte[]> bytes = Combinators.combine(Arbitraries.of(templates),
        Arbitraries.of(INVALID_UTF8), strings().filter(s -> s.length() < 1000))
        .as((t, bad, s) -> {
          String[] parts = t.split("%V%", -1);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.writeBytes(utf8(parts[0] + "\"" + s.replace("\\", "").replace("\"", "")));
          out.writeBytes(bad);
          out.writeBytes(utf8("\"" + parts[1]));
          return out.toByteArray();
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, values), net.jqwik.api.Tuple.of(1, bytes));
  }

  /** Hostile path segments, as they go on the wire (already percent-encoded or raw). */
  static Arbitrary<String> pathSegments() {
    Arbitrary<String> fixed = Arbitraries.of("..%2f..%2fusers", "%2e%2e%2f%2e%2e%2f",
        "..%5c..%5c", "....%2f%2f", "..;", "%252e%252e%252f", "%00", "a%00b", "%c0%ae%c0%ae",
        "%", "%z", "%zz", "%f", "%ff", "%fe%ff", "%c3", "%ed%a0%80", "%f4%90%80%80",
        "%e2%80%ae", "-1", "0", "00", "99999999999999999999", "1e5", "0x1", "%2B1", "%20",
        "%091", "%EF%BC%91", "abc%2fdef", "%3F", "%23", "%25", "~", "a.b.c", ".a", "..a",
        "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcde",
        "0123456789abcdefghijklmnopqrstuvw", "%2B91", "%2B" + "9".repeat(20),
        "sip%3A" + "a".repeat(300) + "%40h", "etc/passwd", "a/b/../../c", "x/./y");
    Arbitrary<String> huge = Arbitraries.integers().between(100, 12_000)
        .map(n -> "a".repeat(n));
    Arbitrary<String> encoded = strings().filter(s -> s.length() < 3000).map(Wire::segment);
    Arbitrary<String> raw = Arbitraries.strings().withCharRange('\u0080', '\u00ff')
        .ofMinLength(1).ofMaxLength(10).map(s -> "raw:" + s);
    return Arbitraries.oneOf(fixed, huge, encoded, raw);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] insert(byte[] base, int at, byte[] bad) {
    byte[] out = new byte[base.length + bad.length];
    System.arraycopy(base, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(base, at, out, at + bad.length, base.length - at);
    return out;
  }

  private static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isObject(byte[] b) {
    try {
      com.fasterxml.jackson.databind.JsonNode n = Wire.JSON.readTree(b);
      return n != null && n.isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
