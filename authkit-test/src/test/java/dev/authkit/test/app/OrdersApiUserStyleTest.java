package dev.authkit.test.app;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;

import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.test.FakeIssuer;
import dev.authkit.test.HostileToken;
import dev.authkit.test.junit.AuthKitTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user's typical test, over real HTTP: start the app, call it with {@code issuer.token()...} (200),
 * with a token missing the scope (403), with nothing (401), and with each hostile token (401).
 */
@AuthKitTest
class OrdersApiUserStyleTest {

  private static TinyApp app;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void startApp(FakeIssuer issuer) throws Exception {
    app = TinyApp.start(issuer.authKitBuilder().insecureAllowHttpFromLoopback()
        .accessRules(AccessRules.builder().permitAll("/health")
            .rule("GET", "/v1/orders", Requirement.allScopes("orders:read")).build())
        .build());
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<HostileToken> hostileTokens(FakeIssuer issuer) {
    return issuer.token().scopes("orders:read").hostileTokens().all();
  }

  @Test
  void ordersWhenTokenHasScopeThen200(FakeIssuer issuer) throws Exception {
    HttpResponse<String> response = get("/v1/orders", "Bearer " + issuer.token().subject("user_42").scopes("orders:read").sign());
    assertThat(response).hasStatus(200).hasNoChallenge();
    assertThat(response.body()).isEqualTo("hello user_42");
  }

  @Test
  void ordersWhenScopeMissingThen403NamingTheScope(FakeIssuer issuer) throws Exception {
    assertThat(get("/v1/orders", "Bearer " + issuer.token().scopes("profile").sign()))
        .hasStatus(403).bearerChallenge().hasRealm("api").hasError("insufficient_scope").hasScope("orders:read");
  }

  @Test
  void ordersWhenNoTokenThen401BareChallengeAndHealthIsOpen() throws Exception {
    assertThat(get("/v1/orders", null)).hasStatus(401).bearerChallenge().hasRealm("api").hasNoError();
    assertThat(get("/health", null)).hasStatus(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTokens")
  void ordersWhenHostileTokenThen401InvalidToken(HostileToken hostile, FakeIssuer issuer) throws Exception {
    assertThat(get("/v1/orders", "Bearer " + issuer.token().scopes("orders:read").sign())).hasStatus(200);
    HttpResponse<String> response = get("/v1/orders", hostile.authorizationHeader());
    if (hostile.mayBeRefusedByContainer() && response.statusCode() != 401) {
      assertThat(response.statusCode()).isBetween(400, 499);
      return;
    }
    assertThat(response).hasStatus(401).bearerChallenge().hasRealm("api").hasError("invalid_token");
    assertThat(response.body()).doesNotContain(hostile.token().substring(0, 20)).contains("\"status\":401");
  }
}
