package dev.authkit.access;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a resource demands of its caller: nothing ({@link #permitAll()}), an authenticated caller
 * ({@link #authenticated()}), nobody ({@link #denyAll()}), all of some scopes, any of some scopes,
 * any of some roles, and policies. {@link #and(Requirement)} combines demands (all must hold), as when a
 * JAX-RS method carries both {@code @RolesAllowed} and {@code @RequiresScope}.
 *
 * <p>Every requirement other than {@link #permitAll()} needs an authenticated caller.
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirement {

  private static final Requirement PERMIT_ALL = new Requirement(Kind.PERMIT_ALL, Set.of(), List.of(), List.of(), List.of());
  private static final Requirement AUTHENTICATED = new Requirement(Kind.AUTHENTICATED, Set.of(), List.of(), List.of(), List.of());
  private static final Requirement DENY_ALL = new Requirement(Kind.DENY_ALL, Set.of(), List.of(), List.of(), List.of());

  enum Kind { PERMIT_ALL, AUTHENTICATED, DENY_ALL }

  private final Kind kind;
  private final Set<String> allScopes;
  private final List<Set<String>> anyScopes;
  private final List<Set<String>> anyRoles;
  private final List<Policy> policies;

  private Requirement(Kind kind, Set<String> allScopes, List<Set<String>> anyScopes, List<Set<String>> anyRoles,
      List<Policy> policies) {
    this.kind = kind;
    this.allScopes = allScopes;
    this.anyScopes = anyScopes;
    this.anyRoles = anyRoles;
    this.policies = policies;
  }

  /** Anyone, with or without a credential. A credential that is present must still be valid. */
  public static Requirement permitAll() {
    return PERMIT_ALL;
  }

  /** Any authenticated caller. The default for everything not declared. */
  public static Requirement authenticated() {
    return AUTHENTICATED;
  }

  /** Nobody: 403 {@code ACCESS_DENIED} for every caller. */
  public static Requirement denyAll() {
    return DENY_ALL;
  }

  /**
   * An authenticated caller holding every one of these scopes (RFC 6749 §3.3).
   *
   * @param scopes one or more non-blank scope tokens
   * @return the requirement
   * @throws IllegalArgumentException if none is given or one is blank or contains a space
   */
  public static Requirement allScopes(String... scopes) {
    return new Requirement(Kind.AUTHENTICATED, words(scopes, "scope"), List.of(), List.of(), List.of());
  }

  /**
   * An authenticated caller holding at least one of these scopes.
   *
   * @param scopes one or more non-blank scope tokens
   * @return the requirement
   * @throws IllegalArgumentException if none is given or one is blank or contains a space
   */
  public static Requirement anyScope(String... scopes) {
    return new Requirement(Kind.AUTHENTICATED, Set.of(), List.of(words(scopes, "scope")), List.of(), List.of());
  }

  /**
   * An authenticated caller holding at least one of these roles (as {@code @RolesAllowed}).
   *
   * @param roles one or more non-blank role names
   * @return the requirement
   * @throws IllegalArgumentException if none is given or one is blank
   */
  public static Requirement anyRole(String... roles) {
    return new Requirement(Kind.AUTHENTICATED, Set.of(), List.of(), List.of(words(roles, "role")), List.of());
  }

  /**
   * An authenticated caller the policy permits.
   *
   * @param policy not null
   * @return the requirement
   */
  public static Requirement policy(Policy policy) {
    return new Requirement(Kind.AUTHENTICATED, Set.of(), List.of(), List.of(), List.of(requireNonNull(policy, "policy")));
  }

  /**
   * Combines two requirements: both must hold. {@code denyAll} wins over everything;
   * {@code permitAll} adds nothing.
   *
   * @param other not null
   * @return the combination
   */
  public Requirement and(Requirement other) {
    requireNonNull(other, "other");
    if (kind == Kind.DENY_ALL || other.kind == Kind.DENY_ALL) {
      return DENY_ALL;
    }
    if (other.kind == Kind.PERMIT_ALL) {
      return this;
    }
    if (kind == Kind.PERMIT_ALL) {
      return other;
    }
    List<Policy> allPolicies = new ArrayList<>(policies);
    allPolicies.addAll(other.policies);
    return new Requirement(Kind.AUTHENTICATED, union(allScopes, other.allScopes), concat(anyScopes, other.anyScopes),
        concat(anyRoles, other.anyRoles), List.copyOf(allPolicies));
  }

  /** Returns true for {@link #permitAll()}. */
  public boolean isPermitAll() {
    return kind == Kind.PERMIT_ALL;
  }

  /** Returns true for {@link #denyAll()}. */
  public boolean isDenyAll() {
    return kind == Kind.DENY_ALL;
  }

  /** Returns the scopes that must all be held; unmodifiable, may be empty. */
  public Set<String> allScopes() {
    return allScopes;
  }

  /** Returns groups of scopes: of each group at least one must be held; unmodifiable, may be empty. */
  public List<Set<String>> anyScopes() {
    return anyScopes;
  }

  /** Returns groups of roles: of each group at least one must be held; unmodifiable, may be empty. */
  public List<Set<String>> anyRoles() {
    return anyRoles;
  }

  /** Returns the policies that must all permit; unmodifiable. */
  public List<Policy> policies() {
    return policies;
  }

  @Override
  public String toString() {
    if (kind != Kind.AUTHENTICATED) {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
    StringBuilder out = new StringBuilder("authenticated");
    if (!allScopes.isEmpty()) {
      out.append(" allScopes").append(allScopes);
    }
    if (!anyScopes.isEmpty()) {
      out.append(" anyScope").append(anyScopes);
    }
    if (!anyRoles.isEmpty()) {
      out.append(" anyRole").append(anyRoles);
    }
    if (!policies.isEmpty()) {
      out.append(" policies=").append(policies.size());
    }
    return out.toString();
  }

  private static Set<String> words(String[] values, String what) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("at least one " + what + " is required");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null || value.isBlank() || value.indexOf(' ') >= 0) {
        throw new IllegalArgumentException(what + " values must be non-blank and contain no space");
      }
      out.add(value);
    }
    return Collections.unmodifiableSet(out);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return Collections.unmodifiableSet(out);
  }

  private static List<Set<String>> concat(List<Set<String>> a, List<Set<String>> b) {
    List<Set<String>> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
