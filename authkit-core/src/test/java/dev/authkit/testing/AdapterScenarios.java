package dev.authkit.testing;

import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.http.AuthKit;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import dev.authkit.jwt.TrustedIssuer;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.apikey.IssuedApiKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The one table of requests and expected responses that every adapter suite runs, so the servlet
 * filter and the JAX-RS filters are proven to answer identically (status, challenge, problem body).
 *
 * <p>The application under test exposes: {@code GET /health} (open), {@code GET /v1/orders} (scope
 * {@code read}), {@code POST /v1/orders} (scope {@code orders:write}), {@code GET /v1/admin/stats}
 * (role {@code admin}), and {@code GET /v1/other} (nothing declared: authenticated). Each answers
 * 200 with {@code subject=<remote user>}.
 */
public final class AdapterScenarios {

  /** Issuer whose key source is down: its tokens get 503. */
  public static final String ISSUER_DOWN = "https://issuer-down.example";

  /**
   * One request and its expected answer.
   *
   * @param name for test display
   * @param method HTTP method
   * @param path path below the application root
   * @param headers request headers (name, value), repeated names allowed
   * @param status expected status
   * @param error expected {@code error} of the challenge that carries one (Bearer or ApiKey), or null
   * @param scope expected {@code scope} challenge attribute, or null
   * @param challenge whether a {@code WWW-Authenticate} header is expected at all
   */
  public record Scenario(String name, String method, String path, List<Map.Entry<String, String>> headers,
      int status, String error, String scope, boolean challenge) {
    @Override
    public String toString() {
      return name;
    }
  }

  private AdapterScenarios() {}

  /** The fixed clock every adapter fixture uses: CASES.md T0. */
  public static Clock clock() {
    return Clock.fixed(Instant.ofEpochSecond(Tokens.T0), ZoneOffset.UTC);
  }

  /** The access rules of the application under test (the JAX-RS app expresses the same with annotations). */
  public static AccessRules rules() {
    return AccessRules.builder()
        .permitAll("/health")
        .rule("GET", "/v1/orders", Requirement.allScopes("read"))
        .rule("POST", "/v1/orders", Requirement.allScopes("orders:write"))
        .rule("GET", "/v1/admin/stats", Requirement.anyRole("admin"))
        .build();
  }

  /** The JWT authenticator: issuer A with kA1 and kA2; {@link #ISSUER_DOWN} whose keys cannot be fetched. */
  public static JwtAuthenticator jwt() {
    return JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1)))
        .trustedIssuer(TrustedIssuer.builder(ISSUER_DOWN).audience(Tokens.AUDIENCE)
            .keySource(() -> {
              throw new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, "the key set endpoint is down");
            }).build())
        .clock(clock())
        .build();
  }

  /**
   * One application's authkit set-up: JWT issuers, an in-memory API-key store with keys issued for
   * the scenarios, and the facade. Each adapter test class makes its own, so rate-limit state is
   * never shared between containers.
   */
  public static final class Fixture {
    private final AuthKit authKit;
    private final String readKey;
    private final String exhaustedKey;
    private final String revokedKey;

    private Fixture(boolean allowHttpFromLoopback, AccessRules accessRules) {
      InMemoryApiKeyStore store = new InMemoryApiKeyStore();
      ApiKeyAuthenticator apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_test").clock(clock())
          .build();
      ApiKeyIssuer issuer = ApiKeyIssuer.builder().prefix("sk_test").store(store).clock(clock())
          .invalidates(apiKeys).build();
      this.readKey = issuer.newKey("service-read").scopes("read").issue().plaintext();
      IssuedApiKey exhausted = issuer.newKey("service-limited").scopes("read")
          .rateLimit(ApiKeyRateLimit.of(1, Duration.ofHours(1))).issue();
      apiKeys.authenticate(exhausted.plaintext());
      this.exhaustedKey = exhausted.plaintext();
      IssuedApiKey revoked = issuer.newKey("service-revoked").scopes("read").issue();
      issuer.revoke(revoked.keyId());
      this.revokedKey = revoked.plaintext();
      AuthKit.Builder builder = AuthKit.builder().jwt(jwt()).apiKeys(apiKeys).accessRules(accessRules).clock(clock());
      if (allowHttpFromLoopback) {
        builder.insecureAllowHttpFromLoopback();
      }
      this.authKit = builder.build();
    }

    /** Returns the facade. */
    public AuthKit authKit() {
      return authKit;
    }

    /** Returns an API key with scope {@code read}. */
    public String readKey() {
      return readKey;
    }

    /** Returns the scenarios for this fixture's keys. */
    public List<Scenario> scenarios() {
      List<Scenario> all = new ArrayList<>(jwtScenarios());
      all.addAll(unsecuredTokenScenarios());
      String valid = Tokens.fixture();
      String badChecksum = readKey.substring(0, readKey.length() - 1)
          + (readKey.endsWith("A") ? "B" : "A");
      all.add(new Scenario("API key in header", "GET", "/v1/orders", List.of(Map.entry("X-API-Key", readKey)), 200,
          null, null, false));
      all.add(new Scenario("API key as Bearer", "GET", "/v1/orders", List.of(bearer(readKey)), 200, null, null, false));
      all.add(new Scenario("API key lacks scope", "POST", "/v1/orders", List.of(Map.entry("X-API-Key", readKey)), 403,
          "insufficient_scope", "orders:write", true));
      all.add(new Scenario("API key bad checksum", "GET", "/v1/orders", List.of(Map.entry("X-API-Key", badChecksum)),
          401, "invalid_token", null, true));
      all.add(new Scenario("API key revoked", "GET", "/v1/orders", List.of(Map.entry("X-API-Key", revokedKey)), 401,
          "invalid_token", null, true));
      all.add(new Scenario("API key rate-limited", "GET", "/v1/orders", List.of(Map.entry("X-API-Key", exhaustedKey)),
          429, null, null, false));
      all.add(new Scenario("Bearer token and API key", "GET", "/v1/orders",
          List.of(bearer(valid), Map.entry("X-API-Key", readKey)), 400, "invalid_request", null, true));
      return List.copyOf(all);
    }
  }

  /**
   * Creates a fixture.
   *
   * @param allowHttpFromLoopback true for the plain-HTTP test containers; false to prove HTTPS_REQUIRED
   */
  public static Fixture fixture(boolean allowHttpFromLoopback) {
    return new Fixture(allowHttpFromLoopback, rules());
  }

  /**
   * Creates a fixture whose facade has other access rules: the JAX-RS suite passes
   * {@link AccessRules#authenticatedOnly()}, so that its annotations alone express {@link #rules()}.
   *
   * @param allowHttpFromLoopback true for the plain-HTTP test containers
   * @param accessRules the facade's path rules
   */
  public static Fixture fixture(boolean allowHttpFromLoopback, AccessRules accessRules) {
    return new Fixture(allowHttpFromLoopback, accessRules);
  }

  /**
   * One row of the CASES.md BR-24 Bearer header table, sent as {@code GET /v1/orders}.
   *
   * @param header the {@code Authorization} value exactly as written on the wire
   * @param status expected status
   * @param error expected {@code error} of the challenge, or null
   */
  public record HeaderCase(String header, int status, String error) {
    @Override
    public String toString() {
      return status + " " + error + " <" + header.replaceAll("[A-Za-z0-9_-]{20,}", "…") + ">";
    }
  }

  /** CASES.md BR-24 through a real container: header strings as the wire carries them. */
  public static List<HeaderCase> bearerHeaderTable() {
    String v = Tokens.fixture();
    String[] p = v.split("\\.");
    boolean urlSafe = p[2].contains("-") || p[2].contains("_");
    return List.of(
        new HeaderCase("Bearer " + v, 200, null),
        new HeaderCase("bearer " + v, 200, null),
        new HeaderCase("BEARER " + v, 200, null),
        new HeaderCase("Bearer  " + v, 200, null),
        new HeaderCase("Bearer " + v + "   ", 200, null),
        new HeaderCase("Bearer\t" + v, 400, "invalid_request"),
        new HeaderCase("Bearer " + v + " x", 400, "invalid_request"),
        new HeaderCase("Bearer " + v + "###", 400, "invalid_request"),
        new HeaderCase("Bearer " + v + ",", 400, "invalid_request"),
        new HeaderCase("Bearer\u00a0" + v, 400, "invalid_request"),
        new HeaderCase("Bearer " + v + "\u00a0", 400, "invalid_request"),
        new HeaderCase("Bearer " + p[0] + "\uff0e" + p[1] + "." + p[2], 400, "invalid_request"),
        new HeaderCase("Bearer " + p[0] + "." + p[1] + "." + p[2].replace('-', '+').replace('_', '/'),
            urlSafe ? 401 : 200, urlSafe ? "invalid_token" : null),
        new HeaderCase("Bearer " + p[0] + "=." + p[1] + "." + p[2], 401, "invalid_token"),
        new HeaderCase("Bearer " + v + "=", 401, "invalid_token"),
        new HeaderCase("Bearer", 400, "invalid_request"),
        new HeaderCase("Bearer ", 400, "invalid_request"),
        new HeaderCase("Bearer=" + v, 400, "invalid_request"),
        new HeaderCase("Token " + v, 401, null),
        new HeaderCase(v, 401, null),
        new HeaderCase("Basic dXNlcjpwYXNz", 401, null),
        new HeaderCase("Bearer " + v + ", Bearer " + v, 400, "invalid_request"));
  }

  private static Map.Entry<String, String> bearer(String token) {
    return Map.entry("Authorization", "Bearer " + token);
  }

  /** The JWT scenarios, valid for any fixture. */
  static List<Scenario> jwtScenarios() {
    String valid = Tokens.fixture();
    String expired = Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600));
    String admin = Tokens.fixtureWithClaims(c -> c.put("roles", List.of("admin")));
    String down = Tokens.fixtureWithClaims(c -> c.put("iss", ISSUER_DOWN));
    String noScope = Tokens.fixtureWithClaims(c -> c.remove("scope"));
    String[] parts = valid.split("\\.");
    String algNone = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
    return List.of(
        new Scenario("valid token, scope held", "GET", "/v1/orders", List.of(bearer(valid)), 200, null, null, false),
        new Scenario("no credential", "GET", "/v1/orders", List.of(), 401, null, null, true),
        new Scenario("expired token", "GET", "/v1/orders", List.of(bearer(expired)), 401, "invalid_token", null, true),
        new Scenario("alg none", "GET", "/v1/orders", List.of(bearer(algNone)), 401, "invalid_token", null, true),
        new Scenario("garbage token", "GET", "/v1/orders", List.of(bearer("abc.def.ghi")), 401, "invalid_token", null,
            true),
        new Scenario("scope missing", "POST", "/v1/orders", List.of(bearer(valid)), 403, "insufficient_scope",
            "orders:write", true),
        new Scenario("role missing", "GET", "/v1/admin/stats", List.of(bearer(valid)), 403, null, null, false),
        new Scenario("HEAD needs the GET scope", "HEAD", "/v1/orders", List.of(bearer(noScope)), 403,
            "insufficient_scope", "read", true),
        new Scenario("HEAD with the GET scope", "HEAD", "/v1/orders", List.of(bearer(valid)), 200, null, null, false),
        new Scenario("role held", "GET", "/v1/admin/stats", List.of(bearer(admin)), 200, null, null, false),
        new Scenario("two Authorization headers", "GET", "/v1/orders", List.of(bearer(valid), bearer(valid)), 400,
            "invalid_request", null, true),
        new Scenario("empty Bearer", "GET", "/v1/orders", List.of(Map.entry("Authorization", "Bearer")), 400,
            "invalid_request", null, true),
        new Scenario("other scheme", "GET", "/v1/orders", List.of(Map.entry("Authorization", "Basic dXNlcjpwYXNz")),
            401, null, null, true),
        new Scenario("keys unavailable", "GET", "/v1/orders", List.of(bearer(down)), 503, null, null, false),
        new Scenario("open path, no credential", "GET", "/health", List.of(), 200, null, null, false),
        new Scenario("open path, bad credential", "GET", "/health", List.of(bearer(expired)), 401, "invalid_token",
            null, true),
        new Scenario("undeclared path, no credential", "GET", "/v1/other", List.of(), 401, null, null, true),
        new Scenario("undeclared path, valid token", "GET", "/v1/other", List.of(bearer(valid)), 200, null, null,
            false));
  }

  /**
   * CASES.md BR-01 (a)–(h) through an adapter: unsecured tokens in any spelling and stripped
   * signatures, each 401 {@code invalid_token}. The untampered {@code V} in the same table
   * ("valid token, scope held") is the positive control.
   */
  public static List<Scenario> unsecuredTokenScenarios() {
    String[] parts = Tokens.fixture().split("\\.");
    String payload = parts[1];
    java.util.function.Function<String, String> b64 = json -> java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<Scenario> all = new ArrayList<>();
    java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
    tokens.put("a none", b64.apply("{\"alg\":\"none\"}") + "." + payload + ".");
    tokens.put("b None", b64.apply("{\"alg\":\"None\"}") + "." + payload + ".");
    tokens.put("c NONE", b64.apply("{\"alg\":\"NONE\"}") + "." + payload + ".");
    tokens.put("d nOnE", b64.apply("{\"alg\":\"nOnE\"}") + "." + payload + ".");
    tokens.put("e none with V's signature",
        b64.apply("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}") + "." + payload + "." + parts[2]);
    tokens.put("f signature stripped", parts[0] + "." + payload + ".");
    tokens.put("g two segments", parts[0] + "." + payload);
    tokens.put("h empty alg", b64.apply("{\"alg\":\"\"}") + "." + payload + ".");
    tokens.put("h no alg", b64.apply("{\"typ\":\"at+jwt\"}") + "." + payload + ".");
    tokens.forEach((name, token) -> all.add(new Scenario("BR-01 " + name, "GET", "/v1/orders", List.of(bearer(token)),
        401, "invalid_token", null, true)));
    return List.copyOf(all);
  }

  /** Returns the public set of the keys the fixture issuer publishes. */
  public static JWKSet publishedKeys() {
    return TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1);
  }
}
