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
    issuer = FakeIssuer.builder().algorithms(JWSAlgorithm.ES256, JWSAlgorithm.RS256).start();
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
    String old = issuer.token().algorithm(JWSAlgorithm.RS256).sign();
    assertThat(authenticator.authenticate(issuer.token().sign())).isNotNull();
    issuer.jwksUnavailable();
    issuer.rotateKeys();     // the new keys cannot be fetched: the endpoint still answers 503
    String rotated = issuer.token().sign();
    assertThatRejection(() -> authenticator.authenticate(rotated)).hasReason(Reason.UNKNOWN_KEY);
    assertThat(authenticator.authenticate(old)).isNotNull();
  }

  @Test
  void jwksSlowWhenSlowerThanTheDeadlineThenKeysUnavailableElseAccepted() {
    issuer.jwksSlow(Duration.ofMillis(1500));
    long started = System.nanoTime();
    try (JwtAuthenticator impatient = JwtAuthenticator.builder().issuer(issuer.issuer()).audience(issuer.audience())
        .keySource(JwkSetSource.fromJwksUri(issuer.jwksUri()).insecureAllowHttpOnLoopback()
            .responseTimeout(Duration.ofMillis(300)).build()).build()) {
      assertThatRejection(() -> impatient.authenticate(issuer.token().sign())).hasReason(Reason.KEYS_UNAVAILABLE);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));

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
}
