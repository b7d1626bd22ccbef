package dev.authkit.jaxrs;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthResult;
import dev.authkit.Reason;
import dev.authkit.access.AccessDecision;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import dev.authkit.http.ResourceMetadata;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies each request's credential once, before resource matching (so a bad credential is refused
 * on every path, as in the servlet filter), and sets the {@code SecurityContext}. An anonymous
 * request passes: whether the resource needs a caller is the {@link AuthorizationFilter}'s question.
 * Registered at {@code Priorities.AUTHENTICATION} by {@link AuthKitFeature}. Thread-safe.
 */
@PreMatching
final class AuthenticationFilter implements ContainerRequestFilter {

  /** The request property holding the {@link RequestView} the filters share. */
  static final String VIEW_PROPERTY = "dev.authkit.jaxrs.requestView";

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

  private final AuthKit authKit;
  private final Function<ContainerRequestContext, @Nullable String> remoteAddress;
  private final Predicate<ContainerRequestContext> secureConnection;

  AuthenticationFilter(AuthKit authKit, Function<ContainerRequestContext, @Nullable String> remoteAddress,
      Predicate<ContainerRequestContext> secureConnection) {
    this.authKit = authKit;
    this.remoteAddress = remoteAddress;
    this.secureConnection = secureConnection;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    RequestView view;
    try {
      view = RequestViews.of(request, remoteAddress, secureConnection);
    } catch (RuntimeException unreadable) {
      LOG.debug("authkit could not read the request: {}", unreadable.getClass().getName());
      request.abortWith(Responses.of(authKit.responseFor(
          new AuthResult.Failed(Reason.MALFORMED_REQUEST, "unreadable request", Optional.empty()))));
      return;
    }
    @Nullable ResourceMetadata metadata = authKit.resourceMetadata().orElse(null);
    if (metadata != null && view.method().equals("GET") && view.path().equals(metadata.wellKnownPath())) {
      request.abortWith(Responses.metadata(metadata.toJson()));
      return;
    }
    request.setProperty(VIEW_PROPERTY, view);
    AuthResult result;
    try {
      result = authKit.authenticate(view);
    } catch (RuntimeException unexpected) {
      // Fail closed, never with a 500 or a stack trace (as the servlet filter).
      LOG.error("authkit could not decide on {} {}: {}", view.method(), view.path(), unexpected.getClass().getName());
      result = new AuthResult.Failed(Reason.STORE_UNAVAILABLE, "unexpected failure", Optional.empty());
    }
    if (result instanceof AuthResult.Failed) {
      request.abortWith(Responses.of(authKit.responseFor((AuthResult.Failed) result)));
      return;
    }
    @Nullable AuthPrincipal principal = null;
    if (result instanceof AuthResult.Authenticated) {
      principal = ((AuthResult.Authenticated) result).principal();
      request.setProperty(AuthKitFeature.PRINCIPAL_PROPERTY, principal);
    }
    request.setSecurityContext(new AuthKitSecurityContext(principal, authKit.isHttps(view)));
    if (view.method().equals("OPTIONS")) {
      // Runtimes answer OPTIONS themselves when no resource method declares it (RESTEasy before any
      // post-matching filter runs, Jersey with a generated method): decide it here, by the access
      // rules, so both runtimes answer alike. An @OPTIONS resource method's annotations then apply too.
      AccessDecision decision = authKit.authorize(authKit.requirementFor(view, principal != null), principal, view);
      if (!decision.isAllowed()) {
        request.abortWith(Responses.of(authKit.responseFor(decision)));
      }
    }
  }

  @Override
  public String toString() {
    return "AuthenticationFilter[" + authKit + "]";
  }
}
