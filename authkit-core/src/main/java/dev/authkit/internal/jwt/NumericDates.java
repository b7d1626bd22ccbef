package dev.authkit.internal.jwt;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 7519 §2 NumericDate claims strictly: a JSON number only (never a string, boolean,
 * array or object), finite, within year ±9999, fractions kept to the nanosecond and never rounded
 * into validity. Stateless; not an API.
 */
public final class NumericDates {

  /** 9999-12-31T23:59:59Z in epoch seconds: anything beyond is absurd. */
  private static final long LIMIT_SECONDS = 253_402_300_799L;

  private NumericDates() {}

  /**
   * Returns the claim as an instant, or null when absent or JSON {@code null}.
   *
   * @throws CredentialRejectedException {@code INVALID_CLAIM} when present but not a sane number
   */
  public static @Nullable Instant read(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Long || value instanceof Integer) {
      long seconds = ((Number) value).longValue();
      if (seconds > LIMIT_SECONDS || seconds < -LIMIT_SECONDS) {
        throw invalid(name, "is out of range");
      }
      return Instant.ofEpochSecond(seconds);
    }
    if (value instanceof Number) {
      double seconds = ((Number) value).doubleValue();
      if (!Double.isFinite(seconds) || seconds > LIMIT_SECONDS || seconds < -LIMIT_SECONDS) {
        throw invalid(name, "is out of range");
      }
      double whole = Math.floor(seconds);
      long nanos = (long) Math.floor((seconds - whole) * 1_000_000_000d);
      return Instant.ofEpochSecond((long) whole, Math.min(nanos, 999_999_999L));
    }
    throw invalid(name, "must be a JSON number (RFC 7519 §2 NumericDate)");
  }

  private static CredentialRejectedException invalid(String name, String problem) {
    return new CredentialRejectedException(Reason.INVALID_CLAIM, "claim \"" + name + "\" " + problem);
  }
}
