package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static dev.authkit.testing.AttackFixture.claimsJson;
import static dev.authkit.testing.AttackFixture.signedClaims;

import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.Tokens;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-07: a claim that is optional in RFC 7519 but required by an access-token verifier
 * ({@code exp}, {@code iss}, {@code aud}, {@code sub}; RFC 9068 §2.2) must not be silently skipped.
 */
class RequiredClaimsAttackTest {

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of("a exp removed", signedClaims(claimsJson(c -> c.remove("exp"), ""))),
        Arguments.of("b exp null", signedClaims(claimsJson(c -> c.remove("exp"), "\"exp\":null"))),
        Arguments.of("c iss removed", signedClaims(claimsJson(c -> c.remove("iss"), ""))),
        Arguments.of("d aud removed", signedClaims(claimsJson(c -> c.remove("aud"), ""))),
        Arguments.of("e sub removed", signedClaims(claimsJson(c -> c.remove("sub"), ""))),
        Arguments.of("iss null", signedClaims(claimsJson(c -> c.remove("iss"), "\"iss\":null"))),
        Arguments.of("aud null", signedClaims(claimsJson(c -> c.remove("aud"), "\"aud\":null"))),
        Arguments.of("sub null", signedClaims(claimsJson(c -> c.remove("sub"), "\"sub\":null"))));
  }

  @ParameterizedTest(name = "BR-07 {0}")
  @MethodSource("missing")
  void authenticateWhenRequiredClaimMissingThenMissingClaim(String variant, String token) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, signedClaims(claimsJson(c -> { }, "")));

    assertRejected(authenticator, token, Reason.MISSING_CLAIM);
  }

  @ParameterizedTest(name = "BR-07 {0} (default allow-list)")
  @MethodSource("missing")
  void authenticateWhenRequiredClaimMissingWithDefaultsThenMissingClaim(String variant, String token) {
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().build();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, Reason.MISSING_CLAIM);
  }
}
