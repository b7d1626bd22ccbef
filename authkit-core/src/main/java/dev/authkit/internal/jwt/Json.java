package dev.authkit.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JOSE header or a JWT claims set (RFC 8259 JSON, one object) with Jackson's streaming
 * parser into a deep, unmodifiable tree, in one pass. Stateless and thread-safe; not an API.
 *
 * <p>Strict: only RFC 8259 syntax (Jackson's defaults: no comments, single quotes, unquoted names,
 * NaN/Infinity, leading zeros, trailing commas or raw control characters), no duplicate member
 * names at any level (RFC 7515 §4, RFC 7519 §4), nothing after the object, no byte-order mark
 * (RFC 8259 §8.1), strictly valid UTF-8 (checked by the JDK's decoder before parsing), nesting
 * at most {@link #MAX_DEPTH} levels, and no number that is not finite as a {@code double}.
 * Member names are neither interned nor kept in a shared symbol table, so attacker-chosen names
 * leave nothing behind.
 *
 * <p>Values: objects become unmodifiable maps in member order, arrays unmodifiable lists, strings
 * {@link String}, {@code true}/{@code false} {@link Boolean}, {@code null} null, integers that fit
 * a {@code long} {@link Long}, every other number {@link Double}.
 */
public final class Json {

  /** The deepest nesting accepted, counting the outer object as 1; deeper input is {@code MALFORMED}. */
  public static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .build();

  private Json() {}

  /**
   * Initialises this class, and with it jackson-core, so that a missing or too old jackson-core
   * (below 2.10) fails when an authenticator is built rather than on the first token.
   *
   * @throws IllegalStateException naming the dependency, when jackson-core cannot be used
   */
  public static void requireParser() {
    try {
      if (FACTORY.isEnabled(JsonFactory.Feature.INTERN_FIELD_NAMES)) {
        throw new IllegalStateException("field-name interning must be off");
      }
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "authkit-core needs com.fasterxml.jackson.core:jackson-core 2.10 or newer on the class path", e);
    }
  }

  /**
   * Parses UTF-8 bytes holding one JSON object.
   *
   * @param utf8 the decoded segment; not null
   * @param what "header" or "payload", for the message
   * @return the object's members, deeply unmodifiable, in member order
   * @throws CredentialRejectedException {@code MALFORMED}
   */
  public static Map<String, Object> parseObject(byte[] utf8, String what) {
    if (utf8.length >= 3 && utf8[0] == (byte) 0xEF && utf8[1] == (byte) 0xBB && utf8[2] == (byte) 0xBF) {
      throw new CredentialRejectedException(Reason.MALFORMED, "the " + what + " starts with a byte-order mark (RFC 8259 §8.1)");
    }
    String text;
    if (isAscii(utf8)) {
      // ASCII is valid UTF-8 as it stands: skip the strict decoder and its buffers.
      text = new String(utf8, StandardCharsets.ISO_8859_1);
    } else {
      text = strictUtf8(utf8, what);
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notOneObject(what);
      }
      Map<String, Object> object = object(parser, 1, what);
      if (parser.nextToken() != null) {
        throw notOneObject(what);
      }
      return object;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CredentialRejectedException) {
        throw (CredentialRejectedException) e;
      }
      // Jackson's message may quote the input: never passed on.
      throw notOneObject(what);
    }
  }

  /** Reads the members of an object whose START_OBJECT was just read. */
  private static Map<String, Object> object(JsonParser parser, int depth, String what) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new CredentialRejectedException(Reason.MALFORMED,
          "the " + what + " nests deeper than " + MAX_DEPTH + " levels");
    }
    Map<String, Object> members = new LinkedHashMap<>();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      int before = members.size();
      members.put(name, value(parser, parser.nextToken(), depth, what));
      // Duplicates are found by the map itself (it did not grow), cheaper than Jackson's own
      // detector, which keeps a second set of the names.
      if (members.size() == before) {
        throw new CredentialRejectedException(Reason.MALFORMED, "the " + what + " has a duplicate member name");
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw notOneObject(what);
    }
    return Collections.unmodifiableMap(members);
  }

  private static List<Object> array(JsonParser parser, int depth, String what) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new CredentialRejectedException(Reason.MALFORMED,
          "the " + what + " nests deeper than " + MAX_DEPTH + " levels");
    }
    List<Object> elements = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      elements.add(value(parser, token, depth, what));
    }
    return Collections.unmodifiableList(elements);
  }

  private static Object value(JsonParser parser, JsonToken token, int depth, String what) throws IOException {
    if (token == null) {
      throw notOneObject(what);
    }
    switch (token) {
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        return finite(parser.getDoubleValue(), what);
      case VALUE_NUMBER_FLOAT:
        return finite(parser.getDoubleValue(), what);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return object(parser, depth + 1, what);
      case START_ARRAY:
        return array(parser, depth + 1, what);
      default:
        throw notOneObject(what);
    }
  }

  private static Double finite(double value, String what) {
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      throw new CredentialRejectedException(Reason.MALFORMED, "the " + what + " has a number out of range");
    }
    return value;
  }

  private static CredentialRejectedException notOneObject(String what) {
    return new CredentialRejectedException(Reason.MALFORMED, "the " + what + " is not one JSON object");
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static String strictUtf8(byte[] utf8, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new CredentialRejectedException(Reason.MALFORMED, "the " + what + " is not valid UTF-8");
    }
  }
}
