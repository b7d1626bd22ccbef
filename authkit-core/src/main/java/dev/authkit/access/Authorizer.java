package dev.authkit.access;

import static java.util.Objects.requireNonNull;

import dev.authkit.AuthPrincipal;
import dev.authkit.Reason;
import dev.authkit.http.RequestView;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a {@link Requirement} against a caller. The one place both adapters decide access, so
 * the servlet filter and JAX-RS annotations answer alike. Stateless and thread-safe.
 *
 * <p>Order: {@code denyAll} → 403 {@code ACCESS_DENIED}; {@code permitAll} → allowed; no principal →
 * authenticate first (401); all-of scopes and each any-of scope group → 403
 * {@code INSUFFICIENT_SCOPE} naming the scopes needed (RFC 6750 §3.1); each any-of role group → 403
 * {@code INSUFFICIENT_ROLE}; each policy → 403 {@code ACCESS_DENIED} when it returns false or throws.
 */
public final class Authorizer {

  private static final Authorizer INSTANCE = new Authorizer();

  private Authorizer() {}

  /** Returns the authorizer. */
  public static Authorizer instance() {
    return INSTANCE;
  }

  /**
   * Decides.
   *
   * @param requirement what the resource demands; not null
   * @param principal the verified caller, or null when anonymous
   * @param request the request, for policies; not null
   * @return the decision; never null
   */
  public AccessDecision decide(Requirement requirement, @Nullable AuthPrincipal principal, RequestView request) {
    requireNonNull(requirement, "requirement");
    requireNonNull(request, "request");
    if (requirement.isDenyAll()) {
      return AccessDecision.denied(Reason.ACCESS_DENIED, Set.of());
    }
    if (requirement.isPermitAll()) {
      return AccessDecision.allowed();
    }
    if (principal == null) {
      return AccessDecision.needsAuthentication();
    }
    if (!principal.scopes().containsAll(requirement.allScopes())) {
      return AccessDecision.denied(Reason.INSUFFICIENT_SCOPE, requirement.allScopes());
    }
    for (Set<String> group : requirement.anyScopes()) {
      if (group.stream().noneMatch(principal::hasScope)) {
        Set<String> needed = new LinkedHashSet<>(requirement.allScopes());
        needed.addAll(group);
        return AccessDecision.denied(Reason.INSUFFICIENT_SCOPE, needed);
      }
    }
    for (Set<String> group : requirement.anyRoles()) {
      if (group.stream().noneMatch(principal::hasRole)) {
        return AccessDecision.denied(Reason.INSUFFICIENT_ROLE, Set.of());
      }
    }
    for (Policy policy : requirement.policies()) {
      boolean permitted;
      try {
        permitted = policy.permits(principal, request);
      } catch (RuntimeException e) {
        permitted = false;
      }
      if (!permitted) {
        return AccessDecision.denied(Reason.ACCESS_DENIED, Set.of());
      }
    }
    return AccessDecision.allowed();
  }
}
