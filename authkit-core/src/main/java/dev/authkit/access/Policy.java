package dev.authkit.access;

import dev.authkit.AuthPrincipal;
import dev.authkit.http.RequestView;

/**
 * An attribute-based check of an authenticated caller against a request, for what scopes and roles
 * cannot say (e.g. "the tenant in the path is the caller's tenant"). A policy that returns false or
 * throws denies with {@code ACCESS_DENIED} (403).
 *
 * <pre>{@code
 * Policy sameTenant = (principal, request) ->
 *     request.path().startsWith("/tenants/" + principal.tenant().orElse("-") + "/");
 * }</pre>
 *
 * <p>Implementations must be thread-safe and fast; they run on the request thread.
 */
@FunctionalInterface
public interface Policy {

  /**
   * Decides.
   *
   * @param principal the verified caller; never null
   * @param request the request; never null
   * @return true to allow
   */
  boolean permits(AuthPrincipal principal, RequestView request);
}
