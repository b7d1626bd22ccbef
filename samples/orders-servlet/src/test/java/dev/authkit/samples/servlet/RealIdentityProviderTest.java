package dev.authkit.samples.servlet;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.samples.orders.SampleOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end with a real identity provider: navikt's mock-oauth2-server and the servlet sample in
 * real mode, each on a free loopback port. The sample knows nothing but the issuer URL and the
 * audience (keys by discovery); tokens come from the provider's token endpoint with the
 * {@code client_credentials} grant (RFC 6749 §4.4), shaped by its token callback; calls go over HTTP.
 */
class RealIdentityProviderTest {

  private static final String ISSUER_ID = "orders-idp";
  private static final String AUDIENCE = "api://orders";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static MockOAuth2Server idp;
  private static OrdersServletApp app;

  @BeforeAll
  static void start() throws Exception {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getByName("127.0.0.1"), 0);
    // The provider's first answers are slow while its JVM code warms up (seconds on a loaded machine):
    // warm it before the sample's 5 s key-fetch deadline starts counting.
    token(ISSUER_ID, "warm-up", "none");
    CLIENT.send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    // A local test provider serves plain HTTP: both switches are needed, and named insecure.
    app = OrdersServletApp.start(SampleOptions.parse(new String[] {
        "--port", "0", "--issuer", issuer(), "--audience", AUDIENCE,
        "--insecure-allow-http-on-loopback", "--insecure-allow-http-from-loopback"}, Map.of()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    idp.shutdown();
  }

  private static String issuer() {
    return idp.issuerUrl(ISSUER_ID).toString();
  }

  /** Gets an access token from the provider's token endpoint (client_credentials), with these claims. */
  private static String token(String issuerId, String scope, String tenant, String... roles) throws Exception {
    idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "orders-client", "JWT", List.of(AUDIENCE),
        Map.of("scope", scope, "tid", tenant, "roles", List.of(roles)), 3600));
    String form = "grant_type=client_credentials&client_id=orders-client&client_secret=secret&scope="
        + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(idp.tokenEndpointUrl(issuerId).toString()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return (String) JSONObjectUtils.parse(response.body()).get("access_token");
  }

  private static HttpResponse<String> call(String method, String path, String header, String value, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (!header.isEmpty()) {
      request.header(header, value);
    }
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return call("GET", path, "Authorization", "Bearer " + token, "");
  }

  @Test
  void ordersWhenProviderTokenHasOrdersReadThen200WithOwnTenantOnly() throws Exception {
    HttpResponse<String> response = get("/v1/orders", token(ISSUER_ID, "orders:read", "tenant-a"));

    assertThat(response).hasStatus(200);
    assertThat(response.body()).contains("\"tenant\":\"tenant-a\"").doesNotContain("tenant-b");
  }

  @Test
  void ordersWhenProviderTokenLacksScopeThen403InsufficientScope() throws Exception {
    assertThat(get("/v1/orders", token(ISSUER_ID, "orders:read", "tenant-a"))).hasStatus(200);

    assertThat(get("/v1/orders", token(ISSUER_ID, "profile", "tenant-a")))
        .hasStatus(403).bearerChallenge().hasError("insufficient_scope").hasScope("orders:read");
  }

  @Test
  void ordersWhenTokenFromAnotherIssuerOfSameProviderThen401() throws Exception {
    assertThat(get("/v1/orders", token(ISSUER_ID, "orders:read", "tenant-a"))).hasStatus(200);

    assertThat(get("/v1/orders", token("another-idp", "orders:read", "tenant-a")))
        .hasStatus(401).bearerChallenge().hasError("invalid_token");
  }

  @Test
  void ordersWhenApiKeyThen200AndNoCredentialThen401() throws Exception {
    HttpResponse<String> withKey = call("GET", "/v1/orders", "X-API-Key", app.security().demoApiKey(), "");

    assertThat(withKey).hasStatus(200);
    assertThat(withKey.body()).contains("\"tenant\":\"tenant-a\"");
    assertThat(call("GET", "/v1/orders", "", "", "")).hasStatus(401);
  }

  @Test
  void createWhenOrdersWriteThen201AndOnlyTheCallersTenantSeesIt() throws Exception {
    String tenantB = token(ISSUER_ID, "orders:read orders:write", "tenant-b");
    HttpResponse<String> created = call("POST", "/v1/orders", "Authorization", "Bearer " + tenantB,
        "{\"item\":\"paper cups\",\"quantity\":50}");

    assertThat(created).hasStatus(201);
    assertThat(get("/v1/orders", tenantB).body()).contains("paper cups");
    assertThat(get("/v1/orders", token(ISSUER_ID, "orders:read", "tenant-a")).body()).doesNotContain("paper cups");
    assertThat(call("POST", "/v1/orders", "Authorization", "Bearer " + token(ISSUER_ID, "orders:read", "tenant-b"),
        "{\"item\":\"x\",\"quantity\":1}")).hasStatus(403).bearerChallenge().hasScope("orders:write");
  }

  @Test
  void adminStatsWhenRoleAdminThen200ElseWithout403() throws Exception {
    assertThat(get("/v1/admin/stats", token(ISSUER_ID, "orders:read", "tenant-a", "admin"))).hasStatus(200);
    assertThat(get("/v1/admin/stats", token(ISSUER_ID, "orders:read", "tenant-a", "clerk"))).hasStatus(403);
  }

  @Test
  void ordersWhenApiKeyOverItsRateLimitThen429WithRetryAfter() throws Exception {
    String key = app.security().apiKeyIssuer().newKey("batch-job").tenant("tenant-a").scopes("orders:read")
        .rateLimit(ApiKeyRateLimit.of(2, Duration.ofMinutes(1))).issue().plaintext();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 3; i++) {
      last = call("GET", "/v1/orders", "X-API-Key", key, "");
      statuses.add(last.statusCode());
    }

    org.assertj.core.api.Assertions.assertThat(statuses).containsExactly(200, 200, 429);
    org.assertj.core.api.Assertions.assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void startWhenIssuerOverPlainHttpWithoutInsecureSwitchThenRefused() {
    assertThatThrownBy(() -> OrdersServletApp.start(SampleOptions.parse(new String[] {
        "--port", "0", "--issuer", issuer(), "--audience", AUDIENCE}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ordersWhenTokenOverPlainHttpWithoutInsecureSwitchThen403() throws Exception {
    OrdersServletApp production = OrdersServletApp.start(SampleOptions.parse(new String[] {
        "--port", "0", "--issuer", issuer(), "--audience", AUDIENCE, "--insecure-allow-http-on-loopback"}, Map.of()));
    try {
      String token = token(ISSUER_ID, "orders:read", "tenant-a");
      assertThat(get("/v1/orders", token)).hasStatus(200);
      HttpResponse<String> plain = CLIENT.send(HttpRequest.newBuilder(production.baseUri().resolve("/v1/orders"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(plain).hasStatus(403);
      assertThat(plain.body()).contains("HTTPS");
    } finally {
      production.close();
    }
  }
}
