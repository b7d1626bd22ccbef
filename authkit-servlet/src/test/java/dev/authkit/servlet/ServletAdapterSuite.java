package dev.authkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.testing.AdapterScenarios;
import dev.authkit.testing.Challenges;
import dev.authkit.testing.AdapterScenarios.HeaderCase;
import dev.authkit.testing.AdapterScenarios.Scenario;
import dev.authkit.testing.RawHttp;
import dev.authkit.testing.ScenarioAssertions;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One suite, run against every Servlet 6.0 container: each subclass names its container. Requests
 * go over real HTTP; every {@code WWW-Authenticate} received is parsed against the RFC 6750 grammar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletAdapterSuite {

  private EmbeddedContainer container;
  private int port;
  private final AdapterScenarios.Fixture fixture = AdapterScenarios.fixture(true);

  abstract EmbeddedContainer newContainer();

  @BeforeAll
  void start() throws Exception {
    container = newContainer();
    port = container.start(new AuthKitFilter(fixture.authKit()), new EchoServlet());
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
  }

  Stream<Scenario> scenarios() {
    return fixture.scenarios().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void requestWhenScenarioThenAnswerFromCoreTable(Scenario scenario) throws Exception {
    ScenarioAssertions.assertAnswers(RawHttp.send(port, scenario.method(), scenario.path(), scenario.headers()), scenario);
  }

  @Test
  void servletWhenAuthenticatedThenSeesPrincipalThroughServletApi() throws Exception {
    String admin = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("admin")));
    RawHttp.Response response = RawHttp.send(port, "GET", "/v1/admin/stats",
        List.of(Map.entry("Authorization", "Bearer " + admin)));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("subject=user-0001;authType=Bearer;principal=true;admin=true;attribute=user-0001");
    RawHttp.Response user = RawHttp.send(port, "GET", "/v1/orders",
        List.of(Map.entry("Authorization", "Bearer " + Tokens.fixture())));
    assertThat(user.body()).contains("admin=false");
    RawHttp.Response key = RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("X-API-Key", fixture.readKey())));
    assertThat(key.body()).startsWith("subject=service-read;authType=ApiKey;principal=true");
    RawHttp.Response anonymous = RawHttp.send(port, "GET", "/health", List.of());
    assertThat(anonymous.body()).isEqualTo("subject=null;authType=null;principal=false;admin=false;attribute=null");
  }

  @Test
  void requestWhenPlainHttpAndHttpsRequiredThen403BeforeVerification() throws Exception {
    try (EmbeddedContainer strict = newContainer()) {
      int strictPort = strict.start(new AuthKitFilter(AdapterScenarios.fixture(false).authKit()), new EchoServlet());
      RawHttp.Response response = RawHttp.send(strictPort, "GET", "/v1/orders",
          List.of(Map.entry("Authorization", "Bearer " + Tokens.fixture())));
      assertThat(response.status()).isEqualTo(403);
      assertThat(JSONObjectUtils.parse(response.body())).containsEntry("detail", "Credentials must be sent over HTTPS.");
      assertThat(RawHttp.send(strictPort, "GET", "/health", List.of()).status()).isEqualTo(200);
    }
  }

  /** A client-written {@code https://} in an absolute-form request line must not make plain HTTP secure. */
  @Test
  void requestWhenAbsoluteFormHttpsRequestLineOverPlainHttpThen403() throws Exception {
    try (EmbeddedContainer strict = newContainer()) {
      int strictPort = strict.start(new AuthKitFilter(AdapterScenarios.fixture(false).authKit()), new EchoServlet());
      String token = Tokens.fixture();
      for (String target : List.of("https://127.0.0.1:" + strictPort + "/v1/orders",
          "HTTPS://127.0.0.1:" + strictPort + "/v1/orders")) {
        String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + strictPort
            + "\r\nConnection: close\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        RawHttp.Response response = RawHttp.sendRaw(strictPort, request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.status()).as(target).isIn(400, 403);
        assertThat(response.body()).doesNotContain("subject=");
      }
      RawHttp.Response plain = RawHttp.send(strictPort, "GET", "/v1/orders",
          List.of(Map.entry("Authorization", "Bearer " + token)));
      assertThat(plain.status()).isEqualTo(403);
    }
  }

  @Test
  void filterWhenConfiguredByInitParametersThenProtectsWithRemoteKeys() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer jwks = dev.authkit.testing.JwksServers.start();
    try (EmbeddedContainer configured = newContainer()) {
      dev.authkit.testing.JwksServers.serve(jwks, "/jwks", dev.authkit.testing.TestKeys.A_RSA_1);
      Map<String, String> init = Map.of(
          "authkit.issuer", Tokens.ISSUER_A,
          "authkit.audience", Tokens.AUDIENCE,
          "authkit.jwks-uri", dev.authkit.testing.JwksServers.http(jwks, "/jwks").toString(),
          "authkit.insecure-allow-http-on-loopback", "true",
          "authkit.insecure-allow-http-from-loopback", "true",
          "authkit.rules", "GET /v1/orders = scope:read; POST /v1/orders = scope:orders:write; /health = permitAll");
      int configuredPort = configured.startConfigured(init, new EchoServlet());
      String token = Tokens.at(dev.authkit.testing.TestKeys.A_RSA_1, "a-rsa-1", Tokens.ISSUER_A,
          System.currentTimeMillis() / 1000);
      assertThat(RawHttp.send(configuredPort, "GET", "/v1/orders", List.of(Map.entry("Authorization", "Bearer " + token)))
          .body()).startsWith("subject=user-0001;authType=Bearer");
      RawHttp.Response forbidden = RawHttp.send(configuredPort, "POST", "/v1/orders",
          List.of(Map.entry("Authorization", "Bearer " + token)));
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(Challenges.parse(forbidden.headers("WWW-Authenticate").get(0)).params()).containsEntry("scope", "orders:write");
      assertThat(RawHttp.send(configuredPort, "GET", "/v1/orders", List.of()).status()).isEqualTo(401);
      assertThat(RawHttp.send(configuredPort, "GET", "/health", List.of()).status()).isEqualTo(200);
    } finally {
      jwks.stop();
    }
  }

  @Test
  void filterWhenInitParameterMisspelledThenApplicationDoesNotStartUnprotected() throws Exception {
    try (EmbeddedContainer configured = newContainer()) {
      Map<String, String> init = Map.of("authkit.issuer", Tokens.ISSUER_A, "authkit.audiance", Tokens.AUDIENCE);
      int configuredPort;
      try {
        configuredPort = configured.startConfigured(init, new EchoServlet());
      } catch (Exception refusedAtStart) {
        return;
      }
      // A container that keeps running after a failed filter init must not serve the application.
      RawHttp.Response response = RawHttp.send(configuredPort, "GET", "/health", List.of());
      assertThat(response.status()).isGreaterThanOrEqualTo(400);
      assertThat(response.body()).doesNotContain("subject=");
    }
  }

  @Test
  void filterWhenResourceMetadataConfiguredThenServedAndNamedInChallenge() throws Exception {
    dev.authkit.http.ResourceMetadata metadata = dev.authkit.http.ResourceMetadata.of(
        java.net.URI.create("https://api.example.com"), List.of(java.net.URI.create(Tokens.ISSUER_A)),
        java.util.Set.of("read"));
    dev.authkit.http.AuthKit authKit = dev.authkit.http.AuthKit.builder().jwt(AdapterScenarios.jwt())
        .resourceMetadata(metadata).insecureAllowHttpFromLoopback().build();
    try (EmbeddedContainer withMetadata = newContainer()) {
      int metadataPort = withMetadata.start(new AuthKitFilter(authKit), new EchoServlet());
      RawHttp.Response document = RawHttp.send(metadataPort, "GET", "/.well-known/oauth-protected-resource", List.of());
      assertThat(document.status()).isEqualTo(200);
      assertThat(JSONObjectUtils.parse(document.body())).containsEntry("resource", "https://api.example.com")
          .containsEntry("authorization_servers", List.of(Tokens.ISSUER_A));
      RawHttp.Response challenge = RawHttp.send(metadataPort, "GET", "/v1/orders", List.of());
      assertThat(Challenges.parse(challenge.headers("WWW-Authenticate").get(0)).params())
          .containsEntry("resource_metadata", "https://api.example.com/.well-known/oauth-protected-resource");
    }
  }

  /** CASES.md BR-24 through a real container: the shared table of header strings as the wire carries them. */
  static Stream<HeaderCase> bearerHeaderTable() {
    return AdapterScenarios.bearerHeaderTable().stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("bearerHeaderTable")
  void requestWhenBearerHeaderVariantThenExactOutcome(HeaderCase row) throws Exception {
    ScenarioAssertions.assertAnswers(
        RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("Authorization", row.header()))), row);
  }

  /** CASES.md BR-23 (adapter part): a huge header ends in a 4xx in bounded time, and the next good request works. */
  @Test
  void requestWhenHeaderHugeOrManyDotsThenBounded4xxAndNextRequestSucceeds() throws Exception {
    for (String value : List.of("Bearer " + ".".repeat(100_000), "Bearer " + "a".repeat(64 * 1024))) {
      long start = System.nanoTime();
      RawHttp.Response response = RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("Authorization", value)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(response.status()).isBetween(400, 499);
    }
    RawHttp.Response good = RawHttp.send(port, "GET", "/v1/orders",
        List.of(Map.entry("Authorization", "Bearer " + Tokens.fixture())));
    assertThat(good.status()).isEqualTo(200);
  }
}
