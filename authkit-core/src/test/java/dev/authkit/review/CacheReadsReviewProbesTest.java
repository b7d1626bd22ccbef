package dev.authkit.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyTesting;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.internal.apikey.LastUsedBatcher;
import dev.authkit.jwt.InMemoryRevocationList;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.KeySource;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.jwt.TrustedIssuer;
import dev.authkit.testing.CountingApiKeyStore;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review probes for the quiet cache reads (CacheReads: verified tokens, API-key records), the
 * per-second last-used batching (LastUsedBatcher) and the 4-slot header memo of JwtAuthenticator:
 * can anything revoked, expired, rotated, invalidated or removed still be accepted; does the
 * negative cache still hold; do threads decide like one thread; is last-used data lost or wrong
 * beyond one second.
 */
class CacheReadsReviewProbesTest {

  private static final int THREADS = 4;
  private static final String ACCEPTED = "ACCEPTED:";

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** One decision as text: ACCEPTED:subject or the reason. */
  private static String decide(Function<String, AuthPrincipal> authenticator, String credential) {
    try {
      return ACCEPTED + authenticator.apply(credential).subject();
    } catch (AuthenticationException e) {
      return e.reason().name();
    }
  }

  // ----------------------------------------------------------------------------------- API keys

  private final MutableClock clock = MutableClock.at(Tokens.T0);
  private final CountingApiKeyStore store = new CountingApiKeyStore(new InMemoryApiKeyStore());
  private final ApiKeyAuthenticator apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live")
      .clock(clock).build();
  private final ApiKeyIssuer issuer = ApiKeyIssuer.builder().prefix("sk_live").store(store).clock(clock)
      .invalidates(apiKeys).build();

  private void warm(String key, int times) {
    for (int i = 0; i < times; i++) {
      apiKeys.authenticate(key);
    }
  }

  @Test
  void apiKeyWhenWarmAndInjectedClockPassesExpiryThenExpiredOnEveryCall() {
    IssuedApiKey key = issuer.newKey("svc").expiresIn(Duration.ofSeconds(10)).issue();
    warm(key.plaintext(), 2_000); // many quiet hits and ~125 sampled policy reads
    clock.advance(Duration.ofMillis(9_999));
    assertThat(apiKeys.authenticate(key.plaintext()).subject()).isEqualTo("svc");
    clock.advance(Duration.ofMillis(1));
    for (int i = 0; i < 500; i++) {
      ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(key.plaintext()), Reason.API_KEY_EXPIRED);
    }
  }

  @Test
  void apiKeyWhenRevokedOrRotatedThroughInvalidatingIssuerThenRefusedAtOnceAfterManyQuietHits() {
    IssuedApiKey revoked = issuer.newKey("a").issue();
    IssuedApiKey rotated = issuer.newKey("b").issue();
    warm(revoked.plaintext(), 2_000);
    warm(rotated.plaintext(), 2_000);
    issuer.revoke(revoked.keyId());
    IssuedApiKey renewed = issuer.rotate(rotated.keyId(), Duration.ZERO);
    for (int i = 0; i < 500; i++) {
      ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(revoked.plaintext()), Reason.REVOKED);
      ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(rotated.plaintext()), Reason.API_KEY_EXPIRED);
      assertThat(apiKeys.authenticate(renewed.plaintext()).subject()).isEqualTo("b");
    }
  }

  @Test
  void apiKeyWhenRevokedElsewhereThenQuietReadsDoNotExtendTheTtl() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    ApiKeyIssuer elsewhere = ApiKeyIssuer.builder().prefix("sk_live").store(store).clock(clock).build();
    apiKeys.authenticate(key.plaintext());
    elsewhere.revoke(key.keyId());
    for (int s = 0; s < 29; s++) { // read every second for 29 s: a read-extended entry would outlive 30 s
      clock.advance(Duration.ofSeconds(1));
      warm(key.plaintext(), 200);
    }
    clock.advance(Duration.ofMillis(999));
    warm(key.plaintext(), 200);
    clock.advance(Duration.ofMillis(1));
    ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(key.plaintext()), Reason.REVOKED);
  }

  @Test
  void apiKeyWhenWrongSecretForCachedIdThenRefused() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    warm(key.plaintext(), 100);
    String forged = ApiKeyTesting.recheck("sk_live_" + key.keyId() + "_" + "B".repeat(22));
    for (int i = 0; i < 200; i++) {
      ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(forged), Reason.INVALID_API_KEY);
    }
  }

  @Test
  void apiKeyWhenUnknownIdRepeatedThenStoreQueriedOncePerNegativeTtlAlsoFromFourThreads() throws Exception {
    String unknown = ApiKeyTesting.recheck("sk_live_" + "Q".repeat(12) + "_" + "R".repeat(22));
    store.reset();
    for (int i = 0; i < 1_000; i++) {
      ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(unknown), Reason.INVALID_API_KEY);
    }
    assertThat(store.finds()).isEqualTo(1);
    clock.advance(ApiKeyAuthenticator.DEFAULT_NEGATIVE_CACHE_TTL.minusMillis(1));
    ApiKeyTesting.assertRejected(() -> apiKeys.authenticate(unknown), Reason.INVALID_API_KEY);
    assertThat(store.finds()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));

    String other = ApiKeyTesting.recheck("sk_live_" + "S".repeat(12) + "_" + "R".repeat(22));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      results.add(pool.submit(() -> {
        start.await();
        int rejected = 0;
        for (int i = 0; i < 3_000; i++) {
          rejected += decide(apiKeys::authenticate, i % 2 == 0 ? unknown : other).equals("INVALID_API_KEY") ? 1 : 0;
        }
        return rejected;
      }));
    }
    start.countDown();
    for (Future<Integer> result : results) {
      assertThat(result.get()).isEqualTo(3_000);
    }
    assertThat(store.finds()).as("one more find per unknown id after the negative TTL").isEqualTo(3);
  }

  @Test
  void apiKeyWhenFourThreadsMixValidRevokedExpiredAndHostileThenSameDecisionsAsOneThread() throws Exception {
    IssuedApiKey valid1 = issuer.newKey("v1").issue();
    IssuedApiKey valid2 = issuer.newKey("v2").issue();
    IssuedApiKey revoked = issuer.newKey("r").issue();
    IssuedApiKey expired = issuer.newKey("e").expiresIn(Duration.ofSeconds(1)).issue();
    issuer.revoke(revoked.keyId());
    clock.advance(Duration.ofSeconds(1));
    String body = valid1.plaintext().substring(0, valid1.plaintext().length() - 6);
    List<String> inputs = List.of(valid1.plaintext(), valid2.plaintext(), revoked.plaintext(), expired.plaintext(),
        ApiKeyTesting.recheck("sk_live_" + valid1.keyId() + "_" + "B".repeat(22)), // right id, wrong secret
        ApiKeyTesting.recheck("sk_live_" + "Z".repeat(12) + "_" + "B".repeat(22)), // unknown id
        body + "AAAAAA", // bad checksum
        ApiKeyTesting.recheck("sk_test_" + valid2.keyId() + "_" + "B".repeat(22)), // other prefix
        "", "x".repeat(5_000));
    // Single-threaded decisions on a fresh authenticator (cold), then four threads on another cold one.
    ApiKeyAuthenticator single = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock).build();
    Map<String, String> expected = new LinkedHashMap<>();
    for (String input : inputs) {
      expected.put(input, decide(single::authenticate, input));
    }
    assertThat(expected.values()).containsExactly(ACCEPTED + "v1", ACCEPTED + "v2", "REVOKED", "API_KEY_EXPIRED",
        "INVALID_API_KEY", "INVALID_API_KEY", "INVALID_API_KEY", "INVALID_API_KEY", "INVALID_API_KEY",
        "INVALID_API_KEY");
    ApiKeyAuthenticator shared = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock).build();
    List<String> mismatches = hammer(inputs, expected, shared::authenticate, 5_000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void apiKeyWhenRevokedWhileFourThreadsUseItThenNoCallStartedAfterTheRevocationIsAccepted() throws Exception {
    IssuedApiKey key = issuer.newKey("svc").issue();
    warm(key.plaintext(), 100);
    AtomicInteger lateAccepts = new AtomicInteger();
    AtomicInteger lateCalls = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean revokedFlag = new java.util.concurrent.atomic.AtomicBoolean();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 20_000; i++) {
          boolean after = revokedFlag.get();
          String decision = decide(apiKeys::authenticate, key.plaintext());
          if (after) {
            lateCalls.incrementAndGet();
            if (decision.startsWith(ACCEPTED)) {
              lateAccepts.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    start.countDown();
    Thread.sleep(20);
    issuer.revoke(key.keyId());
    revokedFlag.set(true);
    for (Future<?> future : futures) {
      future.get();
    }
    assertThat(lateCalls.get()).isPositive();
    assertThat(lateAccepts.get()).isZero();
  }

  // ----------------------------------------------------------------------------------- last used

  @Test
  void lastUsedWhenClockGoesBackwardsThenTheLatestInstantStaysStored() {
    IssuedApiKey key = issuer.newKey("svc").issue();
    clock.set(Instant.ofEpochSecond(Tokens.T0 + 10, 500_000_000));
    apiKeys.authenticate(key.plaintext());
    clock.set(Instant.ofEpochSecond(Tokens.T0 + 3));
    apiKeys.authenticate(key.plaintext()); // not written: an older second
    apiKeys.flushLastUsed();
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt())
        .contains(Instant.ofEpochSecond(Tokens.T0 + 10, 500_000_000));
    apiKeys.authenticate(key.plaintext()); // after the flush: T0+3 is pending, the store keeps the later one
    apiKeys.close();
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt())
        .contains(Instant.ofEpochSecond(Tokens.T0 + 10, 500_000_000));
    clock.set(Instant.ofEpochSecond(Tokens.T0 + 11, 200_000_000));
    apiKeys.authenticate(key.plaintext());
    apiKeys.close();
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt())
        .contains(Instant.ofEpochSecond(Tokens.T0 + 11, 200_000_000));
  }

  @Test
  void lastUsedWhenFlushFailsAndUsesContinueThenRetryWritesTheLatestSecond() {
    Map<String, Instant> stored = new ConcurrentHashMap<>();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    Instant t0 = Instant.ofEpochSecond(Tokens.T0);
    LastUsedBatcher batcher = new LastUsedBatcher(Duration.ofSeconds(60), t0, batch -> {
      if (failuresLeft.getAndDecrement() > 0) {
        // Uses arriving while the failing write is in flight.
        throw new IllegalStateException("down");
      }
      batch.forEach((k, at) -> stored.merge(k, at, (a, b) -> a.isAfter(b) ? a : b));
    });
    batcher.record("k", t0.plusMillis(1_200));
    batcher.flush(); // fails, kept
    batcher.record("k", t0.plusMillis(1_900)); // same second as the kept one: not written
    batcher.record("k", t0.plusMillis(2_100)); // later second
    batcher.flush();
    assertThat(stored).containsExactly(Map.entry("k", t0.plusMillis(2_100)));
    assertThat(batcher.pendingCount()).isZero();
  }

  @Test
  void lastUsedWhenFourThreadsRecordWhileFlushesFailAndSucceedThenStoredWithinOneSecondOfTheLastUse()
      throws Exception {
    Map<String, Instant> stored = new ConcurrentHashMap<>();
    AtomicLong virtualNanos = new AtomicLong(0);
    Instant t0 = Instant.ofEpochSecond(Tokens.T0);
    LastUsedBatcher batcher = new LastUsedBatcher(Duration.ofSeconds(1), t0, batch -> {
      if (ThreadLocalRandom.current().nextInt(3) == 0) {
        throw new IllegalStateException("down");
      }
      batch.forEach((k, at) -> stored.merge(k, at, (a, b) -> a.isAfter(b) ? a : b));
    });
    String[] keys = {"k0", "k1", "k2", "k3", "k4"};
    Map<String, AtomicLong> lastUse = new ConcurrentHashMap<>();
    for (String k : keys) {
      lastUse.put(k, new AtomicLong(Long.MIN_VALUE));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 50_000; i++) {
          String k = keys[random.nextInt(keys.length)];
          long now = virtualNanos.get();
          batcher.record(k, t0.plusNanos(now));
          lastUse.get(k).accumulateAndGet(now, Math::max);
          if (i % 997 == 0) {
            batcher.flush();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      while (!future.isDone()) {
        virtualNanos.addAndGet(37_000_000L); // 37 ms steps of virtual time
        Thread.onSpinWait();
      }
      future.get();
    }
    for (int i = 0; i < 50 && batcher.pendingCount() > 0; i++) {
      batcher.flush();
    }
    assertThat(batcher.pendingCount()).isZero();
    for (String k : keys) {
      Instant last = t0.plusNanos(lastUse.get(k).get());
      assertThat(stored.get(k)).as(k).isNotNull();
      assertThat(stored.get(k)).as(k).isBeforeOrEqualTo(last)
          .isAfterOrEqualTo(Instant.ofEpochSecond(last.getEpochSecond()));
    }
  }

  // ----------------------------------------------------------------------------------- JWT

  /** A key source whose set a test swaps. */
  private static final class MutableKeys implements KeySource {
    volatile JWKSet set;

    MutableKeys(JWKSet set) {
      this.set = set;
    }

    @Override
    public JWKSet keys() {
      return set;
    }
  }

  private final MutableKeys keys = new MutableKeys(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1));
  private final InMemoryRevocationList revocations = InMemoryRevocationList.create(clock);
  private final JwtAuthenticator jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
      .keySource(keys).clock(clock).revocationList(revocations).build();

  private void warmJwt(String token, int times) {
    for (int i = 0; i < times; i++) {
      jwt.authenticate(token);
    }
  }

  private void assertJwtRejected(JwtAuthenticator authenticator, String token, Reason reason) {
    ApiKeyTesting.assertRejected(() -> authenticator.authenticate(token), reason);
  }

  @Test
  void jwtWhenWarmAndInjectedClockPassesExpThenExpiredOnEveryCall() {
    String token = Tokens.fixture(); // exp T0+300, skew 60
    warmJwt(token, 2_000);
    clock.set(Instant.ofEpochSecond(Tokens.T0 + 359, 999_999_999));
    assertThat(jwt.authenticate(token).subject()).isEqualTo("user-0001");
    clock.set(Instant.ofEpochSecond(Tokens.T0 + 360));
    for (int i = 0; i < 200; i++) {
      assertJwtRejected(jwt, token, Reason.EXPIRED);
    }
  }

  @Test
  void jwtWhenWarmAndRevokedByJtiOrSubjectThenRevokedOnEveryCall() {
    String token = Tokens.fixture();
    String other = Tokens.fixtureWithClaims(c -> {
      c.put("jti", "jti-0002");
      c.put("sub", "user-0002");
    });
    warmJwt(token, 2_000);
    warmJwt(other, 2_000);
    revocations.revokeToken(Tokens.ISSUER_A, "jti-0001", Instant.ofEpochSecond(Tokens.T0 + 300));
    revocations.revokeSubject(Tokens.ISSUER_A, "user-0002", clock.instant());
    for (int i = 0; i < 200; i++) {
      assertJwtRejected(jwt, token, Reason.REVOKED);
      assertJwtRejected(jwt, other, Reason.REVOKED);
    }
  }

  @Test
  void jwtWhenKeyRemovedOrReplacedUnderSameKidThenWarmTokenAndMemoHeaderRefused() {
    String token = Tokens.fixture();
    warmJwt(token, 2_000);
    // A new token with a byte-identical header (memo hit) but the key gone.
    String fresh = Tokens.fixtureWithClaims(c -> c.put("jti", "jti-0003"));
    keys.set = TestKeys.publicSet(TestKeys.A_EC_1);
    for (int i = 0; i < 50; i++) {
      assertJwtRejected(jwt, token, Reason.UNKNOWN_KEY);
      assertJwtRejected(jwt, fresh, Reason.UNKNOWN_KEY);
    }
    // Same kid, another RSA key: the old signature no longer verifies.
    RSAKey replacement = TestKeys.rsa("a-rsa-1", 2048, JWSAlgorithm.RS256);
    keys.set = TestKeys.publicSet(replacement, TestKeys.A_EC_1);
    for (int i = 0; i < 50; i++) {
      assertJwtRejected(jwt, token, Reason.BAD_SIGNATURE);
      assertJwtRejected(jwt, fresh, Reason.BAD_SIGNATURE);
    }
    // Back again: accepted again (the outcome is the uncached one).
    keys.set = TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1);
    assertThat(jwt.authenticate(token).subject()).isEqualTo("user-0001");
  }

  @Test
  void jwtHeaderMemoWhenOtherAuthenticatorOrIssuerIsStricterThenTheSameHeaderIsStillChecked() {
    String typJwt = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("typ", "JWT"));
    String typJwtOther = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(headerWith("typ", "JWT")),
        Tokens.json(claimsWith("jti", "jti-0009")));
    assertThat(typJwt.substring(0, typJwt.indexOf('.'))).isEqualTo(typJwtOther.substring(0, typJwtOther.indexOf('.')));
    // A lenient authenticator verifies (memoizes) the header; strict ones must still refuse it.
    JwtAuthenticator lenient = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(clock).disableVerifiedTokenCache().build();
    JwtAuthenticator strictType = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(clock).requireAccessTokenType().disableVerifiedTokenCache().build();
    JwtAuthenticator esOnly = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(clock).algorithms(JWSAlgorithm.ES256).disableVerifiedTokenCache().build();
    for (int i = 0; i < 20; i++) {
      assertThat(lenient.authenticate(typJwt).subject()).isEqualTo("user-0001");
      assertJwtRejected(strictType, typJwtOther, Reason.TYPE_MISMATCH);
      assertJwtRejected(esOnly, typJwtOther, Reason.ALGORITHM_NOT_ALLOWED);
    }
    // One authenticator, two issuers: A allows RS256, B only ES256 and holds the same RSA key.
    JwtAuthenticator twoIssuers = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(clock).disableVerifiedTokenCache()
        .trustedIssuer(TrustedIssuer.builder(Tokens.ISSUER_B).audience(Tokens.AUDIENCE)
            .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).algorithms(JWSAlgorithm.ES256).build())
        .build();
    String forA = Tokens.fixture();
    String forB = Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()),
        Tokens.json(claimsWith("iss", Tokens.ISSUER_B)));
    for (int i = 0; i < 20; i++) {
      assertThat(twoIssuers.authenticate(forA).subject()).isEqualTo("user-0001");
      assertJwtRejected(twoIssuers, forB, Reason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Test
  void jwtWhenFourThreadsMixValidRevokedExpiredAndHostileThenSameDecisionsAsOneThread() throws Exception {
    revocations.revokeToken(Tokens.ISSUER_A, "jti-revoked", Instant.ofEpochSecond(Tokens.T0 + 300));
    String valid = Tokens.fixture();
    String validEc = Tokens.at(TestKeys.A_EC_1, "a-ec-1", Tokens.ISSUER_A, Tokens.T0);
    String[] parts = valid.split("\\.");
    List<String> inputs = List.of(valid, validEc,
        Tokens.fixtureWithClaims(c -> c.put("jti", "jti-revoked")),
        Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 120)),
        parts[0] + "." + Tokens.b64(Tokens.json(claimsWith("sub", "admin"))) + "." + parts[2], // tampered payload
        Tokens.sign(TestKeys.X_RSA, Tokens.json(Tokens.fixtureHeader()), Tokens.json(Tokens.fixtureClaims())),
        Tokens.b64("{\"alg\":\"none\"}") + "." + parts[1] + ".",
        Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("typ", "id+jwt")),
        Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("crit", List.of("exp"))),
        Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("kid", "a-rsa-9")),
        Tokens.fixtureWithClaims(c -> c.put("aud", "api://other")),
        Tokens.fixtureWithClaims(c -> c.put("nonce", "n")),
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4));
    JwtAuthenticator single = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(clock).revocationList(revocations).build();
    Map<String, String> expected = new LinkedHashMap<>();
    for (String input : inputs) {
      expected.put(input, decide(single::authenticate, input));
    }
    assertThat(expected.values()).startsWith(ACCEPTED + "user-0001", ACCEPTED + "user-0001", "REVOKED", "EXPIRED");
    assertThat(expected.values().stream().filter(v -> v.startsWith(ACCEPTED))).hasSize(2);
    List<String> mismatches = hammer(inputs, expected, jwt::authenticate, 2_000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void jwtWhenRevokedOrKeyRemovedWhileFourThreadsUseTheTokenThenNoLaterCallAccepted() throws Exception {
    String token = Tokens.fixture();
    for (int phase = 0; phase < 2; phase++) {
      warmJwt(token, 100);
      java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
      AtomicInteger lateAccepts = new AtomicInteger();
      AtomicInteger lateCalls = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 20_000; i++) {
            boolean after = changed.get();
            String decision = decide(jwt::authenticate, token);
            if (after) {
              lateCalls.incrementAndGet();
              lateAccepts.addAndGet(decision.startsWith(ACCEPTED) ? 1 : 0);
            }
          }
          return null;
        }));
      }
      start.countDown();
      Thread.sleep(20);
      if (phase == 0) {
        keys.set = TestKeys.publicSet(TestKeys.A_EC_1);
      } else {
        revocations.revokeToken(Tokens.ISSUER_A, "jti-0001", Instant.ofEpochSecond(Tokens.T0 + 300));
      }
      changed.set(true);
      for (Future<?> future : futures) {
        future.get();
      }
      assertThat(lateCalls.get()).as("phase %s", phase).isPositive();
      assertThat(lateAccepts.get()).as("phase %s", phase).isZero();
      keys.set = TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1);
    }
  }

  private static Map<String, Object> headerWith(String name, Object value) {
    Map<String, Object> header = Tokens.fixtureHeader();
    header.put(name, value);
    return header;
  }

  private static Map<String, Object> claimsWith(String name, Object value) {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put(name, value);
    return claims;
  }

  /** Four threads, each {@code calls} random inputs; returns every decision that differs from the expected one. */
  private List<String> hammer(List<String> inputs, Map<String, String> expected,
      Function<String, AuthPrincipal> authenticator, int calls) throws Exception {
    List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < calls; i++) {
          int index = random.nextInt(inputs.size());
          String input = inputs.get(index);
          String decision = decide(authenticator, input);
          if (!decision.equals(expected.get(input))) {
            mismatches.add("input " + index + ": expected " + expected.get(input) + ", got " + decision);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get();
    }
    return mismatches;
  }
}
