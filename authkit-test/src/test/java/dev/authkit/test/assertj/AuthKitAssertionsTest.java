package dev.authkit.test.assertj;

import static dev.authkit.test.assertj.AuthKitAssertions.AUTHENTICATION_EXCEPTION;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatChallenge;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.http.AuthResponse;
import dev.authkit.test.FakeIssuer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each assertion passes on the matching value and fails, with a message naming both, on another. */
class AuthKitAssertionsTest {

  private static FakeIssuer issuer;
  private static AuthPrincipal principal;

  @BeforeAll
  static void start() {
    issuer = FakeIssuer.builder().algorithms(JWSAlgorithm.ES256).start();
    principal = issuer.authenticator().authenticate(issuer.token().subject("user_42").scopes("orders:read", "orders:write")
        .roles("admin").tenant("t1").jwtId("j-1").claim("level", 3).sign());
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  @Test
  void principalAssertWhenMatchingThenPassesElseFailsNamingBoth() {
    assertThat(principal).hasSubject("user_42").hasIssuer(issuer.issuer()).hasAudience("api").hasClientId("test-client")
        .hasTenant("t1").hasCredentialId("j-1").hasScopes("orders:read").hasExactlyScopes("orders:write", "orders:read")
        .doesNotHaveScopes("orders:delete").hasRole("admin").hasRoles("admin").doesNotHaveRole("root")
        .hasClaim("level").hasClaim("level", 3).hasClaim("level", 3L).wasAuthenticatedBy(AuthenticationMethod.JWT);
    assertThatThrownBy(() -> assertThat(principal).hasSubject("someone")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("someone").hasMessageContaining("user_42");
    assertThatThrownBy(() -> assertThat(principal).hasScopes("orders:delete")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("orders:delete");
    assertThatThrownBy(() -> assertThat(principal).hasRole("root")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(principal).hasNoTenant()).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(principal).hasClaim("level", 4)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(principal).wasAuthenticatedBy(AuthenticationMethod.API_KEY))
        .isInstanceOf(AssertionError.class).hasMessageContaining("API_KEY");
    assertThatThrownBy(() -> assertThat((AuthPrincipal) null).hasSubject("x")).isInstanceOf(AssertionError.class);
  }

  @Test
  void rejectionAssertWhenThrownThenReasonCodeAndStatusChecked() {
    String expired = issuer.hostileTokens().expired().token();
    assertThatRejection(() -> issuer.authenticator().authenticate(expired))
        .isRejection().hasReason(Reason.EXPIRED).hasErrorCode("invalid_token").hasStatus(401);
    assertThatThrownBy(() -> issuer.authenticator().authenticate(expired))
        .asInstanceOf(AUTHENTICATION_EXCEPTION).hasReason(Reason.EXPIRED).hasMessageContaining("expired");
    assertThatThrownBy(() -> assertThatRejection(() -> issuer.authenticator().authenticate(expired))
        .hasReason(Reason.BAD_SIGNATURE)).isInstanceOf(AssertionError.class).hasMessageContaining("EXPIRED");
    assertThatThrownBy(() -> assertThatRejection(() -> issuer.authenticator().authenticate(issuer.token().sign())))
        .isInstanceOf(AssertionError.class).hasMessageContaining("nothing was thrown");
    assertThatThrownBy(() -> assertThatRejection(() -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("IllegalStateException");
  }

  @Test
  void rejectionAssertWhenKindOrRetryAfterThenChecked() {
    assertThat(new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, "down")).isUnavailable().hasStatus(503);
    assertThatThrownBy(() -> assertThat(new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, "down")).isRejection())
        .isInstanceOf(AssertionError.class);
    assertThat(new CredentialRejectedException(Reason.RATE_LIMITED, "slow down", Duration.ofSeconds(3)))
        .hasStatus(429).hasRetryAfter(Duration.ofSeconds(3));
    assertThatThrownBy(() -> assertThat(new CredentialRejectedException(Reason.RATE_LIMITED, "x", Duration.ofSeconds(3)))
        .hasErrorCode("invalid_token")).isInstanceOf(AssertionError.class).hasMessageContaining("no error code");
    assertThat(new CredentialRejectedException(Reason.INSUFFICIENT_SCOPE, "x")).hasErrorCode("insufficient_scope").hasStatus(403);
    assertThat(new CredentialRejectedException(Reason.MALFORMED_REQUEST, "x")).hasErrorCode("invalid_request").hasStatus(400);
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void errorCodeOfWhenAnyReasonThenAgreesWithTheResponseAuthkitWrites(Reason reason) {
    AuthResponse response = issuer.authKitBuilder().build().responseFor(
        new dev.authkit.AuthResult.Failed(reason, "test", java.util.Optional.empty()));
    assertThat(response.status()).isEqualTo(AuthResponse.statusOf(reason));
    assertThat(response.body().contains("\"error\"")).isEqualTo(AuthResponse.errorCodeOf(reason).isPresent());
    AuthResponse.errorCodeOf(reason).ifPresent(code -> assertThat(response).challenge("Bearer").hasError(code));
  }

  @Test
  void rejectsWhenResponseRefusesHostileTokenThenPassesElseFails() {
    dev.authkit.test.HostileTokens catalogue = issuer.hostileTokens();
    AuthResponse invalidToken = issuer.authKitBuilder().build().responseFor(
        new dev.authkit.AuthResult.Failed(Reason.EXPIRED, "test", java.util.Optional.empty()));
    AuthResponse forbidden = issuer.authKitBuilder().build().responseFor(
        new dev.authkit.AuthResult.Failed(Reason.HTTPS_REQUIRED, "test", java.util.Optional.empty()));
    AuthResponse headerTooLarge = new AuthResponse(431, java.util.List.of(), "{}");
    assertThat(invalidToken).rejects(catalogue.expired()).rejects(catalogue.oversized());
    assertThat(headerTooLarge).rejects(catalogue.oversized());
    assertThatThrownBy(() -> assertThat(headerTooLarge).rejects(catalogue.expired())).isInstanceOf(AssertionError.class)
        .hasMessageContaining("expired").hasMessageContaining("431");
    assertThatThrownBy(() -> assertThat(forbidden).rejects(catalogue.unsigned())).isInstanceOf(AssertionError.class)
        .hasMessageContaining("403");
  }

  @Test
  void challengeAssertWhenParsedThenParametersChecked() {
    assertThatChallenge("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"b a\"")
        .hasScheme("bearer").hasRealm("api").hasError("insufficient_scope").hasScope("a", "b")
        .hasParam("realm", "api");
    assertThatChallenge("Bearer realm=\"api\"").hasNoError().hasNoScope();
    assertThatThrownBy(() -> assertThatChallenge("Bearer realm=\"api\"").hasError("invalid_token"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("invalid_token");
    assertThatThrownBy(() -> assertThatChallenge("Bearer realm=api")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("quoted-string");
    assertThatThrownBy(() -> assertThatChallenge("Bearer realm=\"api\", scope=\"a\"").hasScope("a", "b"))
        .isInstanceOf(AssertionError.class);
  }
}
