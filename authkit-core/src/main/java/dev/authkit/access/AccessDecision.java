package dev.authkit.access;

import static java.util.Objects.requireNonNull;

import dev.authkit.Reason;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of evaluating a {@link Requirement}: allowed, or denied with a {@link Reason}
 * ({@code INSUFFICIENT_SCOPE}, {@code INSUFFICIENT_ROLE}, {@code ACCESS_DENIED}) and, for scopes,
 * the scopes the requirement needs (for the RFC 6750 §3 {@code scope} challenge attribute).
 * An anonymous caller facing anything but {@code permitAll} is denied with an empty reason: it must
 * authenticate (401), not be forbidden (403).
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessDecision {

  private static final AccessDecision ALLOWED = new AccessDecision(true, null, Set.of());
  private static final AccessDecision NEEDS_AUTHENTICATION = new AccessDecision(false, null, Set.of());

  private final boolean allowed;
  private final Reason reason;
  private final Set<String> requiredScopes;

  private AccessDecision(boolean allowed, Reason reason, Set<String> requiredScopes) {
    this.allowed = allowed;
    this.reason = reason;
    this.requiredScopes = requiredScopes;
  }

  static AccessDecision allowed() {
    return ALLOWED;
  }

  static AccessDecision needsAuthentication() {
    return NEEDS_AUTHENTICATION;
  }

  static AccessDecision denied(Reason reason, Set<String> requiredScopes) {
    return new AccessDecision(false, requireNonNull(reason, "reason"),
        java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(requiredScopes)));
  }

  /** Returns true when the caller may proceed. */
  public boolean isAllowed() {
    return allowed;
  }

  /** Returns true when the caller was anonymous and the resource needs a credential (401). */
  public boolean needsAuthenticationFirst() {
    return !allowed && reason == null;
  }

  /** Returns why access was denied to an authenticated caller; empty when allowed or when authentication is needed first. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** Returns the scopes the requirement needs, for {@code INSUFFICIENT_SCOPE}; empty otherwise. */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  @Override
  public String toString() {
    return allowed ? "AccessDecision[allowed]" : needsAuthenticationFirst() ? "AccessDecision[needs authentication]"
        : "AccessDecision[denied " + reason + (requiredScopes.isEmpty() ? "" : " scope=" + requiredScopes) + "]";
  }
}
