package dev.authkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.access.AccessRules;
import dev.authkit.http.AuthKit;
import dev.authkit.http.AuthResponse;
import dev.authkit.http.RequestView;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthKitConfigurationTest {

  private WireMockServer jwks;

  @BeforeEach
  void start() {
    jwks = JwksServers.start();
    JwksServers.serve(jwks, "/jwks", TestKeys.A_RSA_1);
  }

  @AfterEach
  void stop() {
    jwks.stop();
  }

  private Map<String, String> minimal() {
    Map<String, String> config = new HashMap<>();
    config.put("authkit.issuer", Tokens.ISSUER_A);
    config.put("authkit.audience", "other, " + Tokens.AUDIENCE);
    config.put("authkit.jwks-uri", JwksServers.http(jwks, "/jwks").toString());
    config.put("authkit.insecure-allow-http-on-loopback", "true");
    return config;
  }

  @Test
  void buildWhenIssuerAudienceAndJwksUriThenVerifiesTokensFromTheServedSet() {
    Map<String, String> config = minimal();
    config.put("authkit.rules", "GET /v1/orders = scope:read; POST /v1/orders = scope:orders:write;\n /health = permitAll");
    config.put("authkit.clock-skew", "PT0S");
    try (AuthKitConfiguration.Configured configured = AuthKitConfiguration.build(config::get)) {
      AuthKit authKit = configured.authKit();
      String token = Tokens.fixtureWithClaims(c -> {
        c.put("exp", System.currentTimeMillis() / 1000 + 300);
        c.put("iat", System.currentTimeMillis() / 1000);
        c.remove("nbf");
      });
      RequestView read = RequestView.builder("GET", "/v1/orders").header("Authorization", "Bearer " + token).build();
      assertThat(authKit.handle(read).caller()).isPresent();
      RequestView write = RequestView.builder("POST", "/v1/orders").header("Authorization", "Bearer " + token).build();
      AuthResponse refused = authKit.handle(write).responseToWrite().orElseThrow();
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("scope=\"orders:write\""));
      assertThat(authKit.handle(RequestView.builder("GET", "/health").build()).responseToWrite()).isEmpty();
      RequestView plain = RequestView.builder("GET", "/v1/orders").scheme("http").remoteAddress("127.0.0.1")
          .header("Authorization", "Bearer " + token).build();
      assertThat(authKit.handle(plain).responseToWrite()).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(403));
    }
  }

  @Test
  void buildWhenRequiredKeysMissingThenNamesBoth() {
    assertThatThrownBy(() -> AuthKitConfiguration.build(key -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authkit.issuer (AUTHKIT_ISSUER)")
        .hasMessageContaining("authkit.audience (AUTHKIT_AUDIENCE)");
  }

  @Test
  void buildWhenValueInvalidThenNamesTheKey() {
    for (Map.Entry<String, String> bad : List.of(Map.entry("authkit.clock-skew", "60"),
        Map.entry("authkit.require-access-token-type", "yes"), Map.entry("authkit.max-token-size", "big"),
        Map.entry("authkit.rules", "GET /x = scope"), Map.entry("authkit.jwks-uri", "http://issuer.example/jwks"))) {
      Map<String, String> config = minimal();
      config.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> AuthKitConfiguration.build(config::get)).as(bad.getKey())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void checkKnownWhenTypoThenRefused() {
    assertThatThrownBy(() -> AuthKitConfiguration.checkKnown(List.of("authkit.issuer", "authkit.audiance", "other")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authkit.audiance");
    AuthKitConfiguration.checkKnown(List.of("authkit.issuer", "unrelated.key"));
    assertThatThrownBy(() -> AuthKitConfiguration.checkKnownSystemSources(List.of(),
        List.of("AUTHKIT_ISSUER", "AUTHKIT_RULEZ", "PATH"))).hasMessageContaining("AUTHKIT_RULEZ");
    assertThatThrownBy(() -> AuthKitConfiguration.checkKnownSystemSources(List.of("authkit.trusted-proxy"), List.of()))
        .hasMessageContaining("authkit.trusted-proxy");
    AuthKitConfiguration.checkKnownSystemSources(List.of("java.version"), List.of("AUTHKIT_JWKS_URI", "HOME"));
  }

  @Test
  void environmentNameWhenDotsAndDashesThenUnderscoresUpperCase() {
    assertThat(AuthKitConfiguration.environmentName("authkit.jwks-uri")).isEqualTo("AUTHKIT_JWKS_URI");
    assertThat(AuthKitConfiguration.environmentName("authkit.issuer")).isEqualTo("AUTHKIT_ISSUER");
  }

  @Test
  void parseRulesWhenEveryFormThenRequirementsInOrder() {
    AccessRules rules = AuthKitConfiguration.parseRules(
        "GET /a = permitAll; * /b/** = role:admin,ops; /c = anyScope:x,y; POST /d = denyAll\n/e = authenticated", true);
    assertThat(rules.rules()).hasSize(5);
    assertThat(rules.rules().get(0).methods()).containsExactly("GET");
    assertThat(rules.rules().get(1).methods()).isEmpty();
    assertThat(rules.rules().get(1).requirement().anyRoles()).containsExactly(java.util.Set.of("admin", "ops"));
    assertThat(rules.rules().get(2).requirement().anyScopes()).hasSize(1);
    assertThat(rules.rules().get(3).requirement().isDenyAll()).isTrue();
    assertThatThrownBy(() -> AuthKitConfiguration.parseRules("GET /a", false))
        .hasMessageContaining("entry 1");
    assertThatThrownBy(() -> AuthKitConfiguration.parseRules("/a = maybe", false))
        .hasMessageContaining("unknown requirement");
    assertThatThrownBy(() -> AuthKitConfiguration.parseRules("GET /a b = permitAll", false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
