package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The authenticator skips re-parsing a header byte-identical to one of a recently verified token.
 * These tests pin that the shortcut decides exactly as a fresh parse would: only an identical
 * segment is reused, and nothing after the header is skipped.
 */
class RecentHeaderTest {

  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}";

  private final JwtAuthenticator authenticator = AttackFixture.builder().disableVerifiedTokenCache().build();

  private static String signed(String headerJson, String claimsJson) {
    return Tokens.signRaw(TestKeys.A_RSA_1, JWSAlgorithm.RS256, headerJson.getBytes(StandardCharsets.UTF_8),
        claimsJson.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRejected(String token, Reason reason) {
    AttackFixture.assertRejected(authenticator, token, reason);
  }

  @Test
  void authenticateWhenKnownHeaderThenSignatureAndClaimsStillDecide() {
    String claims = Tokens.json(Tokens.fixtureClaims());
    String good = signed(HEADER, claims);
    assertThat(authenticator.authenticate(good).subject()).isEqualTo("user-0001");

    // Same header segment: a tampered payload, a foreign signature, an expired token.
    String[] parts = good.split("\\.");
    String otherPayload = Tokens.b64(claims.replace("user-0001", "user-0002"));
    assertRejected(parts[0] + "." + otherPayload + "." + parts[2], Reason.BAD_SIGNATURE);
    assertRejected(Tokens.signRaw(TestKeys.X_RSA, JWSAlgorithm.RS256, HEADER.getBytes(StandardCharsets.UTF_8),
        claims.getBytes(StandardCharsets.UTF_8)), Reason.BAD_SIGNATURE);
    String expired = signed(HEADER, Tokens.json(Tokens.fixtureClaims()).replace(
        "\"exp\":" + (Tokens.T0 + 300), "\"exp\":" + (Tokens.T0 - 120)));
    assertRejected(expired, Reason.EXPIRED);
    assertThat(authenticator.authenticate(good).subject()).isEqualTo("user-0001");
  }

  @Test
  void authenticateWhenHeaderOnlyStartsLikeAKnownOneThenParsedAfresh() {
    String claims = Tokens.json(Tokens.fixtureClaims());
    authenticator.authenticate(signed(HEADER, claims));
    // A longer header whose encoding begins with the known segment's characters: a duplicate kid.
    String longer = HEADER.substring(0, HEADER.length() - 1) + ",\"kid\":\"a-rsa-1\"}";
    assertThat(Tokens.b64(longer)).startsWith(Tokens.b64(HEADER).substring(0, Tokens.b64(HEADER).length() - 4));
    assertRejected(signed(longer, claims), Reason.MALFORMED);
    // A header naming another kid, and one with a non-string typ.
    assertRejected(signed("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-9\"}", claims), Reason.UNKNOWN_KEY);
    assertRejected(signed("{\"alg\":\"RS256\",\"typ\":1,\"kid\":\"a-rsa-1\"}", claims), Reason.MALFORMED);
    assertRejected(signed("{\"alg\":\"RS256\",\"typ\":\"JWT+x\",\"kid\":\"a-rsa-1\"}", claims), Reason.TYPE_MISMATCH);
  }

  @Test
  void authenticateWhenMoreDistinctHeadersThanRememberedThenEachStillVerifies() {
    String claims = Tokens.json(Tokens.fixtureClaims());
    for (int round = 0; round < 3; round++) {
      for (int extra = 0; extra < 9; extra++) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\",\"x\":" + extra + "}";
        assertThat(authenticator.authenticate(signed(header, claims)).subject()).isEqualTo("user-0001");
        assertRejected(signed(header.replace("at+jwt", "id+jwt"), claims), Reason.TYPE_MISMATCH);
      }
    }
  }
}
