package dev.authkit.internal;

import dev.authkit.AuthenticationMethod;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a principal, filled by a verifier and handed to {@link Principals#create}. The sets
 * and the claims map are handed over: the principal keeps them behind unmodifiable views without
 * copying, so the verifier must pass sets nobody changes afterwards (a fresh set, or an immutable
 * one). Not thread-safe; not an API.
 */
public final class PrincipalFields {
  public @Nullable String subject;
  public @Nullable String issuer;
  public Set<String> audience = Set.of();
  public @Nullable String clientId;
  public @Nullable String tenant;
  public Set<String> scopes = Set.of();
  public Set<String> roles = Set.of();
  /** Must already be unmodifiable; it is kept as given. */
  public Map<String, Object> claims = Map.of();
  public @Nullable AuthenticationMethod authenticationMethod;
  public @Nullable String credentialId;
  public @Nullable Instant expiresAt;
}
