package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery (OpenID Connect Discovery 1.0 §4, RFC 8414 §3) over real HTTPS. */
class JwkSetDiscoveryTest {

  private static WireMockServer server;

  private final MutableClock clock = MutableClock.atT0();
  private String issuer;
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void startServer() {
    server = JwksServers.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    issuer = "https://localhost:" + server.httpsPort() + "/realms/a";
    JwksServers.serve(server, "/realms/a/certs", TestKeys.A_RSA_1, TestKeys.A_EC_1);
  }

  @AfterEach
  void tearDown() {
    if (authenticator != null) {
      authenticator.close();
    }
  }

  private void metadata(String path, String issuerValue, String jwksUri) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"issuer\":\"" + issuerValue + "\",\"jwks_uri\":\"" + jwksUri + "\","
            + "\"id_token_signing_alg_values_supported\":[\"none\",\"HS256\",\"RS256\"]}")));
  }

  private JwtAuthenticator authenticatorFor(String configuredIssuer) {
    authenticator = JwtAuthenticator.builder()
        .issuer(configuredIssuer)
        .audience(Tokens.AUDIENCE)
        .keySource(JwkSetSource.fromIssuer(configuredIssuer).sslContext(TestTls.get().clientContext())
            .clock(clock).build())
        .clock(clock)
        .build();
    return authenticator;
  }

  private String token(String iss) {
    return Tokens.at(TestKeys.A_RSA_1, "a-rsa-1", iss, clock.epochSecond());
  }

  private @Nullable Reason reasonOf(String token) {
    try {
      authenticator.authenticate(token);
      return null;
    } catch (AuthenticationException e) {
      return e.reason();
    }
  }

  @Test
  void authenticateWhenOpenIdConfigurationPublishedThenKeysFromItsJwksUri() {
    metadata("/realms/a/.well-known/openid-configuration", issuer, issuer + "/certs");
    authenticatorFor(issuer);

    assertThat(reasonOf(token(issuer))).isNull();
    assertThat(JwksServers.requests(server, "/realms/a/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(JwksServers.requests(server, "/realms/a/certs")).isEqualTo(1);
    assertThat(authenticator.trustedIssuers().get(0).keySource().orElseThrow())
        .isInstanceOfSatisfying(JwkSetSource.class,
            source -> assertThat(source.health().jwksUri()).contains(URI.create(issuer + "/certs")));
  }

  @Test
  void authenticateWhenOnlyRfc8414MetadataThenFallsBackToIt() {
    metadata("/.well-known/oauth-authorization-server/realms/a", issuer, issuer + "/certs");
    authenticatorFor(issuer);

    assertThat(reasonOf(token(issuer))).isNull();
    assertThat(JwksServers.requests(server, "/realms/a/.well-known/openid-configuration")).isEqualTo(1);
  }

  @Test
  void authenticateWhenDocumentIssuerDiffersThenKeysUnavailable() {
    // Trailing slash matters (OIDC Discovery §4.3): the document says ".../realms/a/".
    metadata("/realms/a/.well-known/openid-configuration", issuer + "/", issuer + "/certs");
    authenticatorFor(issuer);

    assertThat(reasonOf(token(issuer))).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(JwksServers.requests(server, "/realms/a/certs")).isZero();
    JwkSetSource source = (JwkSetSource) authenticator.trustedIssuers().get(0).keySource().orElseThrow();
    assertThat(source.health().lastError()).hasValueSatisfying(e -> assertThat(e).contains("\"issuer\""));
  }

  @Test
  void authenticateWhenJwksUriIsPlainHttpThenRefused() {
    metadata("/realms/a/.well-known/openid-configuration", issuer,
        "http://localhost:" + server.port() + "/realms/a/certs");
    authenticatorFor(issuer);

    assertThat(reasonOf(token(issuer))).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(JwksServers.requests(server, "/realms/a/certs")).isZero();
  }

  @Test
  void authenticateWhenMetadataListsNoneAndHmacThenAllowListNotWidened() {
    metadata("/realms/a/.well-known/openid-configuration", issuer, issuer + "/certs");
    String hs256 = Tokens.signHmac("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
        "{\"alg\":\"HS256\",\"kid\":\"a-rsa-1\"}", Tokens.json(Tokens.fixtureClaims()));
    String none = Tokens.b64("{\"alg\":\"none\"}") + "." + Tokens.b64(Tokens.json(Tokens.fixtureClaims())) + ".";

    authenticatorFor(issuer);
    assertThat(reasonOf(token(issuer))).isNull();
    assertThat(reasonOf(hs256)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    assertThat(reasonOf(none)).isIn(Reason.ALGORITHM_NOT_ALLOWED, Reason.MALFORMED);
  }

  @Test
  void buildWhenIssuerIsPlainHttpThenRefusedUnlessLoopbackAllowed() {
    assertThatThrownBy(() -> JwkSetSource.fromIssuer("http://login.example.com").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwkSetSource.fromIssuer("https://login.example.com?tenant=1"))
        .isInstanceOf(IllegalArgumentException.class);
    JwkSetSource.fromIssuer("http://localhost:1/realms/a").insecureAllowHttpOnLoopback().build().close();
  }

  @Test
  void keysWhenDiscoveryEndpointDownThenKeysUnavailableWithoutFallback() {
    server.stubFor(get(urlPathEqualTo("/realms/a/.well-known/openid-configuration"))
        .willReturn(aResponse().withStatus(503)));
    try (JwkSetSource source = JwkSetSource.fromIssuer(issuer).sslContext(TestTls.get().clientContext())
        .clock(clock).build()) {
      assertThatThrownBy(source::keys).isInstanceOf(VerificationUnavailableException.class);
      assertThat(JwksServers.requests(server, "/.well-known/oauth-authorization-server/realms/a")).isZero();
    }
  }
}
