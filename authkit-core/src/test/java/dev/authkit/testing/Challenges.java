package dev.authkit.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one {@code WWW-Authenticate} challenge strictly by RFC 9110 §11.6.1 / RFC 6750 §3:
 * {@code scheme [ 1*SP auth-param *( OWS "," OWS auth-param ) ]}, every value a quoted-string, and
 * {@code error_description} limited to {@code %x20-21 / %x23-5B / %x5D-7E}. Throws
 * {@link IllegalArgumentException} on anything else, so tests fail on a malformed header.
 */
public final class Challenges {

  /** A parsed challenge. */
  public record Challenge(String scheme, Map<String, String> params) {}

  private Challenges() {}

  public static Challenge parse(String header) {
    int i = 0;
    while (i < header.length() && isTchar(header.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("no auth-scheme: " + header);
    }
    String scheme = header.substring(0, i);
    Map<String, String> params = new LinkedHashMap<>();
    if (i == header.length()) {
      return new Challenge(scheme, params);
    }
    if (header.charAt(i) != ' ') {
      throw new IllegalArgumentException("scheme not followed by SP: " + header);
    }
    while (i < header.length() && header.charAt(i) == ' ') {
      i++;
    }
    while (true) {
      int nameStart = i;
      while (i < header.length() && isTchar(header.charAt(i))) {
        i++;
      }
      String name = header.substring(nameStart, i);
      if (name.isEmpty() || i >= header.length() || header.charAt(i) != '=') {
        throw new IllegalArgumentException("bad auth-param at " + nameStart + ": " + header);
      }
      i++;
      if (i >= header.length() || header.charAt(i) != '"') {
        throw new IllegalArgumentException("value of " + name + " is not a quoted-string: " + header);
      }
      i++;
      StringBuilder value = new StringBuilder();
      while (i < header.length() && header.charAt(i) != '"') {
        char c = header.charAt(i);
        if (c == '\\' || c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("forbidden character in " + name + ": " + header);
        }
        value.append(c);
        i++;
      }
      if (i >= header.length()) {
        throw new IllegalArgumentException("unterminated quoted-string: " + header);
      }
      i++;
      if (params.put(name, value.toString()) != null) {
        throw new IllegalArgumentException("repeated auth-param " + name + " (RFC 6750 §3): " + header);
      }
      if (i == header.length()) {
        return new Challenge(scheme, params);
      }
      while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
        i++;
      }
      if (i >= header.length() || header.charAt(i) != ',') {
        throw new IllegalArgumentException("expected ',' at " + i + ": " + header);
      }
      i++;
      while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
        i++;
      }
    }
  }

  private static boolean isTchar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
