package dev.authkit.test.app;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static java.net.http.HttpResponse.BodyHandlers.ofString;

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

/** The README's "Testing your app" example, verbatim from the class line down. */
@AuthKitTest
class OrdersApiTest {
  static OrdersApp app;   // your application, configured with issuer.configuration()
  @BeforeAll static void start(FakeIssuer issuer) { app = OrdersApp.start(issuer.configuration()); }
  @AfterAll static void stop() { app.stop(); }
  static HttpResponse<String> get(String authorization) throws Exception { return HttpClient.newHttpClient()
      .send(HttpRequest.newBuilder(app.uri("/v1/orders")).header("Authorization", authorization).build(), ofString()); }

  @Test void ordersWhenScopeGrantedThen200(FakeIssuer issuer) throws Exception {
    assertThat(get("Bearer " + issuer.token().scopes("orders:read").sign())).hasStatus(200);
  }
  @Test void ordersWhenScopeMissingThen403(FakeIssuer issuer) throws Exception {
    assertThat(get("Bearer " + issuer.token().sign())).hasStatus(403).bearerChallenge().hasScope("orders:read");
  }
  @ParameterizedTest(name = "{0}") @MethodSource("hostile") void ordersWhenHostileThen401(HostileToken token) throws Exception {
    assertThat(get(token.authorizationHeader())).rejects(token);
  }
  static List<HostileToken> hostile(FakeIssuer issuer) { return issuer.token().scopes("orders:read").hostileTokens().all(); }
}
