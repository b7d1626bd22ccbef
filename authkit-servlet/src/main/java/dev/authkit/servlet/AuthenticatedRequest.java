package dev.authkit.servlet;

import dev.authkit.AuthPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request the application sees after authkit verified its caller: the Servlet API answers from
 * the {@link AuthPrincipal}. Package-private; the application uses only the Servlet API.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

  private final AuthPrincipal principal;

  AuthenticatedRequest(HttpServletRequest request, AuthPrincipal principal) {
    super(request);
    this.principal = principal;
  }

  /** Returns the {@link AuthPrincipal}. */
  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  /** Returns the subject. */
  @Override
  public String getRemoteUser() {
    return principal.subject();
  }

  /** Returns {@code Bearer}, {@code ApiKey} or {@code CLIENT_CERT}. */
  @Override
  public String getAuthType() {
    return principal.authenticationMethod().authenticationScheme();
  }

  /** Returns true when the principal holds the role (exact, case-sensitive); {@code "**"} (any authenticated user, Servlet 6.0 §13.3) is true. */
  @Override
  public boolean isUserInRole(String role) {
    return role != null && ("**".equals(role) || principal.hasRole(role));
  }
}
