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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces one resource method's requirement, all parts of which must hold: what its annotations
 * declare ({@link AnnotationRequirements}), what the sub-resource locators on the way declare
 * ({@link LocatorRequirements}), and the matching access rule ({@link AuthKit#matchingRule}). With
 * none of these, an authenticated caller. A CORS preflight the rules let through passes. Bound per
 * method at {@code Priorities.AUTHORIZATION} by {@link AuthKitFeature}. Immutable and thread-safe.
 */
final class AuthorizationFilter implements ContainerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFilter.class);

  private final AuthKit authKit;
  private final @Nullable Requirement declared;
  private final LocatorRequirements locators;
  private final Function<ContainerRequestContext, @Nullable String> remoteAddress;
  private final Predicate<ContainerRequestContext> secureConnection;

  AuthorizationFilter(AuthKit authKit, @Nullable Requirement declared, LocatorRequirements locators,
      Function<ContainerRequestContext, @Nullable String> remoteAddress, Predicate<ContainerRequestContext> secureConnection) {
    this.authKit = authKit;
    this.declared = declared;
    this.locators = locators;
    this.remoteAddress = remoteAddress;
    this.secureConnection = secureConnection;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      Object principalProperty = request.getProperty(AuthKitFeature.PRINCIPAL_PROPERTY);
      @Nullable AuthPrincipal principal = principalProperty instanceof AuthPrincipal ? (AuthPrincipal) principalProperty : null;
      Object viewProperty = request.getProperty(AuthenticationFilter.VIEW_PROPERTY);
      RequestView view = viewProperty instanceof RequestView ? (RequestView) viewProperty
          : RequestViews.of(request, remoteAddress, secureConnection);
      Requirement requirement = requirement(request, view, principal != null);
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

  private Requirement requirement(ContainerRequestContext request, RequestView view, boolean hasCredential) {
    if (authKit.isLetThroughPreflight(view, hasCredential)) {
      return Requirement.permitAll();
    }
    @Nullable Requirement requirement = declared;
    List<Object> matched = request.getUriInfo().getMatchedResources();
    if (matched.size() > 1) {
      Optional<Requirement> chain = locators.requirementFor(matched, view.path());
      if (chain.isPresent()) {
        requirement = requirement == null ? chain.get() : chain.get().and(requirement);
      }
    }
    Optional<Requirement> rule = authKit.matchingRule(view, hasCredential);
    if (rule.isPresent()) {
      requirement = requirement == null ? rule.get() : rule.get().and(requirement);
    }
    return requirement == null ? Requirement.authenticated() : requirement;
  }

  @Override
  public String toString() {
    return "AuthorizationFilter[" + (declared == null ? "access rules" : declared) + "]";
  }
}
