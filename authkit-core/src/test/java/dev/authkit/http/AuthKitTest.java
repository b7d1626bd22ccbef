package dev.authkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthEvent;
import dev.authkit.AuthResult;
import dev.authkit.Reason;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.internal.http.ResponseTable;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.KeySource;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.testing.Challenges;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import dev.authkit.VerificationUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthKitTest {

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final JwtAuthenticator jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
      .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).clock(clock).build();
  private final AccessRules rules = AccessRules.builder()
      .permitAll("/health")
      .rule("GET", "/v1/orders", Requirement.allScopes("read"))
      .rule("POST", "/v1/orders", Requirement.allScopes("orders:write"))
      .rule("/v1/admin/**", Requirement.anyRole("admin"))
      .build();
  private final AuthKit authKit = AuthKit.builder().jwt(jwt).accessRules(rules).realm("orders")
      .addEventListener(events::add).clock(clock).build();

  private static RequestView get(String path, String authorization) {
    RequestView.Builder builder = RequestView.builder("GET", path).remoteAddress("203.0.113.9");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder.build();
  }

  private static Map<String, Object> problem(AuthResponse response) throws Exception {
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    return JSONObjectUtils.parse(response.body());
  }

  private static List<Challenges.Challenge> challenges(AuthResponse response) {
    return response.headers().stream().filter(h -> h.getKey().equals("WWW-Authenticate"))
        .map(h -> Challenges.parse(h.getValue())).toList();
  }

  @Test
  void handleWhenValidTokenWithScopeThenProceedsWithPrincipal() {
    AuthKit.Outcome outcome = authKit.handle(get("/v1/orders", "Bearer " + Tokens.fixture()));
    assertThat(outcome.responseToWrite()).isEmpty();
    assertThat(outcome.caller()).hasValueSatisfying(p -> assertThat(p.subject()).isEqualTo("user-0001"));
  }

  @Test
  void handleWhenNoCredentialThen401WithBareChallenge() throws Exception {
    AuthResponse response = authKit.handle(get("/v1/orders", null)).responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(401);
    assertThat(challenges(response)).containsExactly(new Challenges.Challenge("Bearer", Map.of("realm", "orders")));
    assertThat(problem(response)).containsEntry("status", 401L).doesNotContainKey("error");
  }

  @Test
  void handleWhenOpenPathThenProceedsAnonymouslyButBadTokenStillRefused() {
    assertThat(authKit.handle(get("/health", null)).responseToWrite()).isEmpty();
    assertThat(authKit.handle(get("/health", "Bearer " + Tokens.fixture())).caller()).isPresent();
    assertThat(authKit.handle(get("/health", "Bearer garbage.garbage.garbage")).responseToWrite())
        .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(401));
  }

  @Test
  void handleWhenUnmatchedPathThenCredentialRequired() {
    assertThat(authKit.handle(get("/not/declared", null)).responseToWrite())
        .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(401));
    assertThat(authKit.handle(get("/not/declared", "Bearer " + Tokens.fixture())).responseToWrite()).isEmpty();
  }

  @Test
  void handleWhenExpiredTokenThen401InvalidTokenWithFixedText() throws Exception {
    String expired = Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600));
    AuthResponse response = authKit.handle(get("/v1/orders", "Bearer " + expired)).responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(401);
    Challenges.Challenge challenge = challenges(response).get(0);
    assertThat(challenge.params()).containsEntry("error", "invalid_token")
        .containsEntry("error_description", "The access token has expired.");
    assertThat(problem(response)).containsEntry("error", "invalid_token").containsEntry("title", "Unauthorized");
    assertThat(response.body()).doesNotContain(expired.substring(0, 20)).doesNotContain("1699996400");
  }

  @Test
  void handleWhenScopeMissingThen403InsufficientScopeNamingScope() {
    AuthResponse response = authKit.handle(RequestView.builder("POST", "/v1/orders")
        .header("Authorization", "Bearer " + Tokens.fixture()).build()).responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(403);
    assertThat(challenges(response)).singleElement().satisfies(c -> assertThat(c.params())
        .containsEntry("error", "insufficient_scope").containsEntry("scope", "orders:write"));
    assertThat(events).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo(AuthEvent.Type.ACCESS_DENIED);
      assertThat(e.reason()).contains(Reason.INSUFFICIENT_SCOPE);
      assertThat(e.subject()).contains("user-0001");
    });
  }

  @Test
  void handleWhenRoleMissingThen403WithoutScopeOrChallenge() {
    AuthResponse response = authKit.handle(get("/v1/admin/stats", "Bearer " + Tokens.fixture()))
        .responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.header("WWW-Authenticate")).isEmpty();
    assertThat(response.body()).doesNotContain("scope");
  }

  @Test
  void handleWhenHeaderBrokenOrDuplicatedThen400InvalidRequest() {
    for (RequestView bad : List.of(get("/v1/orders", "Bearer"),
        RequestView.builder("GET", "/v1/orders").header("Authorization", "Bearer " + Tokens.fixture())
            .header("Authorization", "Bearer " + Tokens.fixture()).build())) {
      AuthResponse response = authKit.handle(bad).responseToWrite().orElseThrow();
      assertThat(response.status()).isEqualTo(400);
      assertThat(challenges(response).get(0).params()).containsEntry("error", "invalid_request");
    }
  }

  @Test
  void handleWhenPlainHttpWithCredentialThen403WithoutVerifying() throws Exception {
    List<String> keyCalls = new CopyOnWriteArrayList<>();
    KeySource counting = () -> {
      keyCalls.add("keys");
      return TestKeys.publicSet(TestKeys.A_RSA_1);
    };
    AuthKit kit = AuthKit.builder().jwt(JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(counting).clock(clock).build()).build();
    RequestView plain = RequestView.builder("GET", "/x").scheme("http").remoteAddress("203.0.113.9")
        .header("Authorization", "Bearer " + Tokens.fixture()).build();
    AuthResponse response = kit.handle(plain).responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(403);
    assertThat(problem(response)).containsEntry("detail", "Credentials must be sent over HTTPS.");
    assertThat(keyCalls).isEmpty();
    RequestView plainAnonymous = RequestView.builder("GET", "/x").scheme("http").build();
    assertThat(kit.handle(plainAnonymous).responseToWrite().orElseThrow().status()).isEqualTo(401);
  }

  @Test
  void handleWhenForwardedProtoFromTrustedProxyThenSecure() {
    AuthKit kit = AuthKit.builder().jwt(jwt).trustedProxies("10.0.0.5").build();
    RequestView.Builder viaProxy = RequestView.builder("GET", "/x").scheme("http").remoteAddress("10.0.0.5")
        .header("Authorization", "Bearer " + Tokens.fixture());
    assertThat(kit.handle(viaProxy.header("X-Forwarded-Proto", "https").build()).caller()).isPresent();
    RequestView forwarded = RequestView.builder("GET", "/x").scheme("http").remoteAddress("10.0.0.5")
        .header("Authorization", "Bearer " + Tokens.fixture())
        .header("Forwarded", "for=192.0.2.60;proto=http, for=198.51.100.1;proto=\"https\"").build();
    assertThat(kit.handle(forwarded).caller()).isPresent();
    RequestView spoofed = RequestView.builder("GET", "/x").scheme("http").remoteAddress("203.0.113.9")
        .header("Authorization", "Bearer " + Tokens.fixture()).header("X-Forwarded-Proto", "https").build();
    assertThat(kit.handle(spoofed).responseToWrite().orElseThrow().status()).isEqualTo(403);
  }

  @Test
  void handleWhenApiKeyRejectedForAnyReasonThenErrorRidesOnApiKeyChallenge() {
    dev.authkit.testing.AdapterScenarios.Fixture fixture = dev.authkit.testing.AdapterScenarios.fixture(false);
    for (String name : List.of("API key revoked", "API key bad checksum")) {
      dev.authkit.testing.AdapterScenarios.Scenario scenario = fixture.scenarios().stream()
          .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      RequestView.Builder request = RequestView.builder(scenario.method(), scenario.path());
      scenario.headers().forEach(h -> request.header(h.getKey(), h.getValue()));
      AuthResponse response = fixture.authKit().handle(request.build()).responseToWrite().orElseThrow();
      List<Challenges.Challenge> parsed = challenges(response);
      assertThat(parsed).extracting(Challenges.Challenge::scheme).containsExactly("Bearer", "ApiKey");
      assertThat(parsed.get(0).params()).as(name).doesNotContainKey("error");
      assertThat(parsed.get(1).params()).as(name).containsEntry("error", "invalid_token");
    }
  }

  @Test
  void isHttpsWhenSchemeOrTrustedProxySaysHttpsThenTrueButLoopbackExemptionIsNotHttps() {
    AuthKit kit = AuthKit.builder().jwt(jwt).trustedProxies("10.0.0.5").insecureAllowHttpFromLoopback().build();
    assertThat(kit.isHttps(RequestView.builder("GET", "/x").scheme("https").remoteAddress("203.0.113.9").build())).isTrue();
    assertThat(kit.isHttps(RequestView.builder("GET", "/x").scheme("http").remoteAddress("10.0.0.5")
        .header("X-Forwarded-Proto", "https").build())).isTrue();
    assertThat(kit.isHttps(RequestView.builder("GET", "/x").scheme("http").remoteAddress("10.0.0.5")
        .header("X-Forwarded-Proto", "https").header("Forwarded", "proto=http").build())).isFalse();
    assertThat(kit.isHttps(RequestView.builder("GET", "/x").scheme("http").remoteAddress("203.0.113.9")
        .header("X-Forwarded-Proto", "https").build())).isFalse();
    RequestView loopback = RequestView.builder("GET", "/x").scheme("http").remoteAddress("127.0.0.1")
        .header("Authorization", "Bearer " + Tokens.fixture()).build();
    assertThat(kit.isHttps(loopback)).isFalse();
    assertThat(kit.handle(loopback).caller()).as("the exemption still lets the credential through").isPresent();
  }

  @Test
  void handleWhenProxyHeadersDisagreeThenNotSecure() {
    AuthKit kit = AuthKit.builder().jwt(jwt).trustedProxies("10.0.0.5").build();
    java.util.function.BiFunction<String, String, RequestView> via = (forwarded, xfp) -> {
      RequestView.Builder builder = RequestView.builder("GET", "/x").scheme("http").remoteAddress("10.0.0.5")
          .header("Authorization", "Bearer " + Tokens.fixture());
      if (forwarded != null) {
        builder.header("Forwarded", forwarded);
      }
      if (xfp != null) {
        builder.header("X-Forwarded-Proto", xfp);
      }
      return builder.build();
    };
    assertThat(kit.handle(via.apply("proto=https", "http")).responseToWrite()).isPresent();
    assertThat(kit.handle(via.apply("proto=http", "https")).responseToWrite()).isPresent();
    assertThat(kit.handle(via.apply("for=1.2.3.4", "https")).caller()).isPresent();
    assertThat(kit.handle(via.apply("proto=https", "https")).caller()).isPresent();
    assertThat(kit.handle(via.apply(null, "https, http")).responseToWrite()).isPresent();
  }

  @Test
  void handleWhenLoopbackAndOptedInThenPlainHttpAccepted() {
    AuthKit kit = AuthKit.builder().jwt(jwt).insecureAllowHttpFromLoopback().build();
    for (String loopback : List.of("127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "[::1]")) {
      RequestView local = RequestView.builder("GET", "/x").scheme("http").remoteAddress(loopback)
          .header("Authorization", "Bearer " + Tokens.fixture()).build();
      assertThat(kit.handle(local).caller()).as(loopback).isPresent();
    }
    for (String remote : List.of("128.0.0.1", "127.0.0.1.evil", "localhost", "127.0.0.256", "")) {
      RequestView other = RequestView.builder("GET", "/x").scheme("http").remoteAddress(remote)
          .header("Authorization", "Bearer " + Tokens.fixture()).build();
      assertThat(kit.handle(other).responseToWrite()).as(remote).isPresent();
    }
  }

  @Test
  void handleWhenKeysUnavailableThen503WithRetryAfter() {
    KeySource down = () -> {
      throw new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, "jwks down");
    };
    AuthKit kit = AuthKit.builder().jwt(JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(down).clock(clock).build()).unavailableRetryAfter(Duration.ofSeconds(7)).build();
    AuthResponse response = kit.handle(get("/x", "Bearer " + Tokens.fixture())).responseToWrite().orElseThrow();
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("7");
    assertThat(response.header("WWW-Authenticate")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Reason.class)
  void responseTableWhenAnyReasonThenValidStatusChallengeAndProblemWithoutSecrets(Reason reason) throws Exception {
    AuthResponse response = new ResponseTable("api", true, "https://api.example/.well-known/oauth-protected-resource",
        Duration.ofSeconds(30)).failure(reason, Set.of("orders:read"), Duration.ofMillis(1500), false);
    assertThat(response.status()).isIn(400, 401, 403, 429, 503);
    challenges(response).forEach(c -> assertThat(c.params()).containsEntry("realm", "api"));
    Map<String, Object> problem = problem(response);
    assertThat(problem).containsKeys("type", "title", "status", "detail");
    assertThat(((Number) problem.get("status")).intValue()).isEqualTo(response.status());
    if (EnumSet.of(Reason.RATE_LIMITED, Reason.KEYS_UNAVAILABLE, Reason.STORE_UNAVAILABLE).contains(reason)) {
      assertThat(response.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    }
    if (response.status() == 401) {
      assertThat(challenges(response)).extracting(Challenges.Challenge::scheme).containsExactly("Bearer", "ApiKey");
    }
  }

  @Test
  void responseTableWhenRateLimitedThenRetryAfterRoundedUp() {
    AuthResponse response = new ResponseTable("api", true, null, Duration.ofSeconds(30))
        .failure(Reason.RATE_LIMITED, Set.of(), Duration.ofMillis(1500), true);
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.header("Retry-After")).contains("2");
  }

  @Test
  void resourceMetadataWhenConfiguredThenNamedInChallengeAndServedAsJson() throws Exception {
    ResourceMetadata metadata = ResourceMetadata.of(URI.create("https://api.example.com/orders"),
        List.of(URI.create(Tokens.ISSUER_A)), Set.of("read", "orders:write"));
    AuthKit kit = AuthKit.builder().jwt(jwt).resourceMetadata(metadata).build();
    AuthResponse response = kit.handle(get("/x", null)).responseToWrite().orElseThrow();
    assertThat(challenges(response).get(0).params()).containsEntry("resource_metadata",
        "https://api.example.com/.well-known/oauth-protected-resource/orders");
    assertThat(metadata.wellKnownPath()).isEqualTo("/.well-known/oauth-protected-resource/orders");
    Map<String, Object> json = JSONObjectUtils.parse(metadata.toJson());
    assertThat(json).containsEntry("resource", "https://api.example.com/orders")
        .containsEntry("authorization_servers", List.of(Tokens.ISSUER_A))
        .containsEntry("scopes_supported", List.of("orders:write", "read"))
        .containsEntry("bearer_methods_supported", List.of("header"));
    assertThatThrownBy(() -> ResourceMetadata.of(URI.create("http://api.example.com"), List.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenMisconfiguredThenClearErrors() {
    assertThatThrownBy(() -> AuthKit.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jwt(..)");
    assertThatThrownBy(() -> AuthKit.builder().realm("a\"b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthKit.builder().unavailableRetryAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticateWhenAnonymousThenAnonymousResult() {
    assertThat(authKit.authenticate(get("/x", null))).isSameAs(AuthResult.anonymous());
    assertThat(authKit.authenticate(get("/x", "Basic dXNlcjpwYXNz"))).isSameAs(AuthResult.anonymous());
  }
}
