package dev.authkit.test;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthenticationMethod;
import dev.authkit.Reason;
import dev.authkit.config.AuthKitConfiguration;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import dev.authkit.jwt.JwtAuthenticator;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class FakeIssuerTest {

  private static FakeIssuer issuer;

  @BeforeAll
  static void start() {
    issuer = FakeIssuer.start();
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  @Test
  void discoveryWhenFetchedThenNamesIssuerAndJwksUriOnLoopback() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(issuer.discoveryUri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> document = JSONObjectUtils.parse(response.body());
    assertThat(document).containsEntry("issuer", issuer.issuer()).containsEntry("jwks_uri", issuer.jwksUri().toString());
    assertThat(issuer.issuer()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
    assertThat(issuer.port()).isPositive();
    HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(issuer.jwksUri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(jwks.body()).isEqualTo(issuer.jwkSetJson()).doesNotContain("\"d\"").contains("\"RS256\"", "\"ES256\"",
        "\"EdDSA\"");
  }

  @Test
  void tokenWhenDefaultsThenAcceptedByAuthenticatorThroughDiscovery() {
    String token = issuer.token().sign();
    assertThat(issuer.authenticator().authenticate(token))
        .hasSubject(FakeIssuer.DEFAULT_SUBJECT).hasIssuer(issuer.issuer()).hasAudience("api")
        .hasClientId(FakeIssuer.DEFAULT_CLIENT_ID).hasExactlyScopes().wasAuthenticatedBy(AuthenticationMethod.JWT);
    assertThat(issuer.discoveryRequestCount()).isGreaterThanOrEqualTo(1);
    assertThat(issuer.jwksRequestCount()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void tokenWhenClaimsGivenThenPrincipalCarriesThem() {
    Instant expiry = issuer.clock().instant().plus(Duration.ofMinutes(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String token = issuer.token().subject("user_42").scopes("orders:read", "orders:write").roles("admin")
        .tenant("t1").clientId("orders-ui").jwtId("jti-1").expiresAt(expiry).claim("email", "u42@example.com")
        .claim("level", 5).sign();
    assertThat(issuer.authenticator().authenticate(token))
        .hasSubject("user_42").hasExactlyScopes("orders:read", "orders:write").hasRole("admin").hasTenant("t1")
        .hasClientId("orders-ui").hasCredentialId("jti-1").hasClaim("email", "u42@example.com").hasClaim("level", 5)
        .satisfies(principal -> assertThat(principal.expiresAt()).contains(expiry));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void tokenWhenAlgorithmChosenThenSignedWithThatKeyAndAccepted(String name) throws Exception {
    JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
    String token = issuer.token().algorithm(algorithm).sign();
    assertThat(JSONObjectUtils.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))))
        .containsEntry("alg", name).containsEntry("typ", "at+jwt").containsKey("kid");
    assertThat(issuer.authenticator().authenticate(token)).hasSubject(FakeIssuer.DEFAULT_SUBJECT);
  }

  @Test
  void tokenWhenOtherAlgorithmsConfiguredThenEachVerifies() {
    try (FakeIssuer other = FakeIssuer.builder().algorithms(JWSAlgorithm.PS256, JWSAlgorithm.ES384, JWSAlgorithm.ES512)
        .path("/realms/other").audience("orders").start()) {
      assertThat(other.issuer()).endsWith("/realms/other");
      for (JWSAlgorithm algorithm : other.algorithms()) {
        assertThat(other.authenticator().authenticate(other.token().algorithm(algorithm).sign())).hasAudience("orders");
      }
      assertThatThrownBy(() -> other.token().algorithm(JWSAlgorithm.RS256).sign())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no RS256 key");
      // the other issuer's tokens are not this issuer's
      assertThatRejection(() -> issuer.authenticator().authenticate(other.token().audience("api").sign()))
          .hasReason(Reason.ISSUER_MISMATCH);
    }
  }

  @Test
  void tokenWhenTypeChangedOrRemovedThenDefaultAuthenticatorAcceptsAndStrictOneRefuses() {
    try (JwtAuthenticator strict = issuer.authenticatorBuilder().requireAccessTokenType().build()) {
      String jwtType = issuer.token().type("JWT").sign();
      String untyped = issuer.token().type(null).sign();
      assertThat(issuer.authenticator().authenticate(jwtType)).hasSubject(FakeIssuer.DEFAULT_SUBJECT);
      assertThat(issuer.authenticator().authenticate(untyped)).hasSubject(FakeIssuer.DEFAULT_SUBJECT);
      assertThat(strict.authenticate(issuer.token().sign())).hasSubject(FakeIssuer.DEFAULT_SUBJECT);
      assertThatRejection(() -> strict.authenticate(jwtType)).hasReason(Reason.TYPE_MISMATCH);
      assertThatRejection(() -> strict.authenticate(untyped)).hasReason(Reason.TYPE_MISMATCH);
    }
  }

  @Test
  void tokenWhenClaimRemovedOrExpiryInPastThenRejected() {
    assertThatRejection(() -> issuer.authenticator().authenticate(issuer.token().withoutClaim("sub").sign()))
        .hasReason(Reason.MISSING_CLAIM);
    assertThatRejection(() -> issuer.authenticator().authenticate(
        issuer.token().expiresIn(Duration.ofMinutes(-5)).sign())).hasReason(Reason.EXPIRED);
    assertThat(issuer.authenticator().authenticate(issuer.token().expiresIn(Duration.ofHours(1)).sign())).isNotNull();
  }

  @Test
  void tokenBuilderWhenOptionSetTwiceThenRefused() {
    assertThatThrownBy(() -> issuer.token().subject("a").subject("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("subject was already set to a");
    assertThatThrownBy(() -> issuer.token().claim("x", 1).claim("x", 2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> issuer.token().expiresIn(Duration.ofMinutes(1)).expiresAt(Instant.now()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> issuer.token().header("alg", "none")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeIssuer.builder().port(1).port(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FakeIssuer.builder().path("realms")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeIssuer.builder().path("/a//b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeIssuer.builder().path("/a/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeIssuer.builder().algorithms(JWSAlgorithm.HS256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported");
  }

  @Test
  void tokenWhenIssuerClockFixedThenTimesComeFromIt() {
    Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (FakeIssuer timed = FakeIssuer.builder().clock(fixed).algorithms(JWSAlgorithm.ES256).start();
        JwtAuthenticator atThatTime = timed.authenticatorBuilder().clock(fixed).build()) {
      String token = timed.token().sign();
      assertThat(atThatTime.authenticate(token).expiresAt()).contains(Instant.parse("2030-01-01T00:05:00Z"));
      assertThatRejection(() -> timed.authenticator().authenticate(token)).hasReason(Reason.ISSUED_IN_FUTURE);
    }
  }

  @Test
  void configurationWhenReadByAuthKitConfigurationThenProtectsWithTheIssuersKeys() {
    Map<String, String> values = issuer.configuration();
    assertThat(values).containsEntry("authkit.issuer", issuer.issuer()).containsEntry("authkit.audience", "api")
        .containsEntry("authkit.jwks-uri", issuer.jwksUri().toString())
        .containsEntry("authkit.insecure-allow-http-on-loopback", "true");
    try (AuthKitConfiguration.Configured configured = AuthKitConfiguration.build(values::get)) {
      assertThat(configured.jwtAuthenticator().authenticate(issuer.token().sign())).isNotNull();
      assertThatRejection(() -> configured.jwtAuthenticator().authenticate(issuer.hostileTokens().wrongAudience().token()))
          .hasReason(Reason.AUDIENCE_MISMATCH);
    }
  }

  @Test
  void authKitWhenRequestOverLoopbackHttpThenAuthenticatesOrAnswers401() {
    AuthKit authKit = issuer.authKit();
    RequestView good = RequestView.builder("GET", "/v1/orders").scheme("http").remoteAddress("127.0.0.1")
        .header("Authorization", "Bearer " + issuer.token().sign()).build();
    RequestView none = RequestView.builder("GET", "/v1/orders").scheme("http").remoteAddress("127.0.0.1").build();
    assertThat(authKit.handle(good).caller()).isPresent();
    assertThat(authKit.handle(none).responseToWrite().orElseThrow()).hasStatus(401).bearerChallenge().hasRealm("api")
        .hasNoError();
  }

  @Test
  void httpsWhenClientTrustsRunTimeCertificateThenKeysFetchedOverTls() throws Exception {
    try (FakeIssuer secure = FakeIssuer.builder().https().path("/tls").start()) {
      assertThat(secure.issuer()).startsWith("https://127.0.0.1:").endsWith("/tls");
      assertThat(secure.isHttps()).isTrue();
      assertThat(secure.configuration()).doesNotContainKey("authkit.insecure-allow-http-on-loopback");
      assertThat(secure.authenticator().authenticate(secure.token().sign())).hasIssuer(secure.issuer());
      HttpClient trusting = HttpClient.newBuilder().sslContext(secure.sslContext()).build();
      assertThat(trusting.send(HttpRequest.newBuilder(secure.jwksUri()).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      // negative control: the JDK's default trust store does not know the run-time CA
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(secure.jwksUri()).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(secure.trustStore().size()).isEqualTo(1);
    }
    assertThatThrownBy(() -> issuer.sslContext()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startWhenPortChosenThenBindsItOnLoopbackOnly() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (FakeIssuer fixed = FakeIssuer.builder().port(port).algorithms(JWSAlgorithm.ES256).start()) {
      assertThat(fixed.port()).isEqualTo(port);
      assertThat(fixed.authenticator().authenticate(fixed.token().sign())).isNotNull();
      java.net.InetAddress other = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
          .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
          .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
      if (other != null) {
        java.net.InetAddress address = other;
        assertThatThrownBy(() -> new java.net.Socket(address, port).close()).isInstanceOf(java.io.IOException.class);
      }
    }
  }

  @Test
  void startWhenPortTakenThenIllegalStateNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> FakeIssuer.builder().port(port).algorithms(JWSAlgorithm.ES256).start())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void startWhenRunningThenLogsDevelopmentOnlyAndCloseIsIdempotent() {
    Logger logger = (Logger) LoggerFactory.getLogger(FakeIssuer.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      FakeIssuer started = FakeIssuer.builder().algorithms(JWSAlgorithm.ES256).start();
      started.close();
      started.close();
      assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).contains("DEVELOPMENT AND TESTS ONLY").contains(started.issuer()));
      assertThatThrownBy(started::authenticator).isInstanceOf(IllegalStateException.class);
      assertThat(started.toString()).contains(started.issuer());
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void jwkSetWhenServedThenHoldsOnlyPublicKeysWithKidAlgAndUse() throws Exception {
    List<String> kids = issuer.publishedKeyIds();
    assertThat(kids).hasSize(3).doesNotHaveDuplicates();
    com.nimbusds.jose.jwk.JWKSet set = com.nimbusds.jose.jwk.JWKSet.parse(issuer.jwkSetJson());
    assertThat(set.getKeys()).allSatisfy(key -> {
      assertThat(key.isPrivate()).isFalse();
      assertThat(key.getAlgorithm()).isNotNull();
      assertThat(key.getKeyUse()).isEqualTo(com.nimbusds.jose.jwk.KeyUse.SIGNATURE);
      assertThat(kids).contains(key.getKeyID());
    });
  }
}
