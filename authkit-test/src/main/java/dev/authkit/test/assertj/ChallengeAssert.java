package dev.authkit.test.assertj;

import dev.authkit.test.Challenge;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one strictly parsed {@code WWW-Authenticate} challenge (RFC 6750 §3); obtain through
 * {@link AuthKitAssertions#assertThatChallenge(String)} or {@link HttpResponseAssert#bearerChallenge()}.
 *
 * <pre>{@code
 * assertThat(response).hasStatus(403).bearerChallenge()
 *     .hasRealm("api").hasError("insufficient_scope").hasScope("orders:write");
 * }</pre>
 */
public final class ChallengeAssert extends AbstractAssert<ChallengeAssert, Challenge> {

  ChallengeAssert(@Nullable Challenge actual) {
    super(actual, ChallengeAssert.class);
  }

  /** Verifies the auth-scheme, case-insensitively (RFC 9110 §11.1). */
  public ChallengeAssert hasScheme(String expected) {
    isNotNull();
    if (!actual.scheme().equalsIgnoreCase(expected)) {
      failWithMessage("Expected scheme <%s> but was <%s>", expected, actual.scheme());
    }
    return this;
  }

  /** Verifies {@code realm}. */
  public ChallengeAssert hasRealm(String expected) {
    return hasParam("realm", expected);
  }

  /** Verifies {@code error} (RFC 6750 §3.1). */
  public ChallengeAssert hasError(String expected) {
    return hasParam("error", expected);
  }

  /** Verifies there is no {@code error}: the bare challenge of a request without credentials (RFC 6750 §3.1). */
  public ChallengeAssert hasNoError() {
    return lacksParam("error");
  }

  /** Verifies {@code scope} holds exactly these scope tokens, in any order. */
  public ChallengeAssert hasScope(String... expected) {
    isNotNull();
    if (actual.scope().isEmpty() || !actual.scopes().equals(new LinkedHashSet<>(Arrays.asList(expected)))) {
      failWithMessage("Expected scope <%s> but was <%s>", String.join(" ", expected), actual.scope().orElse("(absent)"));
    }
    return this;
  }

  /** Verifies there is no {@code scope}. */
  public ChallengeAssert hasNoScope() {
    return lacksParam("scope");
  }

  /** Verifies any parameter, by case-insensitive name. */
  public ChallengeAssert hasParam(String name, String expected) {
    isNotNull();
    Optional<String> value = actual.param(name);
    if (!value.equals(Optional.of(expected))) {
      failWithMessage("Expected %s <%s> but was <%s> in <%s>", name, expected, value.orElse("(absent)"), actual);
    }
    return this;
  }

  private ChallengeAssert lacksParam(String name) {
    isNotNull();
    if (actual.param(name).isPresent()) {
      failWithMessage("Expected no %s but was <%s>", name, actual.param(name).get());
    }
    return this;
  }
}
