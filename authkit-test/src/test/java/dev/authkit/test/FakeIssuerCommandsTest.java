package dev.authkit.test;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.Reason;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation and failure commands, observed through a real {@link JwkSetSource} (discovery + HTTP fetch + cache). */
class FakeIssuerCommandsTest {

  private FakeIssuer issuer;

  @BeforeEach
  void start() {
    issuer = FakeIssuer.builder().algorithms(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA).start();   // cheap keys: a new issuer per test
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  @Test
  void rotateKeysWhenOldKeptThenOldAndNewTokensVerify() {
    JwtAuthenticator authenticator = issuer.authenticator();
    String before = issuer.token().sign();
    assertThat(authenticator.authenticate(before)).isNotNull();
    int fetches = issuer.jwksRequestCount();

    issuer.rotateKeys();
    String after = issuer.token().sign();

    assertThat(issuer.publishedKeyIds()).hasSize(4);
    assertThat(authenticator.authenticate(after)).isNotNull();   // unknown kid -> one refetch
    assertThat(authenticator.authenticate(before)).isNotNull();  // old key still published
    assertThat(issuer.jwksRequestCount()).isEqualTo(fetches + 1);
  }

  @Test
  void rotateKeysWhenOldDroppedThenOldTokensFailOnceTheSetIsRefetched() {
    JwtAuthenticator authenticator = issuer.authenticator();
    String before = issuer.token().sign();
    assertThat(authenticator.authenticate(before)).isNotNull();

    issuer.rotateKeys(FakeIssuer.OldKeys.DROP);
    String after = issuer.token().sign();

    assertThat(issuer.publishedKeyIds()).hasSize(2);
    assertThat(authenticator.authenticate(after)).isNotNull();
    assertThatRejection(() -> authenticator.authenticate(before)).hasReason(Reason.UNKNOWN_KEY);
  }

  @Test
  void jwksUnavailableWhenNothingCachedThenKeysUnavailableAndRestoreRecovers() {
    issuer.jwksUnavailable();
    try (JwtAuthenticator cold = issuer.authenticatorBuilder().build()) {
      assertThatRejection(() -> cold.authenticate(issuer.token().sign())).isUnavailable()
          .hasReason(Reason.KEYS_UNAVAILABLE).hasStatus(503);
    }
    assertThat(issuer.jwksRequestCount()).isEqualTo(1);
    issuer.jwksRestore();
    try (JwtAuthenticator fresh = issuer.authenticatorBuilder().build()) {
      assertThat(fresh.authenticate(issuer.token().sign())).isNotNull();
    }
  }

  @Test
  void jwksUnavailableWhenSetCachedThenLastGoodSetKeepsServing() {
    JwtAuthenticator authenticator = issuer.authenticator();
    String old = issuer.token().algorithm(JWSAlgorithm.EdDSA).sign();
    assertThat(authenticator.authenticate(issuer.token().sign())).isNotNull();
    issuer.jwksUnavailable();
    issuer.rotateKeys();     // the new keys cannot be fetched: the endpoint still answers 503
    String rotated = issuer.token().sign();
    assertThatRejection(() -> authenticator.authenticate(rotated)).hasReason(Reason.UNKNOWN_KEY);
    assertThat(authenticator.authenticate(old)).isNotNull();
  }

  @Test
  void jwksSlowWhenSlowerThanTheDeadlineThenKeysUnavailableElseAccepted() {
    issuer.jwksSlow(Duration.ofSeconds(6));
    long started = System.nanoTime();
    try (JwtAuthenticator impatient = JwtAuthenticator.builder().issuer(issuer.issuer()).audience(issuer.audience())
        .keySource(JwkSetSource.fromJwksUri(issuer.jwksUri()).insecureAllowHttpOnLoopback()
            .responseTimeout(Duration.ofMillis(300)).build()).build()) {
      assertThatRejection(() -> impatient.authenticate(issuer.token().sign())).hasReason(Reason.KEYS_UNAVAILABLE);
    }
    // generous bound on a loaded machine: the client gives up at its 300 ms deadline, not after 6 s
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

    issuer.jwksSlow(Duration.ofMillis(200));
    started = System.nanoTime();
    try (JwtAuthenticator patient = issuer.authenticatorBuilder().build()) {
      assertThat(patient.authenticate(issuer.token().sign())).isNotNull();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void jwksServesWhenEmptySetThenUnknownKeyAndWhenGarbageThenUnavailable() {
    issuer.jwksServes("{\"keys\":[]}");
    try (JwtAuthenticator empty = issuer.authenticatorBuilder().build()) {
      assertThatRejection(() -> empty.authenticate(issuer.token().sign())).hasReason(Reason.UNKNOWN_KEY);
    }
    issuer.jwksServes("<html>not a JWK set</html>");
    try (JwtAuthenticator garbage = issuer.authenticatorBuilder().build()) {
      assertThatRejection(() -> garbage.authenticate(issuer.token().sign())).hasReason(Reason.KEYS_UNAVAILABLE);
    }
    issuer.jwksServes(issuer.jwkSetJson());
    try (JwtAuthenticator good = issuer.authenticatorBuilder().build()) {
      assertThat(good.authenticate(issuer.token().sign())).isNotNull();
    }
  }

  @Test
  void jwksRequestCountWhenManyTokensVerifiedThenOneFetchThanksToTheCache() {
    int before = issuer.jwksRequestCount();
    for (int i = 0; i < 20; i++) {
      assertThat(issuer.authenticator().authenticate(issuer.token().subject("user-" + i).sign())).hasSubject("user-" + i);
    }
    assertThat(issuer.jwksRequestCount()).isEqualTo(before + 1);
    assertThat(issuer.discoveryRequestCount()).isEqualTo(1);
  }

  @Test
  void tokenWhenMintedFromManyThreadsAcrossARotationThenEveryOneVerifies() throws Exception {
    JwtAuthenticator authenticator = issuer.authenticator();
    assertThat(authenticator.authenticate(issuer.token().sign())).isNotNull();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<String>> minted = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        if (n == 100) {
          issuer.rotateKeys();
        }
        minted.add(pool.submit(() -> issuer.token().subject("user-" + n).sign()));
      }
      java.util.List<java.util.concurrent.Future<String>> verified = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<String> token : minted) {
        verified.add(pool.submit(() -> authenticator.authenticate(token.get()).subject()));
      }
      java.util.Set<String> subjects = new java.util.HashSet<>();
      for (java.util.concurrent.Future<String> subject : verified) {
        subjects.add(subject.get(10, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(subjects).hasSize(200);
      assertThat(issuer.jwksRequestCount()).isLessThanOrEqualTo(2);   // first fetch + one refresh for the new kid
    } finally {
      pool.shutdownNow();
    }
  }
}
