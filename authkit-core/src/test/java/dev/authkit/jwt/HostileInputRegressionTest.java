package dev.authkit.jwt;

import static dev.authkit.jwt.JwtAuthenticatorTest.assertRejected;
import static dev.authkit.testing.Tokens.AUDIENCE;
import static dev.authkit.testing.Tokens.ISSUER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.AuthEvent;
import dev.authkit.Reason;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults found by a hostile review of the core verifier; each test names the kind of fault it pins. */
class HostileInputRegressionTest {

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final JwtAuthenticator authenticator = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE)
      .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).clock(clock).addEventListener(events::add)
      .build();

  /** Small-order (and non-canonical) Ed25519 public keys let anyone forge signatures: refuse the key. */
  @ParameterizedTest
  @ValueSource(strings = {
      "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   // identity, order 1
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   // order 4
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIA",   // order 4, sign bit set
      "7P_______________________________________38",   // p-1, order 2
      "7f_______________________________________38",   // p, non-canonical zero
      "xxdqcD1N2E-6PAt2DRBnDyogU_osOczGTsf9d5KsA3o",   // order 8
      "JuiVj8KyJ7BFw_SJ8u-Y8NXfrAXTxjM5sTgCiG1T_AU"})  // order 8
  void authenticateWhenEd25519KeyHasSmallOrderThenKeyRejectedAndForgeryRefused(String x) {
    String jwks = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"d1\",\"x\":\"" + x + "\"},"
        + TestKeys.A_ED_1.publicJwk().toJSONString() + "]}";
    JwtAuthenticator ed = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
        .addEventListener(events::add).keySource(StaticKeys.fromJwkSetJson(jwks)).build();
    String claims = Tokens.json(Tokens.fixtureClaims());
    String good = Tokens.signEd25519(TestKeys.A_ED_1, "{\"alg\":\"EdDSA\",\"kid\":\"a-ed-1\"}", claims);
    assertThat(ed.authenticate(good).subject()).isEqualTo("user-0001");
    byte[] signature = new byte[64];
    signature[0] = 1;
    String forged = Tokens.b64("{\"alg\":\"EdDSA\",\"kid\":\"d1\"}") + "." + Tokens.b64(claims) + "." + Tokens.b64(signature);
    assertRejected(() -> ed.authenticate(forged), Reason.KEY_REJECTED);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo(AuthEvent.Type.KEY_REJECTED);
      assertThat(e.keyId()).contains("d1");
    });
  }

  /** A megabyte of garbage is never hashed for its failure fingerprint: the rejection stays cheap. */
  @Test
  void authenticateWhenOversizedThenFingerprintIsLengthOnly() {
    String huge = "a".repeat(1_000_000);
    assertRejected(() -> authenticator.authenticate(huge), Reason.TOO_LARGE);
    assertThat(events.get(events.size() - 1).credentialFingerprint()).contains("<oversized: 1000000 chars>");
    assertRejected(() -> authenticator.authenticate("abc.def.ghi"), Reason.MALFORMED);
    assertThat(events.get(events.size() - 1).credentialFingerprint().orElseThrow()).matches("…#[0-9a-f]{8}");
  }

  /** Unverified header values must not forge log lines: control and bidi characters are escaped. */
  @Test
  void eventWhenKidHoldsControlCharactersThenEscapedAndBounded() {
    String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("kid", "KID\n<script>\u202e" + "x".repeat(500)));
    assertRejected(() -> authenticator.authenticate(token), Reason.UNKNOWN_KEY);
    AuthEvent failure = events.get(events.size() - 1);
    assertThat(failure.keyId().orElseThrow()).doesNotContain("\n").doesNotContain("\u202e").hasSizeLessThanOrEqualTo(80);
    assertThat(failure.toString()).doesNotContain("\n");
  }

  /** A subject or client id with control or line-separator characters would open the application's own logs to injection. */
  @ParameterizedTest
  @ValueSource(strings = {"alice\nFAKE LOG LINE", "ali\u0000ce", "bob\u2028x", "bob\u001b[31m"})
  void authenticateWhenSubjectOrClientHoldsControlCharactersThenInvalidClaim(String value) {
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("sub", value))),
        Reason.INVALID_CLAIM);
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("client_id", value))),
        Reason.INVALID_CLAIM);
  }

  @Test
  void principalToStringWhenRoleHoldsBidiOverrideThenEscaped() {
    String token = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("admin\u202euser")));
    assertThat(authenticator.authenticate(token).roles()).contains("admin\u202euser");
    assertThat(authenticator.authenticate(token).toString()).doesNotContain("\u202e")
        .contains("admin\\u202euser");
  }

  /** Every extreme NumericDate, including Long.MIN_VALUE, is a typed INVALID_CLAIM. */
  @ParameterizedTest
  @ValueSource(strings = {"exp", "nbf", "iat"})
  void authenticateWhenTimeClaimIsLongMinOrMaxThenInvalidClaim(String claim) {
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put(claim, Long.MIN_VALUE))),
        Reason.INVALID_CLAIM);
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put(claim, Long.MAX_VALUE))),
        Reason.INVALID_CLAIM);
    assertThat(authenticator.authenticate(Tokens.fixture())).isNotNull();
  }

  @Test
  void builderWhenDurationsAbsurdThenRefused() {
    assertThatThrownBy(() -> JwtAuthenticator.builder().insecureAllowMissingExpiration(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAuthenticator.builder().maxTokenLifetime(Duration.ofDays(10_000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A role path whose intermediate member has the wrong type is INVALID_CLAIM, never silently no roles. */
  @Test
  void authenticateWhenRolePathCrossesNonObjectThenInvalidClaim() {
    JwtAuthenticator keycloak = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1)))
        .claimMapper(ClaimMapper.builder().rolesFrom("realm_access.roles").build()).build();
    assertThat(keycloak.authenticate(Tokens.fixtureWithClaims(c -> c.put("realm_access", Map.of("roles", List.of("a")))))
        .roles()).containsExactly("a");
    assertThat(keycloak.authenticate(Tokens.fixture()).roles()).isEmpty();
    assertRejected(() -> keycloak.authenticate(Tokens.fixtureWithClaims(c -> c.put("realm_access", "str"))),
        Reason.INVALID_CLAIM);
    assertRejected(() -> keycloak.authenticate(Tokens.fixtureWithClaims(c -> c.put("realm_access",
        List.of(Map.of("roles", List.of("a")))))), Reason.INVALID_CLAIM);
    assertThatThrownBy(() -> ClaimMapper.builder().rolesFrom("a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClaimMapper.builder().rolesFrom(".a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticateWhenAnyIssuerModeAndIssNotStringThenInvalidClaim() {
    JwtAuthenticator any = JwtAuthenticator.builder().insecureAcceptAnyIssuer().audience(AUDIENCE).clock(clock)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).build();
    assertThat(any.authenticate(Tokens.fixture())).isNotNull();
    assertRejected(() -> any.authenticate(Tokens.fixtureWithClaims(c -> c.put("iss", 5))), Reason.INVALID_CLAIM);
  }

  /** Option messages never print secrets or array identities. */
  @Test
  void builderWhenSecretOptionSetTwiceThenMessageHasNoKeyDerivedValue() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, 0, 16, (byte) 7);
    SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
    assertThatThrownBy(() -> JwtAuthenticator.builder().hmacKey(key).hmacKey(key))
        .hasMessage("hmacKey was already set");
    assertThatThrownBy(() -> JwtAuthenticator.builder().algorithms(com.nimbusds.jose.JWSAlgorithm.RS256)
        .algorithms(com.nimbusds.jose.JWSAlgorithm.RS256)).hasMessage("algorithms was already set to [RS256]");
  }

  @Test
  void hmacKeyWhenAllBytesEqualThenRefused() {
    assertThatThrownBy(() -> JwtAuthenticator.builder().hmacKey(new SecretKeySpec(new byte[32], "HmacSHA256")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random");
  }

  @ParameterizedTest
  @ValueSource(strings = {"  ", "\t"})
  void authenticateWhenSubBlankThenInvalidClaim(String sub) {
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("sub", sub))),
        Reason.INVALID_CLAIM);
  }

  @Test
  void authenticateWhenIdentifiersEmptyThenInvalidClaimAndUnpairedSurrogateThenMalformed() {
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("tid", ""))),
        Reason.INVALID_CLAIM);
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("jti", ""))),
        Reason.INVALID_CLAIM);
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("sub", "SUBJECT");
    String escaped = Tokens.json(claims).replace("SUBJECT", "ali\\ud800ce");
    String lone = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()), escaped);
    // Refused by the JSON rules already (RFC 8259 §8.2: no unpaired surrogate in any string), before
    // the subject's own check, so in every claim alike.
    assertRejected(() -> authenticator.authenticate(lone), Reason.MALFORMED);
    String paired = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()),
        Tokens.json(claims).replace("SUBJECT", "ali\\ud83d\\ude00ce"));
    assertThat(authenticator.authenticate(paired).subject()).isEqualTo("ali\ud83d\ude00ce");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\tb", "a\u00a0b", "a\"b", "a\\b"})
  void authenticateWhenScopeTokenHasForbiddenCharacterThenInvalidClaim(String scope) {
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("scope", scope))),
        Reason.INVALID_CLAIM);
  }

  @Test
  void builderWhenIssuerHasSurroundingWhitespaceThenRefused() {
    assertThatThrownBy(() -> JwtAuthenticator.builder().issuer(" https://iss.example "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrustedIssuer.builder("https://iss.example\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAuthenticator.builder().audience("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAuthenticator.builder().audience()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromPemWhenTextHoldsPrivateKeyThenRefused() throws Exception {
    String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"
        + "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(
            TestKeys.A_RSA_1.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    assertThatThrownBy(() -> StaticKeys.fromPem(pem, "k")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private key");
  }

  @Test
  void authenticateWhenHeaderHasZipOrPayloadHasBomThenRejected() {
    String zipped = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("zip", "DEF"));
    assertRejected(() -> authenticator.authenticate(zipped), Reason.UNSUPPORTED_TOKEN_FORMAT);
    String bom = Tokens.sign(TestKeys.A_RSA_1, "\ufeff" + Tokens.json(Tokens.fixtureHeader()),
        Tokens.json(Tokens.fixtureClaims()));
    assertRejected(() -> authenticator.authenticate(bom), Reason.MALFORMED);
    String bomPayload = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()),
        "\ufeff" + Tokens.json(Tokens.fixtureClaims()));
    assertRejected(() -> authenticator.authenticate(bomPayload), Reason.MALFORMED);
  }

  @Test
  void fromPublicKeyWhenEcPointOffCurveThenIllegalArgument() throws Exception {
    java.security.interfaces.ECPublicKey real = TestKeys.A_EC_1.toECPublicKey();
    java.security.spec.ECPoint off = new java.security.spec.ECPoint(real.getW().getAffineX(),
        real.getW().getAffineY().add(java.math.BigInteger.ONE));
    java.security.interfaces.ECPublicKey bad = new java.security.interfaces.ECPublicKey() {
      @Override
      public java.security.spec.ECPoint getW() {
        return off;
      }

      @Override
      public String getAlgorithm() {
        return "EC";
      }

      @Override
      public String getFormat() {
        return "X.509";
      }

      @Override
      public byte[] getEncoded() {
        return new byte[0];
      }

      @Override
      public java.security.spec.ECParameterSpec getParams() {
        return real.getParams();
      }
    };
    assertThatThrownBy(() -> StaticKeys.fromPublicKey(bad, "k")).isInstanceOf(IllegalArgumentException.class);
    assertThat(StaticKeys.of(new JWKSet(TestKeys.A_EC_1.toPublicJWK())).keys().getKeys()).hasSize(1);
  }
}
