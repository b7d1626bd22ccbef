package dev.authkit.internal.jwks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses a fetched JWK set document (RFC 7517 §5) key by key, so that one key Nimbus cannot load
 * (an EC point off its curve, an unknown {@code kty}) is dropped alone instead of failing the set.
 * Stateless.
 */
public final class KeySetDocument {

  /** A member Nimbus could not turn into a key. */
  public record Dropped(@Nullable String keyId, String why, AuthEvent.Severity severity) {}

  /** The parsed set, the keys dropped while parsing, and a digest of the body to spot unchanged sets. */
  public record Parsed(JWKSet keys, List<Dropped> dropped, byte[] digest) {}

  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  private KeySetDocument() {}

  /**
   * Parses a body.
   *
   * @throws FetchException when the body is not UTF-8 JSON, not an object, or has no {@code keys} array
   */
  public static Parsed parse(byte[] body) throws FetchException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new FetchException("the body is not UTF-8 text");
    }
    @Nullable Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      throw new FetchException("the body is not a JSON object (" + body.length + " bytes"
          + (looksLikeHtml(text) ? ", looks like HTML" : "") + ")");
    }
    if (json == null) {
      throw new FetchException("the body is JSON null, not a JSON object");
    }
    Object members = json.get("keys");
    if (!(members instanceof List)) {
      throw new FetchException("the JSON object has no \"keys\" array (RFC 7517 §5.1)");
    }
    List<JWK> keys = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    for (Object member : (List<?>) members) {
      if (!(member instanceof Map)) {
        dropped.add(new Dropped(null, "a \"keys\" element is not a JSON object", AuthEvent.Severity.WARNING));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> jwk = (Map<String, Object>) member;
      try {
        keys.add(JWK.parse(jwk));
      } catch (ParseException | RuntimeException e) {
        Object kid = jwk.get("kid");
        boolean exposesPrivateParts = jwk.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains);
        dropped.add(new Dropped(kid instanceof String ? (String) kid : null,
            "the key cannot be parsed (RFC 7517/7518): " + firstLine(e.getMessage()),
            exposesPrivateParts ? AuthEvent.Severity.ALERT : AuthEvent.Severity.WARNING));
      }
    }
    return new Parsed(new JWKSet(keys), List.copyOf(dropped), sha256(body));
  }

  private static boolean looksLikeHtml(String text) {
    String start = text.stripLeading();
    return start.regionMatches(true, 0, "<html", 0, 5) || start.regionMatches(true, 0, "<!doctype", 0, 9);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "invalid";
    }
    // Nimbus messages name members, never their values; keep them short anyway.
    String line = message.lines().findFirst().orElse("invalid");
    return line.length() > 160 ? line.substring(0, 160) : line;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
    }
  }
}
