package dev.authkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Turns a credential into a form safe for logs and events. Not an API. */
public final class Redaction {

  private static final int PREFIX_LENGTH = 6;

  private Redaction() {}

  /**
   * Returns {@code <first 6 chars>…#<first 8 hex digits of SHA-256>}: enough to correlate log
   * lines about the same credential, never enough to rebuild or replay it. A JWT's first six
   * characters are always {@code eyJhbG}-like header bytes; credentials of 12 characters or fewer
   * show no prefix at all.
   */
  /**
   * Like {@link #fingerprint(String)}, but a credential longer than {@code maxLength} is described
   * by its length only: hashing megabytes of garbage on every rejection would be a cheap CPU sink
   * for attackers.
   */
  public static String fingerprint(@Nullable String credential, int maxLength) {
    return credential != null && credential.length() > maxLength
        ? "<oversized: " + credential.length() + " chars>" : fingerprint(credential);
  }

  public static String fingerprint(@Nullable String credential) {
    if (credential == null) {
      return "<none>";
    }
    String prefix = credential.length() > 2 * PREFIX_LENGTH ? credential.substring(0, PREFIX_LENGTH) : "";
    return sanitize(prefix) + "…#" + HexFormat.of().formatHex(sha256(credential), 0, 4);
  }

  /**
   * Returns {@code value} safe for one log line: ISO control characters, Unicode format characters
   * (bidi overrides and the like) and unpaired surrogates become backslash-u hex escapes, and text
   * beyond {@code maxLength} characters is cut and marked with {@code …}. For values taken from
   * requests or tokens (an unverified {@code kid}, a subject) that reach logs and events.
   */
  public static String printable(String value, int maxLength) {
    StringBuilder out = null;
    int length = Math.min(value.length(), maxLength);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      boolean unsafe = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || Character.isSurrogate(c) && !isPairedSurrogate(value, i) || c == '\\';
      if (unsafe && out == null) {
        out = new StringBuilder(length + 16).append(value, 0, i);
      }
      if (out != null) {
        if (!unsafe) {
          out.append(c);
        } else if (c == '\n') {
          out.append("\\n");
        } else if (c == '\\') {
          out.append("\\\\");
        } else {
          out.append("\\" + String.format("u%04x", (int) c));
        }
      }
    }
    String result = out == null ? value.substring(0, length) : out.toString();
    return value.length() > maxLength ? result + "…" : result;
  }

  /**
   * Returns {@code url} safe for logs and messages (CASES.md BR-28): scheme, host, port and path; a
   * query becomes {@code ?…} and user information and fragment are dropped, because real
   * {@code jwks_uri}s may carry an API key or signature in the query (and a configured URL may be
   * pasted with credentials). Control characters in the path are escaped.
   */
  public static String url(java.net.URI url) {
    if (url.getHost() == null) {
      return url.getScheme() == null ? "<relative URL>" : url.getScheme() + ":…";
    }
    StringBuilder out = new StringBuilder();
    if (url.getScheme() != null) {
      out.append(url.getScheme()).append("://");
    }
    out.append(url.getHost());
    if (url.getPort() >= 0) {
      out.append(':').append(url.getPort());
    }
    if (url.getRawPath() != null) {
      out.append(printable(url.getRawPath(), 256));
    }
    if (url.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  private static boolean isPairedSurrogate(String value, int index) {
    char c = value.charAt(index);
    if (Character.isHighSurrogate(c)) {
      return index + 1 < value.length() && Character.isLowSurrogate(value.charAt(index + 1));
    }
    return index > 0 && Character.isHighSurrogate(value.charAt(index - 1));
  }

  private static String sanitize(String prefix) {
    StringBuilder out = new StringBuilder(prefix.length());
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      out.append(c >= 0x21 && c <= 0x7e ? c : '?');
    }
    return out.toString();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is required of every JDK", impossible);
    }
  }
}
