package dev.authkit.jaxrs;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthResult;
import dev.authkit.Reason;
import dev.authkit.access.AccessDecision;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces one resource method's requirement: the one its annotations declare, or, without
 * annotations, the one {@link AuthKit#requirementFor} gives (an authenticated caller unless access
 * rules say otherwise). Bound per method at {@code Priorities.AUTHORIZATION} by {@link AuthKitFeature}.
 * Immutable and thread-safe.
 */
final class AuthorizationFilter implements ContainerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFilter.class);

  private final AuthKit authKit;
  private final @Nullable Requirement declared;
  private final Function<ContainerRequestContext, @Nullable String> remoteAddress;

  AuthorizationFilter(AuthKit authKit, @Nullable Requirement declared,
      Function<ContainerRequestContext, @Nullable String> remoteAddress) {
    this.authKit = authKit;
    this.declared = declared;
    this.remoteAddress = remoteAddress;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      Object principalProperty = request.getProperty(AuthKitFeature.PRINCIPAL_PROPERTY);
      @Nullable AuthPrincipal principal = principalProperty instanceof AuthPrincipal ? (AuthPrincipal) principalProperty : null;
      Object viewProperty = request.getProperty(AuthenticationFilter.VIEW_PROPERTY);
      RequestView view = viewProperty instanceof RequestView ? (RequestView) viewProperty
          : RequestViews.of(request, remoteAddress);
      Requirement requirement = declared != null ? declared : authKit.requirementFor(view, principal != null);
      AccessDecision decision = authKit.authorize(requirement, principal, view);
      if (!decision.isAllowed()) {
        request.abortWith(Responses.of(authKit.responseFor(decision)));
      }
    } catch (RuntimeException unexpected) {
      LOG.error("authkit could not decide on {}: {}", request.getMethod(), unexpected.getClass().getName());
      request.abortWith(Responses.of(authKit.responseFor(
          new AuthResult.Failed(Reason.STORE_UNAVAILABLE, "unexpected failure", Optional.empty()))));
    }
  }

  @Override
  public String toString() {
    return "AuthorizationFilter[" + (declared == null ? "access rules" : declared) + "]";
  }
}
