package io.patchbay.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one JSON set-up of the server: strict parsing, bounded nesting, streaming writes. */
public final class Json {
  /**
   * Parses request bodies: duplicate keys are an error, nesting is bounded, and
   * {@link ObjectMapper#readTree(byte[])} refuses bytes that are not UTF-8 (Jackson itself lets
   * overlong forms and encoded surrogates through) and strings with an unpaired surrogate
   * (which the store cannot keep), so such a body is refused instead of changed silently.
   */
  public static final ObjectMapper MAPPER = new StrictMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(32).maxStringLength(65_536).maxNumberLength(64).build())
      .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** See {@link #MAPPER}. */
  private static final class StrictMapper extends ObjectMapper {
    private static final long serialVersionUID = 1L;

    StrictMapper(JsonFactory factory) {
      super(factory);
    }

    @Override
    public JsonNode readTree(byte[] content) throws IOException {
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(content));
      } catch (CharacterCodingException e) {
        throw new JsonParseException(null, "Invalid UTF-8 in the body");
      }
      JsonNode root = super.readTree(content);
      checkText(root);
      return root;
    }

    private static void checkText(JsonNode node) throws JsonParseException {
      if (node == null) {
        return;
      }
      if (node.isTextual()) {
        checkText(node.textValue());
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        checkText(e.getKey());
        checkText(e.getValue());
      }
      if (node.isArray()) {
        for (JsonNode item : node) {
          checkText(item);
        }
      }
    }

    private static void checkText(String s) throws JsonParseException {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new JsonParseException(null, "A string has an unpaired surrogate (\\u"
              + Integer.toHexString(c) + ")");
        }
      }
    }
  }

  private Json() {}

  /** Writes something with a generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** The bytes {@code writer} produces. */
  public static byte[] bytes(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return out.toByteArray();
  }
}
