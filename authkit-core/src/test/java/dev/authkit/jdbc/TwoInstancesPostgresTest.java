package dev.authkit.jdbc;

import static dev.authkit.apikey.ApiKeyTesting.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.internal.apikey.ClockTime;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.PostgresDatabase;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two application instances (each with its own authenticators, caches and clock) over one real
 * PostgreSQL database: revocations and rate-limit buckets are shared, within the documented bound.
 */
@ExtendWith(PostgresDatabase.class)
class TwoInstancesPostgresTest {

  private final MutableClock clockA = MutableClock.at(Tokens.T0);
  private final MutableClock clockB = MutableClock.at(Tokens.T0);
  private DataSource database;
  private ApiKeyAuthenticator instanceA;
  private ApiKeyAuthenticator instanceB;
  private ApiKeyIssuer issuerOnA;

  @BeforeEach
  void setUp(DataSource database) {
    this.database = database;
    instanceA = apiKeys(clockA);
    instanceB = apiKeys(clockB);
    issuerOnA = ApiKeyIssuer.builder().prefix("sk_live").store(new JdbcApiKeyStore(database)).clock(clockA)
        .invalidates(instanceA).build();
  }

  private ApiKeyAuthenticator apiKeys(MutableClock clock) {
    ProxyManager<String> buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(database)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table("authkit_rate_limit_bucket")
        .clientClock(new ClockTime(clock))
        .build();
    return ApiKeyAuthenticator.builder().store(new JdbcApiKeyStore(database)).prefixes("sk_live").clock(clock)
        .rateLimitProxyManager(buckets).build();
  }

  @Test
  void revokeWhenOnOneInstanceThenOtherRejectsWithinCacheTtl() {
    IssuedApiKey key = issuerOnA.newKey("svc").issue();
    IssuedApiKey control = issuerOnA.newKey("control").issue();
    instanceA.authenticate(key.plaintext());
    instanceB.authenticate(key.plaintext()); // B now holds the record in its cache

    issuerOnA.revoke(key.keyId());

    assertRejected(() -> instanceA.authenticate(key.plaintext()), Reason.REVOKED);
    clockB.advance(instanceB.cacheTtl().minusMillis(1));
    assertThat(instanceB.authenticate(key.plaintext()).subject()).as("stale within the bound").isEqualTo("svc");
    clockB.advance(Duration.ofMillis(1));
    assertRejected(() -> instanceB.authenticate(key.plaintext()), Reason.REVOKED);
    assertThat(instanceB.authenticate(control.plaintext()).subject()).isEqualTo("control");
  }

  @Test
  void rotateWhenOnOneInstanceThenOtherAcceptsNewKeyAtOnceAndOldUntilGraceEnds() {
    IssuedApiKey old = issuerOnA.newKey("svc").issue();
    instanceB.authenticate(old.plaintext());

    IssuedApiKey renewed = issuerOnA.rotate(old.keyId(), Duration.ofMinutes(10));

    assertThat(instanceB.authenticate(renewed.plaintext()).subject()).isEqualTo("svc");
    clockA.advance(Duration.ofMinutes(10));
    clockB.advance(Duration.ofMinutes(10));
    assertRejected(() -> instanceA.authenticate(old.plaintext()), Reason.API_KEY_EXPIRED);
    assertRejected(() -> instanceB.authenticate(old.plaintext()), Reason.API_KEY_EXPIRED);
  }

  @Test
  void rateLimitWhenSharedPostgresBucketThenLimitHoldsAcrossInstances() {
    IssuedApiKey key = issuerOnA.newKey("svc").rateLimit(ApiKeyRateLimit.of(3, Duration.ofHours(1))).issue();
    IssuedApiKey other = issuerOnA.newKey("other").rateLimit(ApiKeyRateLimit.of(3, Duration.ofHours(1))).issue();

    instanceA.authenticate(key.plaintext());
    instanceB.authenticate(key.plaintext());
    instanceA.authenticate(key.plaintext());

    assertRejected(() -> instanceB.authenticate(key.plaintext()), Reason.RATE_LIMITED);
    try {
      instanceA.authenticate(key.plaintext());
      throw new AssertionError("expected RATE_LIMITED");
    } catch (CredentialRejectedException e) {
      assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
      assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait)
          .isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofMinutes(20)));
    }
    assertThat(instanceB.authenticate(other.plaintext()).subject()).isEqualTo("other"); // its own bucket
  }

  @Test
  void revokeTokenWhenThroughJdbcListThenBothJwtAuthenticatorsReject() {
    JdbcRevocationList listA = JdbcRevocationList.builder(database).clock(clockA).build();
    JdbcRevocationList listB = JdbcRevocationList.builder(database).clock(clockB).build();
    JwtAuthenticator jwtA = jwt(clockA, listA);
    JwtAuthenticator jwtB = jwt(clockB, listB);
    String token = Tokens.fixture();
    String other = Tokens.fixtureWithClaims(claims -> claims.put("jti", "jti-0002"));
    assertThat(jwtA.authenticate(token).subject()).isEqualTo("user-0001");
    assertThat(jwtB.authenticate(token).subject()).isEqualTo("user-0001"); // B caches "not revoked"

    listA.revokeToken(Tokens.ISSUER_A, "jti-0001", Instant.ofEpochSecond(Tokens.T0 + 300));

    assertRejected(() -> jwtA.authenticate(token), Reason.REVOKED);
    clockB.advance(JdbcRevocationList.DEFAULT_CACHE_TTL);
    assertRejected(() -> jwtB.authenticate(token), Reason.REVOKED);
    assertThat(jwtB.authenticate(other).subject()).isEqualTo("user-0001");
    assertThat(jwtA.authenticate(other).subject()).isEqualTo("user-0001");
  }

  private static JwtAuthenticator jwt(MutableClock clock, JdbcRevocationList revocations) {
    return JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1)))
        .clock(clock)
        .revocationList(revocations)
        .build();
  }
}
