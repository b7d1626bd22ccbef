package dev.authkit.access;

import static java.util.Objects.requireNonNull;

import dev.authkit.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered table of {@link AccessRule}s: the first rule whose method and path match decides the
 * {@link Requirement}; a request no rule matches needs an authenticated caller (DESIGN decision 8:
 * {@code permitAll} is always explicit).
 *
 * <pre>{@code
 * AccessRules rules = AccessRules.builder()
 *     .permitAll("/health")
 *     .rule("GET", "/v1/orders/**", Requirement.allScopes("orders:read"))
 *     .rule("POST", "/v1/orders", Requirement.allScopes("orders:write"))
 *     .rule("/v1/admin/**", Requirement.anyRole("admin"))
 *     .build();
 * }</pre>
 *
 * <p>CORS preflight requests ({@code OPTIONS} with {@code Access-Control-Request-Method} and no
 * credential) are treated like any other request unless {@link Builder#permitCorsPreflight()} lets
 * them through to the application's own CORS handling.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessRules {

  private static final AccessRules NONE = new AccessRules(List.of(), false);

  private final List<AccessRule> rules;
  private final boolean permitCorsPreflight;

  private AccessRules(List<AccessRule> rules, boolean permitCorsPreflight) {
    this.rules = rules;
    this.permitCorsPreflight = permitCorsPreflight;
  }

  /** Returns a table without rules: every request needs an authenticated caller. */
  public static AccessRules authenticatedOnly() {
    return NONE;
  }

  /** Starts a table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the requirement for a request.
   *
   * @param request not null
   * @param hasCredential whether the request carries a credential (a preflight with one is not let through)
   * @return the first matching rule's requirement, {@code permitAll} for a let-through CORS preflight,
   *     else {@code authenticated}
   */
  public Requirement requirementFor(RequestView request, boolean hasCredential) {
    return matchingRequirement(request, hasCredential).orElse(Requirement.authenticated());
  }

  /**
   * Returns the requirement of the rule that matches a request, without the default: for an adapter
   * that has requirements of its own (JAX-RS annotations) and must combine them with a matching rule
   * ({@link Requirement#and}) rather than let either replace the other.
   *
   * @param request not null
   * @param hasCredential whether the request carries a credential (a preflight with one is not let through)
   * @return {@code permitAll} for a let-through CORS preflight, else the first matching rule's
   *     requirement, else empty (no rule matches)
   */
  public Optional<Requirement> matchingRequirement(RequestView request, boolean hasCredential) {
    requireNonNull(request, "request");
    if (isLetThroughPreflight(request, hasCredential)) {
      return Optional.of(Requirement.permitAll());
    }
    for (AccessRule rule : rules) {
      if (rule.matches(request)) {
        return Optional.of(rule.requirement());
      }
    }
    return Optional.empty();
  }

  /**
   * Returns true when {@link Builder#permitCorsPreflight()} is set and the request is a CORS
   * preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) without a credential.
   *
   * @param request not null
   * @param hasCredential whether the request carries a credential
   */
  public boolean isLetThroughPreflight(RequestView request, boolean hasCredential) {
    return permitCorsPreflight && !hasCredential && request.method().equals("OPTIONS")
        && request.header("Access-Control-Request-Method").isPresent();
  }

  /** Returns the rules in order; unmodifiable. */
  public List<AccessRule> rules() {
    return rules;
  }

  /** Returns every scope any rule names, for RFC 9728 {@code scopes_supported}. */
  public Set<String> scopesNamed() {
    Set<String> scopes = new java.util.LinkedHashSet<>();
    for (AccessRule rule : rules) {
      scopes.addAll(rule.requirement().allScopes());
      rule.requirement().anyScopes().forEach(scopes::addAll);
    }
    return java.util.Collections.unmodifiableSet(scopes);
  }

  @Override
  public String toString() {
    return "AccessRules" + rules + (permitCorsPreflight ? " + CORS preflight" : "");
  }

  /** Builds {@link AccessRules}; rules keep the order they are added in. Not thread-safe. */
  public static final class Builder {
    private final List<AccessRule> rules = new ArrayList<>();
    private boolean permitCorsPreflight;

    private Builder() {}

    /**
     * Adds a rule for one method.
     *
     * @param method e.g. {@code GET}; exact, case-sensitive
     * @param pattern a path pattern (see {@link AccessRule})
     * @param requirement what matching requests need
     * @return this builder
     */
    public Builder rule(String method, String pattern, Requirement requirement) {
      rules.add(AccessRule.of(Set.of(requireNonNull(method, "method")), pattern, requirement));
      return this;
    }

    /**
     * Adds a rule for every method.
     *
     * @param pattern a path pattern (see {@link AccessRule})
     * @param requirement what matching requests need
     * @return this builder
     */
    public Builder rule(String pattern, Requirement requirement) {
      rules.add(AccessRule.of(Set.of(), pattern, requirement));
      return this;
    }

    /**
     * Adds a prepared rule.
     *
     * @param rule not null
     * @return this builder
     */
    public Builder rule(AccessRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Opens paths to everyone, for every method: {@code rule(pattern, Requirement.permitAll())}.
     *
     * @param patterns path patterns
     * @return this builder
     */
    public Builder permitAll(String... patterns) {
      for (String pattern : requireNonNull(patterns, "patterns")) {
        rule(pattern, Requirement.permitAll());
      }
      return this;
    }

    /**
     * Lets CORS preflight requests without a credential through to the application (which must
     * answer them itself). Off by default.
     *
     * @return this builder
     */
    public Builder permitCorsPreflight() {
      this.permitCorsPreflight = true;
      return this;
    }

    /** Returns the table. */
    public AccessRules build() {
      return new AccessRules(List.copyOf(rules), permitCorsPreflight);
    }
  }
}
