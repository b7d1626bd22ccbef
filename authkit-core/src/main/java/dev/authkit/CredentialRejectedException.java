package dev.authkit;

/**
 * The credential is bad or not enough: malformed, forged, expired, revoked, for another audience,
 * lacking a scope. Adapters answer 400, 401, 403 or 429 by {@link #reason()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CredentialRejectedException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates a rejection.
   *
   * @param reason why; not null
   * @param message detail for logs; not null; must hold no token, key or secret
   * @throws NullPointerException if an argument is null
   */
  public CredentialRejectedException(Reason reason, String message) {
    super(reason, message);
  }
}
