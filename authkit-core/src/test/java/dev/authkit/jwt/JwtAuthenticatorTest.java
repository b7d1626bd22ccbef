package dev.authkit.jwt;

import static dev.authkit.testing.Tokens.AUDIENCE;
import static dev.authkit.testing.Tokens.ISSUER_A;
import static dev.authkit.testing.Tokens.ISSUER_B;
import static dev.authkit.testing.Tokens.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.AuthEvent;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of {@link JwtAuthenticator}, each beside its positive control. */
class JwtAuthenticatorTest {

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  private JwtAuthenticator.Builder issuerA() {
    return JwtAuthenticator.builder()
        .issuer(ISSUER_A)
        .audience(AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1)))
        .clock(clock)
        .addEventListener(events::add);
  }

  private final JwtAuthenticator authenticator = issuerA().build();

  static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(reason));
  }

  private void assertClaimsRejected(Consumer<Map<String, Object>> change, Reason reason) {
    assertThat(authenticator.authenticate(Tokens.fixture()).subject()).isEqualTo("user-0001");
    assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(change)), reason);
  }

  private AuthPrincipal acceptWithClaims(Consumer<Map<String, Object>> change) {
    return authenticator.authenticate(Tokens.fixtureWithClaims(change));
  }

  @Nested
  class Builder {

    @Test
    void buildWhenNothingConfiguredThenNamesEveryMissingItem() {
      assertThatThrownBy(() -> JwtAuthenticator.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("issuer must be configured: call issuer(..) or insecureAcceptAnyIssuer()")
          .hasMessageContaining("audience must be configured: call audience(..) or insecureAcceptAnyAudience()")
          .hasMessageContaining("keys must be configured: call keySource(..) or hmacKey(..)");
    }

    @Test
    void buildWhenOnlyAudienceMissingThenNamesOnlyAudience() {
      assertThatThrownBy(() -> JwtAuthenticator.builder().issuer(ISSUER_A)
              .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("audience must be configured")
          .hasMessageNotContaining("issuer must be configured")
          .hasMessageNotContaining("keys must be configured");
      assertThat(issuerA().build()).isNotNull();
    }

    @Test
    void optionWhenSetTwiceThenThrowsNamingCurrentValue() {
      assertThatThrownBy(() -> JwtAuthenticator.builder().issuer(ISSUER_A).issuer(ISSUER_B))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer was already set");
      assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ZERO).clockSkew(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("clockSkew was already set to PT0S");
    }

    @Test
    void clockSkewWhenNegativeOrOverFiveMinutesThenRefused() {
      assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofSeconds(301)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(JwtAuthenticator.builder().clockSkew(Duration.ofMinutes(5))).isNotNull();
    }

    @Test
    void hmacKeyWhenShorterThan32BytesThenRefused() {
      assertThatThrownBy(() -> JwtAuthenticator.builder().hmacKey(new SecretKeySpec(new byte[31], "HmacSHA256")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void algorithmsWhenHmacWithoutKeyThenRefused() {
      assertThatThrownBy(() -> issuerA().algorithms(JWSAlgorithm.HS256).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("HS256 needs hmacKey");
    }

    @Test
    void algorithmsWhenNoneOrUnsupportedThenRefused() {
      assertThatThrownBy(() -> TrustedIssuer.builder(ISSUER_A).algorithms(new JWSAlgorithm("none")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TrustedIssuer.builder(ISSUER_A).algorithms(JWSAlgorithm.ES256K))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildWhenTwoIssuersShareIssThenRefused() {
      TrustedIssuer again = TrustedIssuer.builder(ISSUER_A).audience(AUDIENCE)
          .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.B_RSA_1))).build();
      assertThatThrownBy(() -> issuerA().trustedIssuer(again).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("configured twice");
    }

    @Test
    void toStringWhenBuiltThenHoldsNoKeyMaterial() {
      byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
      JwtAuthenticator hmac = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE)
          .hmacKey(new SecretKeySpec(secret, "HmacSHA256")).build();
      assertThat(hmac.toString()).contains(ISSUER_A).doesNotContain("0123456789abcdef");
    }
  }

  @Nested
  class Signature {

    @Test
    void authenticateWhenSignatureTamperedThenBadSignature() {
      String token = Tokens.fixture();
      assertThat(authenticator.authenticate(token).subject()).isEqualTo("user-0001");
      char last = token.charAt(token.length() - 2);
      String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
      assertRejected(() -> authenticator.authenticate(tampered), Reason.BAD_SIGNATURE);
    }

    @Test
    void authenticateWhenPayloadTamperedThenBadSignature() {
      String token = Tokens.fixture();
      String[] parts = token.split("\\.");
      String forged = parts[0] + "." + Tokens.b64(Tokens.json(Map.of("iss", ISSUER_A, "sub", "admin", "aud", AUDIENCE,
          "exp", T0 + 300))) + "." + parts[2];
      assertRejected(() -> authenticator.authenticate(forged), Reason.BAD_SIGNATURE);
    }

    @Test
    void authenticateWhenEs256ThenVerifiesAndRangeChecksSignature() {
      String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}";
      String good = Tokens.sign(TestKeys.A_EC_1, header, Tokens.json(Tokens.fixtureClaims()));
      assertThat(authenticator.authenticate(good).subject()).isEqualTo("user-0001");
      String signingInput = good.substring(0, good.lastIndexOf('.'));
      assertRejected(() -> authenticator.authenticate(signingInput + "." + "A".repeat(86)), Reason.BAD_SIGNATURE);
    }

    @Test
    void authenticateWhenEd25519WithoutTinkThenVerifiesThroughJdk() {
      JwtAuthenticator ed = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .keySource(StaticKeys.of(new com.nimbusds.jose.jwk.JWKSet(TestKeys.A_ED_1.publicJwk()))).build();
      String header = "{\"alg\":\"EdDSA\",\"kid\":\"a-ed-1\"}";
      String token = Tokens.signEd25519(TestKeys.A_ED_1, header, Tokens.json(Tokens.fixtureClaims()));
      assertThat(ed.authenticate(token).subject()).isEqualTo("user-0001");
      String other = Tokens.signEd25519(TestKeys.ed25519("a-ed-1"), header, Tokens.json(Tokens.fixtureClaims()));
      assertRejected(() -> ed.authenticate(other), Reason.BAD_SIGNATURE);
    }

    @Test
    void authenticateWhenHmacWithConfiguredSecretThenAcceptedAndOtherSecretRejected() {
      byte[] secret = new byte[32];
      for (int i = 0; i < secret.length; i++) {
        secret[i] = (byte) (i * 7 + 1);
      }
      JwtAuthenticator hmac = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .hmacKey(new SecretKeySpec(secret, "HmacSHA256")).build();
      String header = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}";
      assertThat(hmac.authenticate(Tokens.signHmac(secret, header, Tokens.json(Tokens.fixtureClaims()))).subject())
          .isEqualTo("user-0001");
      byte[] other = secret.clone();
      other[0] ^= 1;
      assertRejected(() -> hmac.authenticate(Tokens.signHmac(other, header, Tokens.json(Tokens.fixtureClaims()))),
          Reason.BAD_SIGNATURE);
      String hs512 = Tokens.signHmac(new byte[64], "{\"alg\":\"HS512\"}", Tokens.json(Tokens.fixtureClaims()));
      assertRejected(() -> hmac.authenticate(hs512), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void authenticateWhenHmacButOnlyAsymmetricConfiguredThenAlgorithmNotAllowed() {
      String token = Tokens.signHmac(new byte[32], "{\"alg\":\"HS256\",\"kid\":\"a-rsa-1\"}",
          Tokens.json(Tokens.fixtureClaims()));
      assertRejected(() -> authenticator.authenticate(token), Reason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Nested
  class KeySelection {

    @Test
    void authenticateWhenKidUnknownThenUnknownKey() {
      assertThat(authenticator.authenticate(Tokens.fixture())).isNotNull();
      String token = Tokens.fixtureWithHeader(TestKeys.X_RSA, header -> header.put("kid", "x-1"));
      assertRejected(() -> authenticator.authenticate(token), Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateWhenNoKidAndOneKeyFitsAlgThenVerified() {
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> header.remove("kid"));
      assertThat(authenticator.authenticate(token).subject()).isEqualTo("user-0001");
    }

    @Test
    void authenticateWhenNoKidAndTwoKeysFitAlgThenUnknownKey() {
      JwtAuthenticator two = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.B_RSA_1))).build();
      assertThat(two.authenticate(Tokens.fixture())).isNotNull();
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> header.remove("kid"));
      assertRejected(() -> two.authenticate(token), Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateWhenKeyDeclaresOtherAlgThenAlgorithmNotAllowed() {
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> header.put("alg", "PS256"));
      assertRejected(() -> authenticator.authenticate(token), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void authenticateWhenKeyTypeDoesNotFitAlgThenAlgorithmNotAllowed() {
      String token = Tokens.fixtureWithHeader(TestKeys.A_EC_1, header -> {
        header.put("alg", "ES256");
        header.put("kid", "a-rsa-1");
      });
      assertRejected(() -> authenticator.authenticate(token), Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void authenticateWhenHeaderCarriesJwkThenHeaderKeyIgnored() {
      String token = Tokens.fixtureWithHeader(TestKeys.X_RSA, header -> {
        header.put("kid", "x-1");
        header.put("jwk", TestKeys.X_RSA.toPublicJWK().toJSONObject());
      });
      assertRejected(() -> authenticator.authenticate(token), Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateWhenSetHasRefusedKeyThenKeyRejectedAndOthersStillWork() {
      JwtAuthenticator mixed = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .addEventListener(events::add)
          .keySource(StaticKeys.of(new com.nimbusds.jose.jwk.JWKSet(List.of(
              TestKeys.A_RSA_1.toPublicJWK(), TestKeys.rsa("weak", 1024, null).toPublicJWK(),
              TestKeys.B_RSA_1 /* private parts */))))
          .build();
      assertThat(mixed.authenticate(Tokens.fixture()).subject()).isEqualTo("user-0001");
      String weak = Tokens.fixtureWithHeader(TestKeys.rsa("weak", 2048, null), header -> header.put("kid", "weak"));
      assertRejected(() -> mixed.authenticate(weak), Reason.KEY_REJECTED);
      assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_REJECTED)
          .extracting(e -> e.keyId().orElse(null), AuthEvent::severity)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("weak", AuthEvent.Severity.WARNING),
              org.assertj.core.groups.Tuple.tuple("b-rsa-1", AuthEvent.Severity.ALERT));
    }

    @Test
    void authenticateWhenKeySourceFailsThenKeysUnavailable() {
      JwtAuthenticator failing = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .keySource(() -> {
            throw new IllegalStateException("boom");
          }).build();
      assertThatThrownBy(() -> failing.authenticate(Tokens.fixture()))
          .isInstanceOf(VerificationUnavailableException.class)
          .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE));
    }
  }

  @Nested
  class Issuers {

    private final JwtAuthenticator twoIssuers = issuerA()
        .trustedIssuer(TrustedIssuer.builder(ISSUER_B).audience(AUDIENCE)
            .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.B_RSA_1))).build())
        .build();

    private String issuerBToken(com.nimbusds.jose.jwk.JWK key, String kid) {
      Map<String, Object> claims = Tokens.fixtureClaims();
      claims.put("iss", ISSUER_B);
      return Tokens.sign(key, "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", Tokens.json(claims));
    }

    @Test
    void authenticateWhenEachIssuerSignsWithItsOwnKeyThenBothAccepted() {
      assertThat(twoIssuers.authenticate(Tokens.fixture()).issuer()).contains(ISSUER_A);
      assertThat(twoIssuers.authenticate(issuerBToken(TestKeys.B_RSA_1, "b-rsa-1")).issuer()).contains(ISSUER_B);
    }

    @Test
    void authenticateWhenIssuerAClaimedWithIssuerBKeyThenUnknownKey() {
      String token = Tokens.fixtureWithHeader(TestKeys.B_RSA_1, header -> header.put("kid", "b-rsa-1"));
      assertRejected(() -> twoIssuers.authenticate(token), Reason.UNKNOWN_KEY);
    }

    @Test
    void authenticateWhenIssuerUntrustedThenIssuerMismatchWithoutTouchingKeys() {
      List<String> calls = new ArrayList<>();
      JwtAuthenticator counting = JwtAuthenticator.builder().issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
          .keySource(() -> {
            calls.add("keys");
            return TestKeys.publicSet(TestKeys.A_RSA_1);
          }).build();
      assertThat(counting.authenticate(Tokens.fixture())).isNotNull();
      calls.clear();
      String token = Tokens.fixtureWithClaims(claims -> claims.put("iss", "https://issuer-c.example"));
      assertRejected(() -> counting.authenticate(token), Reason.ISSUER_MISMATCH);
      assertThat(calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://issuer-a.example/", "HTTPS://issuer-a.example", "https://issuer-a.example "})
    void authenticateWhenIssuerDiffersByOneCharacterThenIssuerMismatch(String iss) {
      assertClaimsRejected(claims -> claims.put("iss", iss), Reason.ISSUER_MISMATCH);
    }

    @Test
    void authenticateWhenIssMissingOrNotStringThenMissingOrInvalid() {
      assertClaimsRejected(claims -> claims.remove("iss"), Reason.MISSING_CLAIM);
      assertClaimsRejected(claims -> claims.put("iss", List.of(ISSUER_A)), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenAnyIssuerAllowedThenIssNotChecked() {
      JwtAuthenticator any = JwtAuthenticator.builder().insecureAcceptAnyIssuer().audience(AUDIENCE).clock(clock)
          .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).build();
      assertThat(any.authenticate(Tokens.fixtureWithClaims(claims -> claims.put("iss", "https://else.example")))
          .issuer()).contains("https://else.example");
      assertThatThrownBy(() -> JwtAuthenticator.builder().insecureAcceptAnyIssuer().audience(AUDIENCE)
          .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1)))
          .trustedIssuer(TrustedIssuer.builder(ISSUER_B).audience(AUDIENCE)
              .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.B_RSA_1))).build())
          .build()).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Time {

    @Test
    void authenticateWhenExpEqualsNowAtSkewZeroThenExpired() {
      JwtAuthenticator strict = issuerA().clockSkew(Duration.ZERO).build();
      assertThat(strict.authenticate(Tokens.fixtureWithClaims(c -> c.put("exp", T0 + 1)))).isNotNull();
      assertRejected(() -> strict.authenticate(Tokens.fixtureWithClaims(c -> c.put("exp", T0))), Reason.EXPIRED);
    }

    @Test
    void authenticateWhenNbfEqualsNowAtSkewZeroThenAccepted() {
      JwtAuthenticator strict = issuerA().clockSkew(Duration.ZERO).build();
      assertThat(strict.authenticate(Tokens.fixtureWithClaims(c -> c.put("nbf", T0)))).isNotNull();
      assertRejected(() -> strict.authenticate(Tokens.fixtureWithClaims(c -> c.put("nbf", T0 + 1))),
          Reason.NOT_YET_VALID);
    }

    @Test
    void authenticateWhenAtDefaultSkewThenBoundariesAsDesigned() {
      assertThat(acceptWithClaims(c -> c.put("exp", T0 - 59))).isNotNull();
      assertClaimsRejected(c -> c.put("exp", T0 - 60), Reason.EXPIRED);
      assertThat(acceptWithClaims(c -> c.put("nbf", T0 + 60))).isNotNull();
      assertClaimsRejected(c -> c.put("nbf", T0 + 61), Reason.NOT_YET_VALID);
      assertThat(acceptWithClaims(c -> c.put("iat", T0 + 60))).isNotNull();
      assertClaimsRejected(c -> c.put("iat", T0 + 61), Reason.ISSUED_IN_FUTURE);
    }

    @Test
    void authenticateWhenClockAdvancesPastExpThenExpired() {
      String token = Tokens.fixture();
      assertThat(authenticator.authenticate(token)).isNotNull();
      clock.advance(Duration.ofSeconds(360));
      assertRejected(() -> authenticator.authenticate(token), Reason.EXPIRED);
    }

    @Test
    void authenticateWhenExpMissingThenMissingClaimUnlessOptedOutWithMaxAge() {
      assertClaimsRejected(c -> c.remove("exp"), Reason.MISSING_CLAIM);
      JwtAuthenticator lenient = issuerA().insecureAllowMissingExpiration(Duration.ofMinutes(10)).build();
      assertThat(lenient.authenticate(Tokens.fixtureWithClaims(c -> c.remove("exp")))).isNotNull();
      assertRejected(() -> lenient.authenticate(Tokens.fixtureWithClaims(c -> {
        c.remove("exp");
        c.put("iat", T0 - 3600);
      })), Reason.LIFETIME_TOO_LONG);
      assertRejected(() -> lenient.authenticate(Tokens.fixtureWithClaims(c -> {
        c.remove("exp");
        c.remove("iat");
      })), Reason.MISSING_CLAIM);
    }

    @Test
    void authenticateWhenLifetimeOverMaximumThenLifetimeTooLong() {
      JwtAuthenticator capped = issuerA().maxTokenLifetime(Duration.ofMinutes(10)).build();
      assertThat(capped.authenticate(Tokens.fixture())).isNotNull();
      assertRejected(() -> capped.authenticate(Tokens.fixtureWithClaims(c -> c.put("exp", T0 + 3600))),
          Reason.LIFETIME_TOO_LONG);
      assertRejected(() -> capped.authenticate(Tokens.fixtureWithClaims(c -> c.remove("iat"))),
          Reason.MISSING_CLAIM);
    }

    @Test
    void authenticateWhenTimeClaimsHaveWrongTypeThenInvalidClaim() {
      assertClaimsRejected(c -> c.put("exp", "1700000300"), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("exp", true), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("exp", List.of(T0 + 300)), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("exp", 1e300), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("nbf", "1800000000"), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("iat", Map.of()), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenExpFractionalThenComparedExactly() {
      assertThat(acceptWithClaims(c -> c.put("exp", 1700000300.5)).expiresAt())
          .contains(Instant.ofEpochSecond(T0 + 300, 500_000_000));
      assertClaimsRejected(c -> c.put("exp", 1699999939.9), Reason.EXPIRED);
      assertThat(acceptWithClaims(c -> c.put("exp", 1699999940.1))).isNotNull();
    }
  }

  @Nested
  class Claims {

    @Test
    void authenticateWhenAudienceArrayContainsOursThenAccepted() {
      assertThat(acceptWithClaims(c -> c.put("aud", List.of("other", AUDIENCE))).audience())
          .containsExactly("other", AUDIENCE);
    }

    @Test
    void authenticateWhenAudienceWrongMissingOrMistypedThenRejected() {
      assertClaimsRejected(c -> c.put("aud", "other"), Reason.AUDIENCE_MISMATCH);
      assertClaimsRejected(c -> c.put("aud", List.of()), Reason.AUDIENCE_MISMATCH);
      assertClaimsRejected(c -> c.put("aud", AUDIENCE.toUpperCase()), Reason.AUDIENCE_MISMATCH);
      assertClaimsRejected(c -> c.remove("aud"), Reason.MISSING_CLAIM);
      assertClaimsRejected(c -> c.put("aud", 123), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("aud", List.of(List.of(AUDIENCE))), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenAnyAudienceAllowedThenAudNotRequired() {
      JwtAuthenticator any = JwtAuthenticator.builder().issuer(ISSUER_A).insecureAcceptAnyAudience().clock(clock)
          .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).build();
      assertThat(any.authenticate(Tokens.fixtureWithClaims(c -> c.put("aud", "other"))).audience())
          .containsExactly("other");
      assertThat(any.authenticate(Tokens.fixtureWithClaims(c -> c.remove("aud"))).audience()).isEmpty();
    }

    @Test
    void authenticateWhenSubMissingOrMistypedThenRejected() {
      assertClaimsRejected(c -> c.remove("sub"), Reason.MISSING_CLAIM);
      assertClaimsRejected(c -> c.put("sub", ""), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("sub", 42), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenSubMissingAndOptedOutThenSubjectIsClient() {
      JwtAuthenticator lenient = issuerA().insecureAllowMissingSubject().build();
      assertThat(lenient.authenticate(Tokens.fixtureWithClaims(c -> c.remove("sub"))).subject())
          .isEqualTo("client-0001");
      assertRejected(() -> lenient.authenticate(Tokens.fixtureWithClaims(c -> {
        c.remove("sub");
        c.remove("client_id");
      })), Reason.MISSING_CLAIM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT", "Application/AT+JWT", "JWT", "jwt"})
    void authenticateWhenTypIsAccessTokenOrJwtThenAccepted(String typ) {
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> header.put("typ", typ));
      assertThat(authenticator.authenticate(token)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout+jwt", "dpop+jwt", "secevent+jwt", "JOSE", ""})
    void authenticateWhenTypIsOtherThenTypeMismatch(String typ) {
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> header.put("typ", typ));
      assertRejected(() -> authenticator.authenticate(token), Reason.TYPE_MISMATCH);
    }

    @Test
    void authenticateWhenAccessTokenTypeRequiredThenJwtAndAbsentRejected() {
      JwtAuthenticator strict = issuerA().requireAccessTokenType().build();
      assertThat(strict.authenticate(Tokens.fixture())).isNotNull();
      assertRejected(() -> strict.authenticate(Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("typ", "JWT"))),
          Reason.TYPE_MISMATCH);
      assertRejected(() -> strict.authenticate(Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.remove("typ"))),
          Reason.TYPE_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "at_hash", "c_hash"})
    void authenticateWhenIdTokenMarkerPresentThenTypeMismatch(String marker) {
      assertClaimsRejected(c -> c.put(marker, "n-0001"), Reason.TYPE_MISMATCH);
    }

    @Test
    void authenticateWhenAuthTimePresentThenStillAnAccessToken() {
      assertThat(acceptWithClaims(c -> c.put("auth_time", T0 - 100))).isNotNull();
    }

    @Test
    void authenticateWhenCnfPresentThenSenderConstrained() {
      assertClaimsRejected(c -> c.put("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")),
          Reason.SENDER_CONSTRAINED);
    }

    @Test
    void authenticateWhenRequiredClaimMissingThenMissingClaim() {
      JwtAuthenticator requiring = issuerA().requireClaims("client_id", "tid").build();
      assertThat(requiring.authenticate(Tokens.fixtureWithClaims(c -> c.put("tid", "t1")))).isNotNull();
      assertRejected(() -> requiring.authenticate(Tokens.fixture()), Reason.MISSING_CLAIM);
    }

    @Test
    void authenticateWhenClaimRuleFailsOrThrowsThenInvalidClaimAndBuiltInChecksStillApply() {
      JwtAuthenticator ruled = issuerA()
          .claimRule(ClaimRule.of("acr is mfa", claims -> "mfa".equals(claims.get("acr"))))
          .claimRule(ClaimRule.of("never throws out", claims -> ((String) claims.get("acr")).length() > 0))
          .build();
      assertThat(ruled.authenticate(Tokens.fixtureWithClaims(c -> c.put("acr", "mfa")))).isNotNull();
      assertRejected(() -> ruled.authenticate(Tokens.fixtureWithClaims(c -> c.put("acr", "pwd"))),
          Reason.INVALID_CLAIM);
      assertRejected(() -> ruled.authenticate(Tokens.fixture()), Reason.INVALID_CLAIM);
      assertRejected(() -> ruled.authenticate(Tokens.fixtureWithClaims(c -> {
        c.put("acr", "mfa");
        c.put("exp", T0 - 3600);
      })), Reason.EXPIRED);
    }

    @Test
    void authenticateWhenJtiNotStringThenInvalidClaim() {
      assertClaimsRejected(c -> c.put("jti", 7), Reason.INVALID_CLAIM);
    }
  }

  @Nested
  class Mapping {

    @Test
    void authenticateWhenScopeStringAndScpArrayThenUnion() {
      AuthPrincipal principal = acceptWithClaims(c -> {
        c.put("scope", "orders:read  orders:write");
        c.put("scp", List.of("profile", "orders:read"));
      });
      assertThat(principal.scopes()).containsExactly("orders:read", "orders:write", "profile");
      assertThat(principal.hasScope("orders:write")).isTrue();
      assertThat(principal.hasScope("ORDERS:WRITE")).isFalse();
    }

    @Test
    void authenticateWhenScopeHasWrongTypeThenInvalidClaim() {
      assertClaimsRejected(c -> c.put("scope", 5), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("scp", List.of("a", 5)), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenRolesInNestedClaimsThenMappedFromConfiguredPaths() {
      JwtAuthenticator keycloak = issuerA().claimMapper(ClaimMapper.builder()
          .rolesFrom("realm_access.roles", "resource_access.orders-api.roles", "cognito:groups")
          .rolesFromPath("resource_access", "api.example.com", "roles")
          .tenantFrom("org")
          .build()).build();
      AuthPrincipal principal = keycloak.authenticate(Tokens.fixtureWithClaims(c -> {
        c.put("realm_access", Map.of("roles", List.of("user")));
        c.put("resource_access", Map.of("orders-api", Map.of("roles", List.of("admin")),
            "api.example.com", Map.of("roles", List.of("auditor"))));
        c.put("cognito:groups", List.of("ops"));
        c.put("roles", List.of("ignored"));
        c.put("org", "acme");
      }));
      assertThat(principal.roles()).containsExactlyInAnyOrder("user", "admin", "ops", "auditor");
      assertThat(principal.hasRole("admin")).isTrue();
      assertThat(principal.tenant()).contains("acme");
    }

    @Test
    void authenticateWhenDefaultMappingThenRolesFromRolesAndTenantFromTid() {
      AuthPrincipal principal = acceptWithClaims(c -> {
        c.put("roles", List.of("admin"));
        c.put("tid", "t1");
      });
      assertThat(principal.roles()).containsExactly("admin");
      assertThat(principal.tenant()).contains("t1");
      assertClaimsRejected(c -> c.put("tid", 1), Reason.INVALID_CLAIM);
      assertClaimsRejected(c -> c.put("roles", Map.of("a", 1)), Reason.INVALID_CLAIM);
    }

    @Test
    void authenticateWhenClientIdAbsentThenAzpIsClient() {
      assertThat(acceptWithClaims(c -> {
        c.remove("client_id");
        c.put("azp", "spa-1");
      }).clientId()).contains("spa-1");
    }

    @Test
    void principalWhenBuiltThenImmutableAndToStringLeavesOutClaims() {
      AuthPrincipal principal = acceptWithClaims(c -> c.put("email", "alice@example.com"));
      assertThat(principal.claims()).containsEntry("email", "alice@example.com");
      assertThatThrownBy(() -> principal.claims().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> principal.scopes().add("admin")).isInstanceOf(UnsupportedOperationException.class);
      assertThat(principal.toString()).contains("user-0001").doesNotContain("alice@example.com");
      assertThat(principal.getName()).isEqualTo("user-0001");
      assertThat(principal.authenticationMethod().authenticationScheme()).isEqualTo("Bearer");
      assertThat(principal).isEqualTo(authenticator.authenticate(
          Tokens.fixtureWithClaims(c -> c.put("email", "alice@example.com"))));
      assertThat(AuthenticationMethod.API_KEY.authenticationScheme()).isEqualTo("ApiKey");
    }
  }

  @Nested
  class Revocation {

    private final InMemoryRevocationList revocations = InMemoryRevocationList.create(clock);
    private final JwtAuthenticator revoking = issuerA().revocationList(revocations).build();

    @Test
    void authenticateWhenJtiRevokedThenRevoked() {
      assertThat(revoking.authenticate(Tokens.fixture())).isNotNull();
      revocations.revokeToken(ISSUER_A, "jti-0001", Instant.ofEpochSecond(T0 + 300));
      assertRejected(() -> revoking.authenticate(Tokens.fixture()), Reason.REVOKED);
      assertThat(revoking.authenticate(Tokens.fixtureWithClaims(c -> c.put("jti", "jti-0002")))).isNotNull();
      revocations.revokeToken(ISSUER_B, "jti-0002", Instant.ofEpochSecond(T0 + 300));
      assertThat(revoking.authenticate(Tokens.fixtureWithClaims(c -> c.put("jti", "jti-0002")))).isNotNull();
    }

    @Test
    void authenticateWhenSubjectRevokedBeforeIatThenOnlyOlderTokensRevoked() {
      revocations.revokeSubject(ISSUER_A, "user-0001", Instant.ofEpochSecond(T0 - 5));
      assertRejected(() -> revoking.authenticate(Tokens.fixture()), Reason.REVOKED);
      assertThat(revoking.authenticate(Tokens.fixtureWithClaims(c -> c.put("iat", T0 - 5)))).isNotNull();
      assertRejected(() -> revoking.authenticate(Tokens.fixtureWithClaims(c -> c.remove("iat"))), Reason.REVOKED);
      assertThat(revoking.authenticate(Tokens.fixtureWithClaims(c -> c.put("sub", "user-0002")))).isNotNull();
    }

    @Test
    void revocationListWhenTokenExpiresThenEntryForgotten() {
      revocations.revokeToken(ISSUER_A, "jti-0001", Instant.ofEpochSecond(T0 + 300));
      revocations.revokeSubject(ISSUER_A, "user-0001", Instant.ofEpochSecond(T0));
      assertThat(revocations.size()).isEqualTo(2);
      clock.advance(Duration.ofSeconds(301));
      assertThat(revocations.size()).isEqualTo(1);
      clock.advance(InMemoryRevocationList.DEFAULT_SUBJECT_RETENTION);
      assertThat(revocations.size()).isZero();
    }

    @Test
    void authenticateWhenRevocationListFailsThenStoreUnavailable() {
      RevocationList broken = new RevocationList() {
        @Override
        public void revokeToken(String issuer, String tokenId, Instant expiresAt) {}

        @Override
        public void revokeSubject(String issuer, String subject, Instant issuedBefore) {}

        @Override
        public boolean isRevoked(String issuer, String tokenId, String subject, Instant issuedAt) {
          throw new IllegalStateException("database down");
        }
      };
      JwtAuthenticator failing = issuerA().revocationList(broken).build();
      assertThatThrownBy(() -> failing.authenticate(Tokens.fixture()))
          .isInstanceOf(VerificationUnavailableException.class)
          .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
    }
  }

  @Nested
  class Events {

    @Test
    void authenticateWhenAcceptedOrRejectedThenOneEventEachWithoutToken() {
      String token = Tokens.fixture();
      authenticator.authenticate(token);
      assertRejected(() -> authenticator.authenticate(Tokens.fixtureWithClaims(c -> c.put("aud", "x"))),
          Reason.AUDIENCE_MISMATCH);

      assertThat(events).hasSize(2);
      AuthEvent success = events.get(0);
      assertThat(success.type()).isEqualTo(AuthEvent.Type.AUTHENTICATION_SUCCEEDED);
      assertThat(success.subject()).contains("user-0001");
      assertThat(success.keyId()).contains("a-rsa-1");
      AuthEvent failure = events.get(1);
      assertThat(failure.type()).isEqualTo(AuthEvent.Type.AUTHENTICATION_FAILED);
      assertThat(failure.reason()).contains(Reason.AUDIENCE_MISMATCH);
      assertThat(failure.subject()).isEmpty();
      assertThat(failure.issuer()).contains(ISSUER_A);
      for (AuthEvent event : events) {
        assertThat(event.toString()).doesNotContain(token.substring(20)).doesNotContain(token.split("\\.")[2]);
        assertThat(event.credentialFingerprint().orElseThrow()).matches("eyJhbG…#[0-9a-f]{8}");
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(T0));
      }
    }

    @Test
    void authenticateWhenListenerThrowsThenDecisionUnchanged() {
      JwtAuthenticator noisy = issuerA().addEventListener(event -> {
        throw new IllegalStateException("listener bug");
      }).build();
      assertThat(noisy.authenticate(Tokens.fixture())).isNotNull();
      assertRejected(() -> noisy.authenticate("garbage"), Reason.MALFORMED);
    }
  }

  @Nested
  class Format {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "a.b", "a.b.c.d", "a.b.c.d.e.f", "....", "eyJ.eyJ.===", "e y.J.x"})
    void authenticateWhenNotThreeSegmentsOrGarbageThenTypedRejection(String token) {
      assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(CredentialRejectedException.class);
      assertThat(authenticator.authenticate(Tokens.fixture())).isNotNull();
    }

    @Test
    void authenticateWhenNullThenMalformed() {
      assertRejected(() -> authenticator.authenticate(null), Reason.MALFORMED);
    }

    @Test
    void authenticateWhenOverSizeCapThenTooLargeAndCapConfigurable() {
      String big = Tokens.fixtureWithClaims(c -> c.put("pad", "x".repeat(20_000)));
      assertRejected(() -> authenticator.authenticate(big), Reason.TOO_LARGE);
      assertThat(issuerA().maxTokenSize(64 * 1024).build().authenticate(big)).isNotNull();
    }

    @Test
    void authenticateWhenFiveSegmentsThenUnsupportedTokenFormat() {
      assertRejected(() -> authenticator.authenticate("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
          Reason.UNSUPPORTED_TOKEN_FORMAT);
      assertRejected(() -> authenticator.authenticate("{\"payload\":\"x\",\"signatures\":[]}"),
          Reason.UNSUPPORTED_TOKEN_FORMAT);
    }

    @Test
    void authenticateWhenCritPresentThenCritUnsupported() {
      String token = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, header -> {
        header.put("crit", List.of("exp"));
        header.put("exp", T0 + 300);
      });
      assertRejected(() -> authenticator.authenticate(token), Reason.CRIT_UNSUPPORTED);
    }

    @Test
    void authenticateWhenSegmentNotCanonicalBase64UrlThenMalformed() {
      String token = Tokens.fixture();
      String[] parts = token.split("\\.");
      assertRejected(() -> authenticator.authenticate(parts[0] + "=." + parts[1] + "." + parts[2]), Reason.MALFORMED);
      assertRejected(() -> authenticator.authenticate(
          parts[0] + "." + parts[1] + "." + parts[2].replace('-', '+').replace('_', '/') + "+"), Reason.MALFORMED);
      // RSA-2048 signatures are 256 bytes: 342 characters, one spare bit pair at the end.
      String last = parts[2].substring(parts[2].length() - 1);
      String flipped = "AQgw".contains(last) ? String.valueOf((char) (last.charAt(0) + 1)) : null;
      if (flipped != null) {
        assertRejected(() -> authenticator.authenticate(parts[0] + "." + parts[1] + "."
            + parts[2].substring(0, parts[2].length() - 1) + flipped), Reason.MALFORMED);
      }
    }

    @Test
    void authenticateWhenPayloadNotJsonObjectThenMalformed() {
      String notJson = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()), "hello");
      String array = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()), "[1]");
      String duplicate = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()),
          "{\"iss\":\"" + ISSUER_A + "\",\"exp\":1699990000,\"exp\":1700000300}");
      assertRejected(() -> authenticator.authenticate(notJson), Reason.MALFORMED);
      assertRejected(() -> authenticator.authenticate(array), Reason.MALFORMED);
      assertRejected(() -> authenticator.authenticate(duplicate), Reason.MALFORMED);
    }
  }
}
