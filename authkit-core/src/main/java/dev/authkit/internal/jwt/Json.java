package dev.authkit.internal.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

/**
 * JSON parsing through Nimbus (strict: duplicate members, trailing text, lenient syntax and deep
 * nesting are refused), mapped to authkit's failure type. Stateless; not an API.
 */
public final class Json {

  private Json() {}

  /**
   * Parses UTF-8 bytes holding one JSON object.
   *
   * @param what "header" or "payload", for the message
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
    try {
      return JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      throw new CredentialRejectedException(Reason.MALFORMED, "the " + what + " is not one JSON object");
    }
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

  /** Returns a deep, unmodifiable copy of parsed JSON (maps keep member order). */
  public static Map<String, Object> freeze(Map<String, Object> json) {
    Map<String, Object> copy = new LinkedHashMap<>(json.size() * 2);
    for (Map.Entry<String, Object> member : json.entrySet()) {
      copy.put(member.getKey(), freezeValue(member.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object freezeValue(Object value) {
    if (value instanceof Map) {
      return freeze((Map<String, Object>) value);
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>(((List<?>) value).size());
      for (Object element : (List<?>) value) {
        copy.add(freezeValue(element));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
