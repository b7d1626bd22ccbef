package dev.authkit;

import static java.util.Objects.requireNonNull;

/**
 * The one failure family of authkit: a credential was not accepted.
 *
 * <p>Two branches, told apart by type: {@link CredentialRejectedException} (the credential is bad
 * or not enough; 400/401/403/429) and {@link VerificationUnavailableException} (authkit cannot
 * decide right now; 503). Each carries a {@link Reason}.
 *
 * <p>The message is detailed, for logs, and never contains a token, key or secret. It must not be
 * shown to clients: adapters answer with fixed text chosen by {@link #reason()}. Instances carry
 * no stack trace, so rejecting a flood of bad credentials stays cheap.
 */
public abstract sealed class AuthenticationException extends RuntimeException
    permits CredentialRejectedException, VerificationUnavailableException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /** Creates a failure; only the two permitted subclasses call it. */
  AuthenticationException(Reason reason, String message) {
    super(requireNonNull(message, "message"), null, false, false);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Returns why the credential was not accepted; never null. */
  public Reason reason() {
    return reason;
  }
}
