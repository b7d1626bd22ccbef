package dev.authkit.jaxrs;

import dev.authkit.AuthPrincipal;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SecurityContext} authkit sets on every request it lets through: answers from the
 * {@link AuthPrincipal} (none for an anonymous request), and {@code isSecure()} from authkit's own
 * HTTPS decision ({@link dev.authkit.http.AuthKit#isHttps}). Immutable; package-private
 * (applications use the JAX-RS interface).
 */
final class AuthKitSecurityContext implements SecurityContext {

  private final @Nullable AuthPrincipal principal;
  private final boolean secure;

  AuthKitSecurityContext(@Nullable AuthPrincipal principal, boolean secure) {
    this.principal = principal;
    this.secure = secure;
  }

  /** Returns the {@link AuthPrincipal}, or null when the request is anonymous. */
  @Override
  public @Nullable Principal getUserPrincipal() {
    return principal;
  }

  /** Returns true when the principal holds the role (exact, case-sensitive). */
  @Override
  public boolean isUserInRole(@Nullable String role) {
    return role != null && principal != null && principal.hasRole(role);
  }

  /**
   * Returns whether the client used HTTPS as authkit decides it: a TLS connection (never the
   * request URI's scheme), or a trusted proxy's report. Plain HTTP let through by
   * {@code insecureAllowHttpFromLoopback()} is not secure.
   */
  @Override
  public boolean isSecure() {
    return secure;
  }

  /** Returns {@code Bearer}, {@code ApiKey} or {@code CLIENT_CERT} ({@link SecurityContext#CLIENT_CERT_AUTH}); null when anonymous. */
  @Override
  public @Nullable String getAuthenticationScheme() {
    return principal == null ? null : principal.authenticationMethod().authenticationScheme();
  }

  @Override
  public String toString() {
    return "AuthKitSecurityContext[" + (principal == null ? "anonymous" : principal) + ", secure=" + secure + "]";
  }
}
