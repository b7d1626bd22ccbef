package dev.authkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The credential is bad or not enough: malformed, forged, expired, revoked, for another audience,
 * lacking a scope, over its rate limit. Adapters answer 400, 401, 403 or 429 by {@link #reason()}.
 *
 * <p>A {@link Reason#RATE_LIMITED} rejection carries {@link #retryAfter()}: how long the caller
 * should wait, for the HTTP {@code Retry-After} header (RFC 9110 §10.2.3, whole seconds rounded up).
 *
 * <p>Immutable and thread-safe.
 */
public final class CredentialRejectedException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * Creates a rejection.
   *
   * @param reason why; not null
   * @param message detail for logs; not null; must hold no token, key or secret
   * @throws NullPointerException if an argument is null
   */
  public CredentialRejectedException(Reason reason, String message) {
    super(reason, message);
    this.retryAfter = null;
  }

  /**
   * Creates a rejection after which the caller may retry, normally {@link Reason#RATE_LIMITED}.
   *
   * @param reason why; not null
   * @param message detail for logs; not null; must hold no token, key or secret
   * @param retryAfter how long until a retry can succeed; not null, not negative
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public CredentialRejectedException(Reason reason, String message, Duration retryAfter) {
    super(reason, message);
    requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long the caller should wait before retrying; present for {@link Reason#RATE_LIMITED}
   * rejections, empty for every other reason. Adapters send it as {@code Retry-After} in whole
   * seconds, rounded up.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
