package dev.authkit;

/**
 * authkit cannot decide right now: the issuer's keys or the key store cannot be reached
 * ({@link Reason#KEYS_UNAVAILABLE}, {@link Reason#STORE_UNAVAILABLE}). The credential may be fine;
 * adapters answer 503 with {@code Retry-After}, never 401.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerificationUnavailableException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an unavailability failure.
   *
   * @param reason why; not null, normally {@link Reason#KEYS_UNAVAILABLE} or {@link Reason#STORE_UNAVAILABLE}
   * @param message detail for logs; not null; must hold no token, key or secret
   * @throws NullPointerException if an argument is null
   */
  public VerificationUnavailableException(Reason reason, String message) {
    super(reason, message);
  }
}
