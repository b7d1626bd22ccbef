package dev.authkit.internal.jwks;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads the freshness lifetime a JWK set response declares (RFC 9111 §5.2.2). Stateless. */
public final class CacheControl {

  private CacheControl() {}

  /**
   * Returns the lifetime from {@code Cache-Control}: {@code no-store} and {@code no-cache} give
   * zero (the caller clamps it to its minimum), else {@code max-age}; empty when neither is present
   * or the value is not a number.
   */
  public static Optional<Duration> maxAge(HttpHeaders headers) {
    Duration maxAge = null;
    for (String header : headers.allValues("Cache-Control")) {
      for (String directive : header.split(",")) {
        String d = directive.trim().toLowerCase(Locale.ROOT);
        if (d.equals("no-store") || d.equals("no-cache")) {
          return Optional.of(Duration.ZERO);
        }
        if (d.startsWith("max-age=")) {
          String value = d.substring("max-age=".length()).trim();
          if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            maxAge = Duration.ofSeconds(Long.parseLong(value));
          }
        }
      }
    }
    return Optional.ofNullable(maxAge);
  }
}
