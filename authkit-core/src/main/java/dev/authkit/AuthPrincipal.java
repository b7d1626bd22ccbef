package dev.authkit;

import static java.util.Objects.requireNonNull;

import dev.authkit.internal.PrincipalFields;
import dev.authkit.internal.Principals;
import dev.authkit.internal.Redaction;
import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A caller whose credential authkit verified: the one result of every successful authentication,
 * whatever the credential (JWT access token, API key or client certificate).
 *
 * <p>"Verified" is a type: there is no public constructor; instances come only out of authkit's
 * verifiers. Test code builds them through {@code authkit-test}, which mints real credentials.
 *
 * <p>Immutable and thread-safe. Holds no token, key or secret, so {@link #toString()} is safe to
 * log (it leaves out {@link #claims()}, which may hold personal data).
 *
 * <pre>{@code
 * AuthPrincipal principal = authenticator.authenticate(token);
 * if (principal.hasScope("orders:read")) { ... }
 * }</pre>
 */
public final class AuthPrincipal implements Principal {

  static {
    Principals.install(AuthPrincipal::new);
  }

  private final String subject;
  private final Optional<String> issuer;
  private final Set<String> audience;
  private final Optional<String> clientId;
  private final Optional<String> tenant;
  private final Set<String> scopes;
  private final Set<String> roles;
  private final Map<String, Object> claims;
  private final AuthenticationMethod authenticationMethod;
  private final Optional<String> credentialId;
  private final Optional<Instant> expiresAt;

  private AuthPrincipal(PrincipalFields fields) {
    this.subject = requireNonNull(fields.subject, "subject");
    this.issuer = Optional.ofNullable(fields.issuer);
    this.audience = frozen(fields.audience);
    this.clientId = Optional.ofNullable(fields.clientId);
    this.tenant = Optional.ofNullable(fields.tenant);
    this.scopes = frozen(fields.scopes);
    this.roles = frozen(fields.roles);
    this.claims = fields.claims;
    this.authenticationMethod = requireNonNull(fields.authenticationMethod, "authenticationMethod");
    this.credentialId = Optional.ofNullable(fields.credentialId);
    this.expiresAt = Optional.ofNullable(fields.expiresAt);
  }

  private static String printable(String value) {
    return Redaction.printable(value, 256);
  }

  /** The verifier handed its set over (see {@link PrincipalFields}): a view, not a copy. */
  private static Set<String> frozen(Set<String> values) {
    return values.isEmpty() ? Set.of() : Collections.unmodifiableSet(values);
  }

  /** Returns the subject ({@code sub}, RFC 7519 §4.1.2; the API key's or certificate's subject); never null or empty. */
  public String subject() {
    return subject;
  }

  /** Same as {@link #subject()}: the name {@link Principal} requires. */
  @Override
  public String getName() {
    return subject;
  }

  /** Returns the issuer ({@code iss}) that vouched for this caller; empty for API keys and client certificates. */
  public Optional<String> issuer() {
    return issuer;
  }

  /** Returns every {@code aud} value of the token (RFC 7519 §4.1.3), unmodifiable; empty for other credentials. */
  public Set<String> audience() {
    return audience;
  }

  /** Returns the OAuth client: {@code client_id} (RFC 9068 §2.2), else {@code azp}; empty when neither is present. */
  public Optional<String> clientId() {
    return clientId;
  }

  /** Returns the tenant the caller belongs to (from the configured tenant claim, or the API key's record); may be empty. */
  public Optional<String> tenant() {
    return tenant;
  }

  /** Returns the granted scopes (RFC 6749 §3.3, from {@code scope} and {@code scp}), unmodifiable, in token order. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Returns the granted roles (from the configured role claims, or the API key's record), unmodifiable. */
  public Set<String> roles() {
    return roles;
  }

  /**
   * Returns all claims of the verified token as parsed JSON values, deeply unmodifiable, maps in
   * member order: {@code String}, {@code Boolean}, {@code List}, {@code Map}, JSON {@code null} as
   * null, integers as {@code Long} (or {@code java.math.BigInteger} beyond the {@code long} range,
   * exact), other numbers as finite {@code Double}. Empty for credentials without claims. Not
   * included in {@link #toString()}.
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /**
   * Returns one claim.
   *
   * @param name the claim name; not null
   * @return the value, or empty when the claim is absent
   */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(requireNonNull(name, "name")));
  }

  /** Returns true when {@code scope} is one of {@link #scopes()} (exact, case-sensitive). */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** Returns true when {@code role} is one of {@link #roles()} (exact, case-sensitive). */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Returns how the caller authenticated; never null. */
  public AuthenticationMethod authenticationMethod() {
    return authenticationMethod;
  }

  /** Returns the credential's public identifier: the token's {@code jti} or the API key id; may be empty. Never secret. */
  public Optional<String> credentialId() {
    return credentialId;
  }

  /** Returns when the credential stops being valid ({@code exp}, or the API key's expiry); empty when it does not expire. */
  public Optional<Instant> expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof AuthPrincipal)) {
      return false;
    }
    AuthPrincipal that = (AuthPrincipal) other;
    return subject.equals(that.subject)
        && issuer.equals(that.issuer)
        && audience.equals(that.audience)
        && clientId.equals(that.clientId)
        && tenant.equals(that.tenant)
        && scopes.equals(that.scopes)
        && roles.equals(that.roles)
        && claims.equals(that.claims)
        && authenticationMethod == that.authenticationMethod
        && credentialId.equals(that.credentialId)
        && expiresAt.equals(that.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, issuer, authenticationMethod, credentialId);
  }

  /** Returns a one-line summary safe to log: claims left out, control and format characters escaped, long values cut. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AuthPrincipal[subject=").append(printable(subject))
        .append(", method=").append(authenticationMethod);
    issuer.ifPresent(value -> out.append(", issuer=").append(printable(value)));
    clientId.ifPresent(value -> out.append(", clientId=").append(printable(value)));
    tenant.ifPresent(value -> out.append(", tenant=").append(printable(value)));
    out.append(", scopes=").append(printable(scopes.toString())).append(", roles=").append(printable(roles.toString()));
    credentialId.ifPresent(value -> out.append(", credentialId=").append(printable(value)));
    expiresAt.ifPresent(value -> out.append(", expiresAt=").append(value));
    return out.append(']').toString();
  }
}
