package dev.authkit.jwt;

import static dev.authkit.testing.Tokens.AUDIENCE;
import static dev.authkit.testing.Tokens.ISSUER_A;
import static dev.authkit.testing.Tokens.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.AuthPrincipal;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache's safety properties. The authenticator's count of full verifications
 * tells a cache hit (no parsing, no signature check) from a full verification.
 */
class VerifiedTokenCacheTest {

  private final MutableClock clock = MutableClock.atT0();
  private final SwitchableKeys keys = new SwitchableKeys(TestKeys.publicSet(TestKeys.A_RSA_1));
  private final String token = Tokens.fixture();

  private JwtAuthenticator.Builder builder() {
    return JwtAuthenticator.builder()
        .issuer(ISSUER_A)
        .audience(AUDIENCE)
        .keySource(keys)
        .clock(clock);
  }

  @Test
  void authenticateWhenSameTokenAgainThenCacheHitReturnsSamePrincipal() {
    JwtAuthenticator authenticator = builder().build();

    AuthPrincipal first = authenticator.authenticate(token);
    AuthPrincipal second = authenticator.authenticate(token);

    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);
    assertThat(second).isSameAs(first);
    assertThat(authenticator.verifiedTokenCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenCacheDisabledThenEveryCallVerifiesFully() {
    JwtAuthenticator authenticator = builder().disableVerifiedTokenCache().build();

    authenticator.authenticate(token);
    authenticator.authenticate(token);

    assertThat(authenticator.fullVerificationCount()).isEqualTo(2);
    assertThat(authenticator.verifiedTokenCount()).isZero();
  }

  @Test
  void authenticateWhenCachedTokenExpiresThenRejectedAsExpired() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    clock.set(Instant.ofEpochSecond(T0 + 299 + 60));
    authenticator.authenticate(token); // control: just inside exp + 60 s skew

    clock.set(Instant.ofEpochSecond(T0 + 300 + 60));

    assertRejected(authenticator, token, Reason.EXPIRED);
  }

  @Test
  void authenticateWhenPastExpButWithinSkewThenEntryIsGoneAndNotStoredAgain() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    assertThat(authenticator.verifiedTokenCount()).isEqualTo(1);

    clock.set(Instant.ofEpochSecond(T0 + 301));
    authenticator.authenticate(token); // accepted within the skew, by a full verification

    assertThat(authenticator.fullVerificationCount()).isEqualTo(2);
    assertThat(authenticator.verifiedTokenCount()).isZero();
  }

  @Test
  void authenticateWhenClockMovesBackBeforeNbfThenCacheHitIsRejected() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    clock.set(Instant.ofEpochSecond(T0 - 10 - 60));
    authenticator.authenticate(token); // control: exactly nbf - skew is valid
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);

    clock.set(Instant.ofEpochSecond(T0 - 10 - 61));

    assertRejected(authenticator, token, Reason.NOT_YET_VALID);
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenCachedTokenIsRevokedThenRejected() {
    InMemoryRevocationList revocations = InMemoryRevocationList.create(clock);
    JwtAuthenticator authenticator = builder().revocationList(revocations).build();
    authenticator.authenticate(token);
    authenticator.authenticate(token);
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);

    revocations.revokeToken(ISSUER_A, "jti-0001", Instant.ofEpochSecond(T0 + 300));

    assertRejected(authenticator, token, Reason.REVOKED);
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenCachedTokensSubjectIsRevokedThenRejected() {
    InMemoryRevocationList revocations = InMemoryRevocationList.create(clock);
    JwtAuthenticator authenticator = builder().revocationList(revocations).build();
    authenticator.authenticate(token);

    revocations.revokeSubject(ISSUER_A, "user-0001", Instant.ofEpochSecond(T0));

    assertRejected(authenticator, token, Reason.REVOKED);
  }

  @Test
  void authenticateWhenSigningKeyRotatedOutThenCachedTokenIsRejected() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    keys.set(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.B_RSA_1));
    authenticator.authenticate(token); // control: a new set that still holds the key, still a hit
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);

    keys.set(TestKeys.publicSet(TestKeys.B_RSA_1));

    assertRejected(authenticator, token, Reason.UNKNOWN_KEY);
  }

  @Test
  void authenticateWhenKeyComesBackAfterRotationThenTokenVerifiesAgainFully() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    keys.set(TestKeys.publicSet(TestKeys.B_RSA_1));
    assertRejected(authenticator, token, Reason.UNKNOWN_KEY);

    keys.set(TestKeys.publicSet(TestKeys.A_RSA_1));
    authenticator.authenticate(token);

    // first, the refusal while the key was gone, and again after it came back: never a stale hit
    assertThat(authenticator.fullVerificationCount()).isEqualTo(3);
  }

  @Test
  void authenticateWhenTokenTamperedThenNeverACacheHit() {
    JwtAuthenticator authenticator = builder().build();
    authenticator.authenticate(token);
    int dot = token.indexOf('.');
    int last = token.lastIndexOf('.');
    String payloadChanged = token.substring(0, dot + 5) + flip(token.charAt(dot + 5)) + token.substring(dot + 6);
    String signatureChanged = token.substring(0, last + 5) + flip(token.charAt(last + 5)) + token.substring(last + 6);
    String headerChanged = Tokens.b64(Tokens.json(Tokens.fixtureHeader()) + " ") + token.substring(dot);

    assertThatThrownBy(() -> authenticator.authenticate(payloadChanged)).isInstanceOf(CredentialRejectedException.class);
    assertRejected(authenticator, signatureChanged, Reason.BAD_SIGNATURE);
    assertRejected(authenticator, headerChanged, Reason.BAD_SIGNATURE);
    assertThat(authenticator.fullVerificationCount()).isEqualTo(4); // each tampered token went the full path
    assertThat(authenticator.authenticate(token)).isNotNull(); // control: the original still hits
    assertThat(authenticator.fullVerificationCount()).isEqualTo(4);
  }

  @Test
  void authenticateWhenVerificationFailsThenFailureIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    JwtAuthenticator authenticator = builder()
        .claimRule(ClaimRule.of("fails the first time", claims -> calls.incrementAndGet() > 1))
        .build();
    assertRejected(authenticator, token, Reason.INVALID_CLAIM);

    authenticator.authenticate(token);
    authenticator.authenticate(token);

    assertThat(calls).hasValue(3); // the failure, the success, and the rule again on the hit
    assertThat(authenticator.fullVerificationCount()).isEqualTo(2);
    assertThat(authenticator.verifiedTokenCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenClaimRuleDependsOnOutsideStateThenReappliedOnEveryHit() {
    java.util.concurrent.atomic.AtomicBoolean tenantEnabled = new java.util.concurrent.atomic.AtomicBoolean(true);
    JwtAuthenticator authenticator = builder()
        .claimRule(ClaimRule.of("tenant enabled", claims -> tenantEnabled.get()))
        .claimRule(ClaimRule.of("issued within 30 s",
            claims -> clock.instant().getEpochSecond() - ((Number) claims.get("iat")).longValue() < 30))
        .build();
    assertThat(authenticator.authenticate(token)).isNotNull();
    assertThat(authenticator.authenticate(token)).isNotNull(); // a hit, rules pass
    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);
    tenantEnabled.set(false);
    assertRejected(authenticator, token, Reason.INVALID_CLAIM);
    tenantEnabled.set(true);
    assertThat(authenticator.authenticate(token)).isNotNull();
    clock.advance(java.time.Duration.ofSeconds(60));
    assertRejected(authenticator, token, Reason.INVALID_CLAIM);
  }

  @Test
  void authenticateWhenHmacTokenSeenAgainThenCacheHit() {
    byte[] secret = "0123456789abcdef0123456789abcdefXY".getBytes(StandardCharsets.US_ASCII);
    JwtAuthenticator authenticator = JwtAuthenticator.builder()
        .issuer(ISSUER_A).audience(AUDIENCE).clock(clock)
        .hmacKey(new SecretKeySpec(secret, "HmacSHA256"))
        .build();
    java.util.Map<String, Object> header = Tokens.fixtureHeader();
    header.put("alg", "HS256");
    header.remove("kid");
    String hmacToken = Tokens.signHmac(secret, Tokens.json(header), Tokens.json(Tokens.fixtureClaims()));

    authenticator.authenticate(hmacToken);
    authenticator.authenticate(hmacToken);

    assertThat(authenticator.fullVerificationCount()).isEqualTo(1);
  }

  @Test
  void cacheSizeWhenOneThenOnlyOneTokenIsKeptAndBothStillVerify() {
    JwtAuthenticator authenticator = builder().verifiedTokenCache(1).build();
    String other = Tokens.fixtureWithClaims(claims -> claims.put("jti", "jti-0002"));

    authenticator.authenticate(token);
    authenticator.authenticate(other);
    assertThat(authenticator.verifiedTokenCount()).isEqualTo(1); // the bound holds once maintenance ran

    assertThat(authenticator.authenticate(token).credentialId()).contains("jti-0001");
    assertThat(authenticator.authenticate(other).credentialId()).contains("jti-0002");
    assertThat(authenticator.verifiedTokenCount()).isEqualTo(1);
  }

  @Test
  void builderWhenCacheSizeOutOfRangeOrSetTwiceThenRefused() {
    assertThatThrownBy(() -> JwtAuthenticator.builder().verifiedTokenCache(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 10000000");
    assertThatThrownBy(() -> JwtAuthenticator.builder().verifiedTokenCache(10_000_001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtAuthenticator.builder().verifiedTokenCache(5).disableVerifiedTokenCache())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifiedTokenCache");
    assertThat(JwtAuthenticator.builder().verifiedTokenCache(1)).isNotNull(); // control
  }

  private static char flip(char c) {
    return c == 'A' ? 'B' : 'A';
  }

  private static void assertRejected(JwtAuthenticator authenticator, String token, Reason reason) {
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOfSatisfying(CredentialRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  /** A key source whose current set a test replaces, each time with a new instance (as a refetch would). */
  private static final class SwitchableKeys implements KeySource {
    private final AtomicReference<JWKSet> current;

    SwitchableKeys(JWKSet initial) {
      this.current = new AtomicReference<>(initial);
    }

    void set(JWKSet next) {
      current.set(next);
    }

    @Override
    public JWKSet keys() {
      return current.get();
    }
  }

}
