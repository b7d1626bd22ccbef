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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-09: {@code aud} as a string or an array (RFC 7519 §4.1.3); accepted only when the
 * configured audience is an element, compared exactly.
 */
class AudienceAttackTest {

  private static String withAudience(String rawValue) {
    return signedClaims(claimsJson(c -> c.remove("aud"), "\"aud\":" + rawValue));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("string", "\"api://authkit-test\""),
        Arguments.of("array with another audience first", "[\"other-api\",\"api://authkit-test\"]"),
        Arguments.of("single-element array", "[\"api://authkit-test\"]"));
  }

  @ParameterizedTest(name = "BR-09 aud {0} accepted")
  @MethodSource("accepted")
  void authenticateWhenAudienceContainsConfiguredThenAccepts(String variant, String aud) {
    AuthPrincipal principal = assertAccepted(AttackFixture.authenticator(), withAudience(aud));

    assertThat(principal.audience()).contains(Tokens.AUDIENCE);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("[\"other-api\"]", Reason.AUDIENCE_MISMATCH),
        Arguments.of("\"other-api\"", Reason.AUDIENCE_MISMATCH),
        Arguments.of("[]", Reason.AUDIENCE_MISMATCH),
        Arguments.of("[\"\"]", Reason.AUDIENCE_MISMATCH),
        Arguments.of("\"\"", Reason.AUDIENCE_MISMATCH),
        Arguments.of("[\"api://authkit-test \"]", Reason.AUDIENCE_MISMATCH),
        Arguments.of("\"API://AUTHKIT-TEST\"", Reason.AUDIENCE_MISMATCH),
        Arguments.of("\"api://authkit-test.attacker.example\"", Reason.AUDIENCE_MISMATCH),
        Arguments.of("\"api://authkit-tes\"", Reason.AUDIENCE_MISMATCH),
        Arguments.of("[[\"api://authkit-test\"]]", Reason.INVALID_CLAIM),
        Arguments.of("123", Reason.INVALID_CLAIM),
        Arguments.of("{\"aud\":\"api://authkit-test\"}", Reason.INVALID_CLAIM),
        Arguments.of("[\"api://authkit-test\",5]", Reason.INVALID_CLAIM),
        Arguments.of("true", Reason.INVALID_CLAIM));
  }

  @ParameterizedTest(name = "BR-09 aud {0} rejected")
  @MethodSource("rejected")
  void authenticateWhenAudienceDoesNotContainConfiguredThenRejects(String aud, Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, Tokens.fixture());

    // CASES.md allows MALFORMED or INVALID_CLAIM for wrong JSON types; authkit answers INVALID_CLAIM.
    assertRejected(authenticator, withAudience(aud), reason);
  }
}
