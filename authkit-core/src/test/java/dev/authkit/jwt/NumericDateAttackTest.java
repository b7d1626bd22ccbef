package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static dev.authkit.testing.AttackFixture.claimsJson;
import static dev.authkit.testing.AttackFixture.signedClaims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.AuthPrincipal;
import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.Tokens;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-08: time claims with the wrong JSON type, fractions, huge values and duplicates.
 * "Failed to parse" must never collapse into "absent" (RFC 7519 §2 NumericDate is a JSON number).
 */
class NumericDateAttackTest {

  private static String withRaw(String claim, String rawValue) {
    return signedClaims(claimsJson(c -> c.remove(claim), "\"" + claim + "\":" + rawValue));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("a exp as string", withRaw("exp", "\"1700000300\""), Reason.INVALID_CLAIM),
        Arguments.of("b exp \"never\"", withRaw("exp", "\"never\""), Reason.INVALID_CLAIM),
        Arguments.of("b exp true", withRaw("exp", "true"), Reason.INVALID_CLAIM),
        Arguments.of("b exp {}", withRaw("exp", "{}"), Reason.INVALID_CLAIM),
        Arguments.of("b exp [1700000300]", withRaw("exp", "[1700000300]"), Reason.INVALID_CLAIM),
        Arguments.of("c nbf as string (future)", withRaw("nbf", "\"1800000000\""), Reason.INVALID_CLAIM),
        Arguments.of("c' nbf as string (past)", withRaw("nbf", "\"1699999990\""), Reason.INVALID_CLAIM),
        Arguments.of("d iat as string", withRaw("iat", "\"1699999990\""), Reason.INVALID_CLAIM),
        Arguments.of("g exp 61.1 s before T0", withRaw("exp", "1699999938.9"), Reason.EXPIRED),
        Arguments.of("g' exp 60.1 s before T0", withRaw("exp", "1699999939.9"), Reason.EXPIRED),
        Arguments.of("h exp 1e300", withRaw("exp", "1e300"), Reason.INVALID_CLAIM),
        Arguments.of("h exp 2^63", withRaw("exp", "9223372036854775808"), Reason.INVALID_CLAIM),
        Arguments.of("h exp 2^64 + 300", withRaw("exp", "18446744073709551916"), Reason.INVALID_CLAIM),
        Arguments.of("h exp Long.MAX_VALUE", withRaw("exp", "9223372036854775807"), Reason.INVALID_CLAIM),
        Arguments.of("h nbf -1e300", withRaw("nbf", "-1e300"), Reason.INVALID_CLAIM),
        Arguments.of("h iat 1e300", withRaw("iat", "1e300"), Reason.INVALID_CLAIM),
        Arguments.of("i exp -1", withRaw("exp", "-1"), Reason.EXPIRED),
        Arguments.of("j duplicate exp (expired first, valid last)",
            signedClaims(claimsJson(c -> c.remove("exp"), "\"exp\":1699990000,\"x\":1,\"exp\":1700000300")),
            Reason.MALFORMED),
        Arguments.of("j' duplicate exp (valid first, expired last)",
            signedClaims(claimsJson(c -> c.remove("exp"), "\"exp\":1700000300,\"exp\":1699990000")),
            Reason.MALFORMED));
  }

  @ParameterizedTest(name = "BR-08 {0}")
  @MethodSource("rejected")
  void authenticateWhenTimeClaimHostileThenRejects(String variant, String token, Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, reason);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("e exp 1700000300.5", withRaw("exp", "1700000300.5"), Instant.ofEpochSecond(1_700_000_300L, 500_000_000)),
        Arguments.of("f exp 1.7000003E9", withRaw("exp", "1.7000003E9"), Instant.ofEpochSecond(1_700_000_300L)),
        Arguments.of("f' exp 1700000300.0", withRaw("exp", "1700000300.0"), Instant.ofEpochSecond(1_700_000_300L)),
        Arguments.of("exp 59.9 s before T0 (inside skew)", withRaw("exp", "1699999940.1"), null));
  }

  @ParameterizedTest(name = "BR-08 {0} accepted")
  @MethodSource("accepted")
  void authenticateWhenTimeClaimIsFractionalNumberThenAccepts(String variant, String token, Instant expiresAt) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();

    AuthPrincipal principal = assertAccepted(authenticator, token);

    if (expiresAt != null) {
      assertThat(principal.expiresAt()).contains(expiresAt);
    }
  }

  @Test
  void authenticateWhenNbfAndIatAreFractionalThenAccepts() {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    String token = signedClaims(claimsJson(c -> {
      c.remove("nbf");
      c.remove("iat");
    }, "\"nbf\":1699999990.25,\"iat\":1699999990.75"));

    assertAccepted(authenticator, token);
  }
}
