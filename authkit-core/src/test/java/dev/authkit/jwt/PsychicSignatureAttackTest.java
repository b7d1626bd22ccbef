package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.internal.jwt.EcdsaSignatures;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-03: ECDSA "psychic signatures" (CVE-2022-21449, r = s = 0) and other out-of-range or
 * wrongly shaped ECDSA signatures. authkit range-checks r and s itself (RFC 7518 §3.4), so the
 * outcome does not depend on the JDK being patched: the rejection message proves authkit's own
 * check fired before the JCA was asked.
 */
class PsychicSignatureAttackTest {

  /** P-256 group order n. */
  private static final BigInteger P256_N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final String HEADER = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}";
  private static final String OWN_CHECK = "r, s out of range";

  private static String signingInput() {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("sub", "admin-0001");
    return Tokens.b64(HEADER) + "." + Tokens.b64(Tokens.json(claims));
  }

  private static String p1363(BigInteger r, BigInteger s, int length) {
    byte[] signature = new byte[2 * length];
    byte[] rBytes = unsigned(r, length);
    byte[] sBytes = unsigned(s, length);
    System.arraycopy(rBytes, 0, signature, 0, length);
    System.arraycopy(sBytes, 0, signature, length, length);
    return Tokens.b64(signature);
  }

  private static byte[] unsigned(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  static Stream<Arguments> forgedSignatures() {
    String realSignature = Tokens.signature(TestKeys.A_EC_1, JWSAlgorithm.ES256, signingInput());
    byte[] real = new Base64URL(realSignature).decode();
    String der;
    try {
      der = Tokens.b64(ECDSA.transcodeSignatureToDER(real));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Stream.of(
        Arguments.of("a 64 zero bytes", "A".repeat(86), true),
        Arguments.of("b DER SEQUENCE{0,0}", "MAYCAQACAQA", false),
        Arguments.of("c r = s = n", "_____wAAAAD__________7zm-q2nF56E87nKwvxjJVH_____AAAAAP__________vOb6racXnoTzucrC_GMlUQ",
            true),
        Arguments.of("c' r = s = n computed", p1363(P256_N, P256_N, 32), true),
        Arguments.of("d r = 0, s = 1", p1363(BigInteger.ZERO, BigInteger.ONE, 32), true),
        Arguments.of("d' r = 1, s = 0", p1363(BigInteger.ONE, BigInteger.ZERO, 32), true),
        Arguments.of("r = n, s = real s", p1363(P256_N, new BigInteger(1, Arrays.copyOfRange(real, 32, 64)), 32), true),
        Arguments.of("e 63-byte signature", Tokens.b64(Arrays.copyOf(real, 63)), false),
        Arguments.of("e' 65-byte signature", Tokens.b64(Arrays.copyOf(real, 65)), false),
        Arguments.of("f the real signature DER-encoded", der, false));
  }

  @ParameterizedTest(name = "BR-03 ES256 {0}")
  @MethodSource("forgedSignatures")
  void authenticateWhenEcdsaSignatureOutOfRangeThenBadSignature(String variant, String signature,
      boolean rangeCase) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    String input = signingInput();
    assertAccepted(authenticator, input + "." + Tokens.signature(TestKeys.A_EC_1, JWSAlgorithm.ES256, input));

    CredentialRejectedException rejection =
        assertRejected(authenticator, input + "." + signature, Reason.BAD_SIGNATURE, Reason.MALFORMED);

    if (rangeCase) {
      // authkit's own [1, n-1] check decided, not the JDK's ECDSA implementation.
      assertThat(rejection.getMessage()).contains(OWN_CHECK);
    }
  }

  @Test
  void authenticateWhenEs512SignatureAllZeroThenBadSignature() {
    ECKey p521 = TestKeys.ec("a-ec-521", Curve.P_521, JWSAlgorithm.ES512);
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().build();
    JwtAuthenticator es512 = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(p521))).clock(AttackFixture.CLOCK_T0)
        .algorithms(JWSAlgorithm.ES512).build();
    String input = Tokens.b64("{\"alg\":\"ES512\"}") + "." + Tokens.b64(Tokens.json(Tokens.fixtureClaims()));
    assertAccepted(es512, input + "." + Tokens.signature(p521, JWSAlgorithm.ES512, input));
    assertAccepted(authenticator, Tokens.fixture());

    CredentialRejectedException rejection = assertRejected(es512, input + "." + "A".repeat(176), Reason.BAD_SIGNATURE);
    assertThat(rejection.getMessage()).contains(OWN_CHECK);
    // Under the CASES.md allow-list (no ES512) the same token stops at the allow-list.
    assertRejected(AttackFixture.authenticator(), input + "." + "A".repeat(176), Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void inRangeWhenBoundaryValuesThenOnlyOneToNMinusOneAccepted() {
    // The guard itself, independent of any JDK: r, s in [1, n-1] and exactly 64 bytes for P-256.
    BigInteger nMinusOne = P256_N.subtract(BigInteger.ONE);
    assertThat(EcdsaSignatures.inRange(
        new Base64URL(p1363(BigInteger.ONE, nMinusOne, 32)).decode(), P256_N)).isTrue();
    assertThat(EcdsaSignatures.inRange(
        new Base64URL(p1363(BigInteger.ZERO, BigInteger.ZERO, 32)).decode(), P256_N)).isFalse();
    assertThat(EcdsaSignatures.inRange(
        new Base64URL(p1363(nMinusOne, P256_N, 32)).decode(), P256_N)).isFalse();
    assertThat(EcdsaSignatures.inRange(new byte[63], P256_N)).isFalse();
  }
}
