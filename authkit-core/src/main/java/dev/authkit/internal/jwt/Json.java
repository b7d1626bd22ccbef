package dev.authkit.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.json.PackageVersion;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a JOSE header or a JWT claims set (RFC 8259 JSON, one object) with Jackson's streaming
 * parser into a deep, unmodifiable tree, in one pass. Stateless and thread-safe; not an API.
 *
 * <p>Strict: only RFC 8259 syntax (Jackson's defaults: no comments, single quotes, unquoted names,
 * NaN/Infinity, leading zeros, trailing commas or raw control characters), no duplicate member
 * names at any level (RFC 7515 §4, RFC 7519 §4), nothing after the object, no byte-order mark
 * (RFC 8259 §8.1), strictly valid UTF-8 (checked by the JDK's decoder before parsing), no unpaired
 * surrogate in any name or string (RFC 8259 §8.2; only a backslash-u escape can make one), nesting
 * at most {@link #MAX_DEPTH} levels, numbers of at most {@link #MAX_NUMBER_LENGTH} characters and
 * names of at most {@link #MAX_NAME_LENGTH}. These limits are authkit's own, checked here, so the
 * outcome does not depend on which jackson-core version the application runs (2.16 or newer is
 * required, and checked when an authenticator is built). Member names are neither interned nor
 * kept in a shared symbol table, so attacker-chosen names leave nothing behind.
 *
 * <p>Values: objects become unmodifiable maps in member order, arrays unmodifiable lists, strings
 * {@link String}, {@code true}/{@code false} {@link Boolean}, {@code null} null, integers
 * {@link Long} when they fit and {@link BigInteger} otherwise (exact: two different integers never
 * become equal), other numbers finite {@link Double}.
 */
public final class Json {

  /** The deepest nesting accepted, counting the outer object as 1; deeper input is {@code MALFORMED}. */
  public static final int MAX_DEPTH = 64;

  /** The longest number literal accepted, in characters; longer is {@code MALFORMED}. */
  public static final int MAX_NUMBER_LENGTH = 100;

  /** The longest member name accepted, in characters (after unescaping); longer is {@code MALFORMED}. */
  public static final int MAX_NAME_LENGTH = 4096;

  private Json() {}

  /**
   * Initialises jackson-core now, so that a missing or too old jackson-core (below 2.16) fails when
   * an authenticator is built rather than on the first token.
   *
   * @throws IllegalStateException naming the dependency, when jackson-core cannot be used
   */
  public static void requireParser() {
    try {
      Parser.FACTORY.getClass();
    } catch (LinkageError e) {
      throw new IllegalStateException("authkit-core needs com.fasterxml.jackson.core:jackson-core 2."
          + MINIMUM_JACKSON_MINOR + " or newer on the class path"
          + (e.getCause() != null && e.getCause().getMessage() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
    }
  }

  /** The oldest jackson-core 2.x minor version authkit runs with (StreamReadConstraints' name limit). */
  private static final int MINIMUM_JACKSON_MINOR = 16;

  /** Holds the factory, so a linkage failure surfaces inside {@link #requireParser}'s try. */
  private static final class Parser {
    static final JsonFactory FACTORY = create();

    private static JsonFactory create() {
      Version version = PackageVersion.VERSION;
      if (version.getMajorVersion() != 2 || version.getMinorVersion() < MINIMUM_JACKSON_MINOR) {
        throw new IllegalStateException("found jackson-core " + version);
      }
      return JsonFactory.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          // Backstops only: authkit checks its own, stricter limits first (see the class comment);
          // strings and documents are bounded by the token size cap.
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH * 2)
              .maxNumberLength(MAX_NUMBER_LENGTH * 2)
              .maxNameLength(MAX_NAME_LENGTH * 2)
              .maxStringLength(Integer.MAX_VALUE)
              .maxDocumentLength(-1)
              .build())
          .build();
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
    // Strictly decoded UTF-8 holds only paired surrogates, so only a backslash-u escape can make an unpaired
    // one: strings are scanned for them only when the text has such an escape.
    Reader reader = new Reader(what, text.indexOf("\\" + "u") >= 0);
    try (JsonParser parser = Parser.FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notOneObject(what);
      }
      Map<String, Object> object = reader.object(parser, 1);
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

  /** One parse: the segment's name for messages and whether strings need the surrogate scan. */
  private static final class Reader {
    private final String what;
    private final boolean escapes;

    Reader(String what, boolean escapes) {
      this.what = what;
      this.escapes = escapes;
    }

    /** Reads the members of an object whose START_OBJECT was just read. */
    Map<String, Object> object(JsonParser parser, int depth) throws IOException {
      checkDepth(depth);
      Map<String, Object> members = new LinkedHashMap<>();
      String name;
      while ((name = parser.nextFieldName()) != null) {
        if (name.length() > MAX_NAME_LENGTH) {
          throw malformed("has a member name over " + MAX_NAME_LENGTH + " characters");
        }
        checkSurrogates(name);
        int before = members.size();
        members.put(name, value(parser, parser.nextToken(), depth));
        // Duplicates are found by the map itself (it did not grow), cheaper than Jackson's own
        // detector, which keeps a second set of the names.
        if (members.size() == before) {
          throw malformed("has a duplicate member name");
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        throw notOneObject(what);
      }
      return Collections.unmodifiableMap(members);
    }

    private List<Object> array(JsonParser parser, int depth) throws IOException {
      checkDepth(depth);
      List<Object> elements = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        elements.add(value(parser, token, depth));
      }
      return Collections.unmodifiableList(elements);
    }

    private @Nullable Object value(JsonParser parser, @Nullable JsonToken token, int depth) throws IOException {
      if (token == null) {
        throw notOneObject(what);
      }
      switch (token) {
        case VALUE_STRING:
          return checkSurrogates(parser.getText());
        case VALUE_NUMBER_INT:
          checkNumberLength(parser);
          if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
          }
          return parser.getBigIntegerValue();
        case VALUE_NUMBER_FLOAT:
          checkNumberLength(parser);
          double value = parser.getDoubleValue();
          if (Double.isInfinite(value) || Double.isNaN(value)) {
            throw malformed("has a number out of range");
          }
          return value;
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        case START_OBJECT:
          return object(parser, depth + 1);
        case START_ARRAY:
          return array(parser, depth + 1);
        default:
          throw notOneObject(what);
      }
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw malformed("nests deeper than " + MAX_DEPTH + " levels");
      }
    }

    /** Before any conversion: a long literal costs a quadratic BigInteger/BigDecimal parse in older Jacksons. */
    private void checkNumberLength(JsonParser parser) throws IOException {
      if (parser.getTextLength() > MAX_NUMBER_LENGTH) {
        throw malformed("has a number over " + MAX_NUMBER_LENGTH + " characters");
      }
    }

    private String checkSurrogates(String text) {
      if (!escapes) {
        return text;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw malformed("has an unpaired surrogate in a string (RFC 8259 §8.2)");
        }
      }
      return text;
    }

    private CredentialRejectedException malformed(String problem) {
      return new CredentialRejectedException(Reason.MALFORMED, "the " + what + " " + problem);
    }
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
