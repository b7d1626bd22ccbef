package dev.authkit.internal.jwt;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    // One byte per character: anything outside Latin-1 becomes '?', which is not base64url either.
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    // Fast path for the common, well-formed case: one branch-free pass over the bytes and the
    // JDK's indexOf for the dots. Anything else takes the exact scan below, which names the fault.
    int outside = 0;
    for (byte c : ascii) {
      outside |= OUTSIDE[c & 0xFF];
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (outside != 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      exactScan(token);
    }
    CompactJws jws = new CompactJws(token, firstDot, secondDot);
    jws.ascii = ascii;
    if (firstDot == 0) {
      throw reject(Reason.MALFORMED, "the header segment is empty");
    }
    checkCanonical(ascii, 0, firstDot, "header");
    checkCanonical(ascii, firstDot + 1, secondDot, "payload");
    checkCanonical(ascii, secondDot + 1, ascii.length, "signature");
    return jws;
  }

  /** The character-by-character scan: throws for the first fault (bad character, segment count). */
  private static void exactScan(String token) {
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
        if (dots > 4) {
          throw reject(Reason.MALFORMED, "the token has more than five segments");
        }
      } else if (c > 0xFF || OUTSIDE[c] != 0) {
        throw reject(Reason.MALFORMED, "the token has a character outside the base64url alphabet at index " + i);
      }
    }
    if (dots == 4) {
      throw reject(Reason.UNSUPPORTED_TOKEN_FORMAT, "five segments: a JWE; encrypted tokens are not accepted");
    }
    if (dots != 2) {
      throw reject(Reason.MALFORMED, "a compact JWS has three segments, this token has " + (dots + 1));
    }
    throw new IllegalStateException("the fast scan and the exact scan disagree");
  }

  /** Returns the decoded header bytes (JSON text, not yet parsed). */
  public byte[] header() {
    return DECODER.decode(Arrays.copyOfRange(ascii(), 0, firstDot));
  }

  /** Returns the length of the encoded header segment, in characters. */
  public int headerLength() {
    return firstDot;
  }

  /** Returns the encoded header segment. */
  public String headerSegment() {
    return token.substring(0, firstDot);
  }

  /** Returns the decoded payload bytes; empty for a detached payload. */
  public byte[] payload() {
    return DECODER.decode(Arrays.copyOfRange(ascii(), firstDot + 1, secondDot));
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
    byte[] bytes = ascii();
    return DECODER.decode(Arrays.copyOfRange(bytes, secondDot + 1, bytes.length));
  }

  /** Returns the JWS signing input, {@code ASCII(header || '.' || payload)} (RFC 7515 §5.2). */
  public byte[] signingInput() {
    return token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns the whole token, for the caller's own redaction; never log it. */
  public String token() {
    return token;
  }

  /** Indexed by byte value: 0 for the base64url alphabet (RFC 4648 §5) and '.', 1 for every other byte. Never modified. */
  private static final int[] OUTSIDE = outside();

  private static int[] outside() {
    int[] table = new int[256];
    for (int c = 0; c < 256; c++) {
      boolean inside = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.';
      table[c] = inside ? 0 : 1;
    }
    return table;
  }

  /**
   * Length mod 4 of 1 cannot encode bytes; for 2 and 3 the unused low bits of the last character
   * must be zero (RFC 4648 §3.5). Checked by decoding and re-encoding only the last partial group.
   */
  private static void checkCanonical(byte[] token, int from, int to, String segment) {
    int tail = (to - from) % 4;
    if (tail == 0) {
      return;
    }
    if (tail == 1) {
      throw reject(Reason.MALFORMED, "the " + segment + " segment has an impossible base64url length");
    }
    byte[] last = Arrays.copyOfRange(token, to - tail, to);
    if (!Arrays.equals(ENCODER.encode(DECODER.decode(last)), last)) {
      throw reject(Reason.MALFORMED, "the " + segment + " segment is not canonical base64url");
    }
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }
}
