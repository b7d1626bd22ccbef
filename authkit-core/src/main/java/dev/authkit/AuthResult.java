package dev.authkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of authenticating one request with {@link dev.authkit.http.AuthKit}: a verified
 * caller, no credential at all, or a credential that failed. Adapters switch on it.
 *
 * <pre>{@code
 * if (result instanceof AuthResult.Authenticated) {
 *   AuthPrincipal caller = ((AuthResult.Authenticated) result).principal();
 * }
 * }</pre>
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface AuthResult permits AuthResult.Authenticated, AuthResult.Anonymous, AuthResult.Failed {

  /** Returns the anonymous result: the request carried no credential authkit handles. */
  static AuthResult anonymous() {
    return Anonymous.INSTANCE;
  }

  /**
   * A verified caller.
   *
   * @param principal never null
   */
  record Authenticated(AuthPrincipal principal) implements AuthResult {
    /** @throws NullPointerException if {@code principal} is null */
    public Authenticated {
      requireNonNull(principal, "principal");
    }
  }

  /** No credential: whether that is enough is the access rules' decision. */
  final class Anonymous implements AuthResult {
    private static final Anonymous INSTANCE = new Anonymous();

    private Anonymous() {}

    @Override
    public String toString() {
      return "Anonymous";
    }
  }

  /**
   * A credential that was not accepted, or a request authkit refuses before looking at it.
   *
   * @param reason why; never null. The client sees only the fixed text chosen by reason.
   * @param detail detail for logs; never null; holds no token, key or claim value
   * @param retryAfter when to retry, for {@code RATE_LIMITED} (429) and unavailability (503); else empty
   * @param method the kind of credential that failed, when known; chooses which challenge carries the
   *     error ({@code Bearer} or {@code ApiKey})
   */
  record Failed(Reason reason, String detail, Optional<Duration> retryAfter, Optional<AuthenticationMethod> method)
      implements AuthResult {
    /** @throws NullPointerException if an argument is null */
    public Failed {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
      requireNonNull(retryAfter, "retryAfter");
      requireNonNull(method, "method");
    }

    /**
     * A failure whose credential kind is not known (e.g. the request itself is broken).
     *
     * @throws NullPointerException if an argument is null
     */
    public Failed(Reason reason, String detail, Optional<Duration> retryAfter) {
      this(reason, detail, retryAfter, Optional.empty());
    }

    /** Returns true when authkit could not decide ({@code KEYS_UNAVAILABLE}, {@code STORE_UNAVAILABLE}): 503, not 401. */
    public boolean isUnavailable() {
      return reason == Reason.KEYS_UNAVAILABLE || reason == Reason.STORE_UNAVAILABLE;
    }
  }
}
