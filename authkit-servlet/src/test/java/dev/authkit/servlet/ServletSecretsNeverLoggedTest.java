package dev.authkit.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.http.AuthKit;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.TrustedIssuer;
import dev.authkit.testing.CapturedLogs;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.SecretScanner;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import dev.authkit.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-28 through the servlet adapter over real HTTP, in Jetty 12 and Tomcat 10.1: canary
 * tokens and API keys through success and every failure path (including a failing JWK set fetch and
 * {@code ?access_token=}); no authkit log line, response status line, header or body holds a token,
 * a token segment, an API key, its secret, the canary audience or the JWK set URL's query. The
 * suite-wide scan ({@code NoSecretsInLogsExtension}) covers every other adapter test the same way.
 */
class ServletSecretsNeverLoggedTest {

  private static final String CANARY_AUDIENCE = "CANARY-AUD-7f3e";
  private static final String CANARY_QUERY = "CANARY-QUERY-c41d";

  static Stream<Arguments> containers() {
    return Stream.of(Arguments.of("Jetty", (Supplier<EmbeddedContainer>) JettyContainer::new),
        Arguments.of("Tomcat", (Supplier<EmbeddedContainer>) TomcatContainer::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void requestsWhenCanaryCredentialsThenNoLeakInLogsOrResponses(String name, Supplier<EmbeddedContainer> containers)
      throws Exception {
    SecretScanner.forbid(CANARY_AUDIENCE, CANARY_QUERY);
    MutableClock clock = MutableClock.atT0();
    WireMockServer jwks = JwksServers.start();
    JwksServers.serve(jwks, "/jwks", TestKeys.A_RSA_1);
    jwks.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(500)));
    JwtAuthenticator jwt = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(JwkSetSource.fromJwksUri(JwksServers.http(jwks, "/jwks?sig=" + CANARY_QUERY))
            .insecureAllowHttpOnLoopback().clock(clock).build())
        .trustedIssuer(TrustedIssuer.builder(Tokens.ISSUER_B).audience(Tokens.AUDIENCE)
            .keySource(JwkSetSource.fromJwksUri(JwksServers.http(jwks, "/down?sig=" + CANARY_QUERY))
                .insecureAllowHttpOnLoopback().clock(clock).build()).build())
        .clock(clock).build();
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    ApiKeyAuthenticator apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_canary").clock(clock).build();
    ApiKeyIssuer issuer = ApiKeyIssuer.builder().prefix("sk_canary").store(store).clock(clock).invalidates(apiKeys)
        .build();
    IssuedApiKey key = issuer.newKey("service-read").scopes("read").issue();
    IssuedApiKey revoked = issuer.newKey("service-revoked").scopes("read").issue();
    issuer.revoke(revoked.keyId());
    IssuedApiKey limited = issuer.newKey("service-limited").scopes("read")
        .rateLimit(ApiKeyRateLimit.of(1, Duration.ofHours(1))).issue();
    for (IssuedApiKey issued : List.of(key, revoked, limited)) {
      String plaintext = issued.plaintext();
      SecretScanner.forbid(plaintext.substring(plaintext.length() - 28, plaintext.length() - 6));
    }
    AuthKit authKit = AuthKit.builder().jwt(jwt).apiKeys(apiKeys).clock(clock).insecureAllowHttpFromLoopback()
        .accessRules(AccessRules.builder().permitAll("/health").rule("GET", "/v1/orders", Requirement.allScopes("read"))
            .rule("POST", "/v1/orders", Requirement.allScopes("orders:write")).build())
        .build();

    String valid = Tokens.fixture();
    String canaryAudience = Tokens.fixtureWithClaims(c -> c.put("aud", CANARY_AUDIENCE));
    String forged = Tokens.sign(TestKeys.X_RSA, Tokens.json(Tokens.fixtureHeader()), Tokens.json(Tokens.fixtureClaims()));
    String crlfKid = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("kid", "a-rsa-1\r\nX-Injected: yes"));
    String expired = Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600));
    String keysDown = Tokens.fixtureWithClaims(c -> c.put("iss", Tokens.ISSUER_B));
    List<List<Map.Entry<String, String>>> requests = new ArrayList<>();
    for (String token : List.of(valid, canaryAudience, forged, crlfKid, expired, keysDown, valid + "#x")) {
      requests.add(List.of(Map.entry("Authorization", "Bearer " + token)));
    }
    for (String k : List.of(key.plaintext(), revoked.plaintext(), limited.plaintext(), limited.plaintext(),
        key.plaintext().substring(0, key.plaintext().length() - 1) + "0")) {
      requests.add(List.of(Map.entry("X-API-Key", k)));
      requests.add(List.of(Map.entry("Authorization", "Bearer " + k)));
    }
    requests.add(List.of(Map.entry("Authorization", "Bearer " + valid), Map.entry("X-API-Key", key.plaintext())));
    requests.add(List.of(Map.entry("Authorization", "Bearer " + valid), Map.entry("Authorization", "Bearer " + valid)));

    List<Object> scanned = new ArrayList<>();
    try (EmbeddedContainer container = containers.get();
        CapturedLogs.Recording logs = CapturedLogs.record()) {
      AuthKitFilter filter = new AuthKitFilter(authKit);
      int port = container.start(filter, new EchoServlet());
      List<Integer> statuses = new ArrayList<>();
      for (List<Map.Entry<String, String>> headers : requests) {
        for (String method : List.of("GET", "POST")) {
          RawHttp.Response response = RawHttp.send(port, method, "/v1/orders", headers);
          statuses.add(response.status());
          scanned.add(response.headers());
          scanned.add(response.body());
        }
      }
      RawHttp.Response query = RawHttp.send(port, "GET", "/v1/orders?access_token=" + valid, List.of());
      assertThat(query.status()).as("a query-string token is never read (RFC 6750 §2.3 off)").isEqualTo(401);
      scanned.add(query.headers());
      scanned.add(query.body());
      RawHttp.Response health = RawHttp.send(port, "GET", "/health?access_token=" + valid, List.of());
      assertThat(health.status()).isEqualTo(200);
      scanned.add(health.body());

      // Positive controls: the good credentials pass, the rest are refused for the expected reasons.
      assertThat(statuses.get(0)).isEqualTo(200);
      assertThat(statuses).contains(400, 401, 403, 429, 503);
      assertThat(RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("X-API-Key", key.plaintext()))).body())
          .startsWith("subject=service-read;authType=ApiKey");
      List<String> lines = logs.texts();
      assertThat(lines).anyMatch(l -> l.contains("JWT rejected: AUDIENCE_MISMATCH"))
          .anyMatch(l -> l.contains("JWT rejected: KEYS_UNAVAILABLE"))
          .anyMatch(l -> l.contains("JWK set fetch failed"))
          .anyMatch(l -> l.contains("API key rejected: REVOKED"))
          .anyMatch(l -> l.contains("authkit filter"));
      scanned.addAll(lines);
      scanned.add(filter);
    } finally {
      jwt.close();
      jwks.stop();
    }
    SecretScanner.assertClean(name + ": authkit log lines and HTTP responses", scanned.toArray());
    assertThat(scanned).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain("\r\nX-Injected"));
  }
}
