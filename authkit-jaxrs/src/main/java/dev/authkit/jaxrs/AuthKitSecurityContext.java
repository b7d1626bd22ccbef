package dev.authkit.jaxrs;

import dev.authkit.AuthPrincipal;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SecurityContext} of a request authkit authenticated: answers from the
 * {@link AuthPrincipal}. Immutable; package-private (applications use the JAX-RS interface).
 */
final class AuthKitSecurityContext implements SecurityContext {

  private final AuthPrincipal principal;
  private final boolean secure;

  AuthKitSecurityContext(AuthPrincipal principal, boolean secure) {
    this.principal = principal;
    this.secure = secure;
  }

  /** Returns the {@link AuthPrincipal}. */
  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  /** Returns true when the principal holds the role (exact, case-sensitive). */
  @Override
  public boolean isUserInRole(@Nullable String role) {
    return role != null && principal.hasRole(role);
  }

  /** Returns whether the request arrived over HTTPS, as the runtime saw it. */
  @Override
  public boolean isSecure() {
    return secure;
  }

  /** Returns {@code Bearer}, {@code ApiKey} or {@code CLIENT_CERT} ({@link SecurityContext#CLIENT_CERT_AUTH}). */
  @Override
  public String getAuthenticationScheme() {
    return principal.authenticationMethod().authenticationScheme();
  }

  @Override
  public String toString() {
    return "AuthKitSecurityContext[" + principal + "]";
  }
}
