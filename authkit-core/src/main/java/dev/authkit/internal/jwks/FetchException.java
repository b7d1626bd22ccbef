package dev.authkit.internal.jwks;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A fetch of a JWK set or discovery document failed. The message is written by authkit (no
 * response body, no key material) and is safe for logs and events.
 */
public final class FetchException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The HTTP status when the failure was an unexpected status, else -1. */
  private final int statusCode;
  private final @Nullable Duration retryAfter;

  public FetchException(String message) {
    this(message, -1, null);
  }

  public FetchException(String message, int statusCode) {
    this(message, statusCode, null);
  }

  public FetchException(String message, int statusCode, @Nullable Duration retryAfter) {
    super(message, null, false, false);
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** Returns the server's {@code Retry-After} (RFC 9110 §10.2.3, delay-seconds form) of a 429 or 503, if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Returns the HTTP status of a non-200 answer, or -1. */
  public int statusCode() {
    return statusCode;
  }
}
