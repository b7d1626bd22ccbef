package dev.authkit.test.assertj;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationMethod;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a verified caller; obtain through {@link AuthKitAssertions#assertThat(AuthPrincipal)}.
 *
 * <pre>{@code
 * assertThat(authenticator.authenticate(token))
 *     .hasSubject("user_42").hasScopes("orders:read").hasRole("admin").hasTenant("t1")
 *     .wasAuthenticatedBy(AuthenticationMethod.JWT);
 * }</pre>
 *
 * <p>Failure messages name the expected and actual values; claims are shown only when a claim
 * assertion fails. Not thread-safe (AssertJ assertions are used on one thread).
 */
public final class AuthPrincipalAssert extends AbstractAssert<AuthPrincipalAssert, AuthPrincipal> {

  AuthPrincipalAssert(@Nullable AuthPrincipal actual) {
    super(actual, AuthPrincipalAssert.class);
  }

  /** Verifies {@code subject()} equals {@code expected}. */
  public AuthPrincipalAssert hasSubject(String expected) {
    isNotNull();
    if (!actual.subject().equals(expected)) {
      failWithMessage("Expected subject <%s> but was <%s>", expected, actual.subject());
    }
    return this;
  }

  /** Verifies {@code issuer()} is present and equals {@code expected}. */
  public AuthPrincipalAssert hasIssuer(String expected) {
    return hasOptional("issuer", principal().issuer(), expected);
  }

  /** Verifies {@code clientId()} is present and equals {@code expected}. */
  public AuthPrincipalAssert hasClientId(String expected) {
    return hasOptional("client id", principal().clientId(), expected);
  }

  /** Verifies {@code tenant()} is present and equals {@code expected}. */
  public AuthPrincipalAssert hasTenant(String expected) {
    return hasOptional("tenant", principal().tenant(), expected);
  }

  /** Verifies {@code tenant()} is empty. */
  public AuthPrincipalAssert hasNoTenant() {
    if (principal().tenant().isPresent()) {
      failWithMessage("Expected no tenant but was <%s>", actual.tenant().get());
    }
    return this;
  }

  /** Verifies {@code credentialId()} (the {@code jti}, or the API key id) is present and equals {@code expected}. */
  public AuthPrincipalAssert hasCredentialId(String expected) {
    return hasOptional("credential id", principal().credentialId(), expected);
  }

  /** Verifies {@code audience()} contains every one of {@code expected}. */
  public AuthPrincipalAssert hasAudience(String... expected) {
    return containsAll("audience", principal().audience(), expected);
  }

  /** Verifies {@code scopes()} contains every one of {@code expected} (others may be present). */
  public AuthPrincipalAssert hasScopes(String... expected) {
    return containsAll("scopes", principal().scopes(), expected);
  }

  /** Verifies {@code scopes()} is exactly {@code expected}, in any order. */
  public AuthPrincipalAssert hasExactlyScopes(String... expected) {
    if (!principal().scopes().equals(new LinkedHashSet<>(Arrays.asList(expected)))) {
      failWithMessage("Expected exactly scopes <%s> but were <%s>", Arrays.asList(expected), actual.scopes());
    }
    return this;
  }

  /** Verifies {@code scopes()} contains none of {@code unexpected}. */
  public AuthPrincipalAssert doesNotHaveScopes(String... unexpected) {
    return containsNone("scopes", principal().scopes(), unexpected);
  }

  /** Verifies {@code roles()} contains {@code expected}. */
  public AuthPrincipalAssert hasRole(String expected) {
    return containsAll("roles", principal().roles(), expected);
  }

  /** Verifies {@code roles()} contains every one of {@code expected}. */
  public AuthPrincipalAssert hasRoles(String... expected) {
    return containsAll("roles", principal().roles(), expected);
  }

  /** Verifies {@code roles()} does not contain {@code unexpected}. */
  public AuthPrincipalAssert doesNotHaveRole(String unexpected) {
    return containsNone("roles", principal().roles(), unexpected);
  }

  /** Verifies the caller authenticated with {@code expected} ({@code JWT}, {@code API_KEY}, {@code CLIENT_CERTIFICATE}). */
  public AuthPrincipalAssert wasAuthenticatedBy(AuthenticationMethod expected) {
    if (principal().authenticationMethod() != expected) {
      failWithMessage("Expected authentication method <%s> but was <%s>", expected, actual.authenticationMethod());
    }
    return this;
  }

  /** Verifies claim {@code name} is present with a non-null value (a JSON {@code null} counts as absent). */
  public AuthPrincipalAssert hasClaim(String name) {
    if (principal().claim(name).isEmpty()) {
      failWithMessage("Expected claim <%s> but the claims were <%s>", name, actual.claims().keySet());
    }
    return this;
  }

  /**
   * Verifies claim {@code name} equals {@code expected} as parsed JSON: numbers compare by value
   * ({@code 5} equals {@code 5L}), lists and objects by {@code equals}.
   */
  public AuthPrincipalAssert hasClaim(String name, Object expected) {
    Object value = principal().claim(name).orElse(null);
    boolean equal = value instanceof Number && expected instanceof Number
        ? new java.math.BigDecimal(value.toString()).compareTo(new java.math.BigDecimal(expected.toString())) == 0
        : Objects.equals(value, expected);
    if (!equal) {
      failWithMessage("Expected claim <%s> to be <%s> but was <%s>", name, expected, value);
    }
    return this;
  }

  private AuthPrincipal principal() {
    isNotNull();
    return actual;
  }

  private AuthPrincipalAssert hasOptional(String what, Optional<String> value, String expected) {
    if (!value.equals(Optional.of(expected))) {
      failWithMessage("Expected %s <%s> but was <%s>", what, expected, value.orElse("(absent)"));
    }
    return this;
  }

  private AuthPrincipalAssert containsAll(String what, Set<String> values, String... expected) {
    for (String one : expected) {
      if (!values.contains(one)) {
        failWithMessage("Expected %s to contain <%s> but were <%s>", what, Arrays.asList(expected), values);
      }
    }
    return this;
  }

  private AuthPrincipalAssert containsNone(String what, Set<String> values, String... unexpected) {
    for (String one : unexpected) {
      if (values.contains(one)) {
        failWithMessage("Expected %s not to contain <%s> but were <%s>", what, one, values);
      }
    }
    return this;
  }
}
