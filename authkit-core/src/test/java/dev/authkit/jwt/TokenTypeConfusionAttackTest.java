package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;

import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CASES.md BR-12: token-type confusion (RFC 8725 §3.11, RFC 9068 §2.1 and §4). The {@code at+jwt}
 * family is accepted case-insensitively with or without {@code application/}; {@code JWT} or no
 * {@code typ} only by default; ID tokens ({@code nonce}, {@code at_hash}, {@code c_hash}) never.
 */
class TokenTypeConfusionAttackTest {

  private static final JwtAuthenticator DEFAULTS = AttackFixture.authenticator();
  private static final JwtAuthenticator STRICT = AttackFixture.builder().requireAccessTokenType().build();

  private static String withType(@Nullable String typ) {
    return Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> {
      if (typ == null) {
        header.remove("typ");
      } else {
        header.put("typ", typ);
      }
    });
  }

  private static String idToken(String typ, Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", Tokens.ISSUER_A);
    claims.put("sub", "user-0001");
    claims.put("aud", "client-0001");
    claims.put("nonce", "n-0001");
    claims.put("at_hash", "AAAA");
    claims.put("auth_time", Tokens.T0 - 100);
    claims.put("iat", Tokens.T0 - 10);
    claims.put("exp", Tokens.T0 + 300);
    change.accept(claims);
    return Tokens.sign(TestKeys.A_RSA_1, "{\"alg\":\"RS256\",\"typ\":\"" + typ + "\",\"kid\":\"a-rsa-1\"}",
        Tokens.json(claims));
  }

  @ParameterizedTest(name = "BR-12 (a) typ {0} accepted in both modes")
  @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt"})
  void authenticateWhenAccessTokenTypeThenAcceptsInBothModes(String typ) {
    assertAccepted(DEFAULTS, withType(typ));
    assertAccepted(STRICT, withType(typ));
  }

  @Test
  void authenticateWhenIdTokenForClientThenRejected() {
    assertAccepted(DEFAULTS, Tokens.fixture());
    String token = idToken("JWT", c -> { });

    // (b) Type check first (nonce/at_hash), and the audience is wrong in any mode.
    assertRejected(DEFAULTS, token, Reason.TYPE_MISMATCH, Reason.AUDIENCE_MISMATCH);
    assertRejected(STRICT, token, Reason.TYPE_MISMATCH);
    // The audience alone fails it too, once the ID-token markers are gone.
    assertRejected(DEFAULTS, idToken("JWT", c -> {
      c.remove("nonce");
      c.remove("at_hash");
    }), Reason.AUDIENCE_MISMATCH);
  }

  @Test
  void authenticateWhenIdTokenForThisApiThenTypeMismatch() {
    assertAccepted(DEFAULTS, Tokens.fixture());

    // (c) aud is this API: the ID-token claims alone decide.
    assertRejected(DEFAULTS, idToken("JWT", c -> c.put("aud", Tokens.AUDIENCE)), Reason.TYPE_MISMATCH);
    assertRejected(DEFAULTS, idToken("JWT", c -> {
      c.put("aud", Tokens.AUDIENCE);
      c.remove("at_hash");
    }), Reason.TYPE_MISMATCH);
    assertRejected(DEFAULTS, idToken("JWT", c -> {
      c.put("aud", Tokens.AUDIENCE);
      c.remove("nonce");
    }), Reason.TYPE_MISMATCH);
    assertRejected(DEFAULTS, idToken("JWT", c -> {
      c.put("aud", Tokens.AUDIENCE);
      c.remove("nonce");
      c.remove("at_hash");
      c.put("c_hash", "AAAA");
    }), Reason.TYPE_MISMATCH);
    // auth_time alone is allowed in access tokens (RFC 9068 §2.2.1).
    assertAccepted(DEFAULTS, idToken("JWT", c -> {
      c.put("aud", Tokens.AUDIENCE);
      c.remove("nonce");
      c.remove("at_hash");
    }));
  }

  @Test
  void authenticateWhenTypeJwtOrAbsentThenAcceptedByDefaultAndRejectedWhenStrict() {
    // (d)
    assertAccepted(DEFAULTS, withType("JWT"));
    assertAccepted(DEFAULTS, withType(null));
    assertAccepted(STRICT, Tokens.fixture());

    assertRejected(STRICT, withType("JWT"), Reason.TYPE_MISMATCH);
    assertRejected(STRICT, withType(null), Reason.TYPE_MISMATCH);
  }

  @ParameterizedTest(name = "BR-12 (e) typ {0} always rejected")
  @ValueSource(strings = {"logout+jwt", "dpop+jwt", "secevent+jwt", "application/logout+jwt", "at+jwt+x", "at+jw",
      "jwt+at", "", "application/", " at+jwt", "at+jwt "})
  void authenticateWhenOtherTokenTypeThenAlwaysRejected(String typ) {
    assertAccepted(DEFAULTS, Tokens.fixture());
    assertAccepted(STRICT, Tokens.fixture());

    assertRejected(DEFAULTS, withType(typ), Reason.TYPE_MISMATCH);
    assertRejected(STRICT, withType(typ), Reason.TYPE_MISMATCH);
  }
}
