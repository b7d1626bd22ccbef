package dev.authkit.internal.jwt;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS (RFC 7515 §7.1) split into its three segments after strict checks, before any
 * JSON is parsed. Confined to one request (caches its ASCII bytes); not an API.
 *
 * <p>Stricter than Nimbus: every segment must be canonical unpadded base64url (RFC 7515 §2,
 * RFC 4648 §5 and §3.5), so a token has exactly one accepted spelling and signatures are not
 * malleable.
 */
public final class CompactJws {

  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String token;
  private final int firstDot;
  private final int secondDot;
  private byte @Nullable [] ascii;

  private CompactJws(String token, int firstDot, int secondDot) {
    this.token = token;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
  }

  /**
   * Splits and checks a token.
   *
   * @param token the candidate, may be null
   * @param maxLength the size cap in characters, checked before anything else
   * @throws CredentialRejectedException {@code MALFORMED}, {@code TOO_LARGE} or {@code UNSUPPORTED_TOKEN_FORMAT}
   */
  public static CompactJws parse(String token, int maxLength) {
    if (token == null || token.isEmpty()) {
      throw reject(Reason.MALFORMED, "the token is empty");
    }
    if (token.length() > maxLength) {
      throw reject(Reason.TOO_LARGE, "the token has " + token.length() + " characters, over the cap of " + maxLength);
    }
    char first = token.charAt(0);
    if (first == '{' || first == '[') {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "JWS JSON serialization is not accepted; use the compact form");
    }
    int firstDot = -1;
    int secondDot = -1;
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
        if (dots == 1) {
          firstDot = i;
        } else if (dots == 2) {
          secondDot = i;
        } else if (dots > 4) {
          throw reject(Reason.MALFORMED, "the token has more than five segments");
        }
      } else if (!isBase64UrlChar(c)) {
        throw reject(Reason.MALFORMED, "the token has a character outside the base64url alphabet at index " + i);
      }
    }
    if (dots == 4) {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "five segments: a JWE; encrypted tokens are not accepted");
    }
    if (dots != 2) {
      throw reject(Reason.MALFORMED, "a compact JWS has three segments, this token has " + (dots + 1));
    }
    CompactJws jws = new CompactJws(token, firstDot, secondDot);
    if (firstDot == 0) {
      throw reject(Reason.MALFORMED, "the header segment is empty");
    }
    checkCanonical(token, 0, firstDot, "header");
    checkCanonical(token, firstDot + 1, secondDot, "payload");
    checkCanonical(token, secondDot + 1, token.length(), "signature");
    return jws;
  }

  /** Returns the decoded header bytes (JSON text, not yet parsed). */
  public byte[] header() {
    return DECODER.decode(token.substring(0, firstDot));
  }

  /** Returns the encoded header segment. */
  public String headerSegment() {
    return token.substring(0, firstDot);
  }

  /** Returns the decoded payload bytes; empty for a detached payload. */
  public byte[] payload() {
    return DECODER.decode(token.substring(firstDot + 1, secondDot));
  }

  /** Returns true when the payload segment is empty (RFC 7515 Appendix F, detached content). */
  public boolean payloadIsEmpty() {
    return secondDot == firstDot + 1;
  }

  /** Returns the encoded signature segment; may be empty. */
  public String signatureSegment() {
    return token.substring(secondDot + 1);
  }

  /**
   * Returns the whole token as ASCII bytes (every character was checked to be base64url or a dot);
   * the JWS signing input is its first {@link #signingInputLength()} bytes. Computed once; the
   * caller must not modify it.
   */
  public byte[] ascii() {
    byte[] bytes = ascii;
    if (bytes == null) {
      bytes = token.getBytes(StandardCharsets.ISO_8859_1);
      ascii = bytes;
    }
    return bytes;
  }

  /** Returns the length of the JWS signing input, {@code header || '.' || payload}, in bytes. */
  public int signingInputLength() {
    return secondDot;
  }

  /** Returns the decoded signature bytes. */
  public byte[] signature() {
    return DECODER.decode(token.substring(secondDot + 1));
  }

  /** Returns the JWS signing input, {@code ASCII(header || '.' || payload)} (RFC 7515 §5.2). */
  public byte[] signingInput() {
    return token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns the whole token, for the caller's own redaction; never log it. */
  public String token() {
    return token;
  }

  private static boolean isBase64UrlChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  /**
   * Length mod 4 of 1 cannot encode bytes; for 2 and 3 the unused low bits of the last character
   * must be zero (RFC 4648 §3.5). Checked by decoding and re-encoding only the last partial group.
   */
  private static void checkCanonical(String token, int from, int to, String segment) {
    int tail = (to - from) % 4;
    if (tail == 0) {
      return;
    }
    if (tail == 1) {
      throw reject(Reason.MALFORMED, "the " + segment + " segment has an impossible base64url length");
    }
    String last = token.substring(to - tail, to);
    if (!ENCODER.encodeToString(DECODER.decode(last)).equals(last)) {
      throw reject(Reason.MALFORMED, "the " + segment + " segment is not canonical base64url");
    }
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }
}
