package dev.authkit.servlet;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatChallenge;

import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.test.FakeIssuer;
import dev.authkit.test.HostileToken;
import dev.authkit.test.junit.AuthKitTest;
import dev.authkit.testing.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * authkit-test's hostile-token catalogue through a real container: {@link AuthKitFilter} with keys from
 * a {@link FakeIssuer} (discovery and JWK set over HTTP), every hostile token answered 401
 * {@code invalid_token}, except that the container may refuse the oversized token's header itself
 * (Jetty 431, Tomcat 400). Each request's positive control, the same token without its defect, is 200.
 */
@AuthKitTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileTokenSuite {

  private EmbeddedContainer container;
  private int port;

  abstract EmbeddedContainer newContainer();

  @BeforeAll
  void start(FakeIssuer issuer) throws Exception {
    container = newContainer();
    port = container.start(new AuthKitFilter(issuer.authKitBuilder().insecureAllowHttpFromLoopback()
        .accessRules(AccessRules.builder().rule("GET", "/v1/orders", Requirement.allScopes("orders:read")).build())
        .build()), new EchoServlet());
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
  }

  List<HostileToken> catalogue(FakeIssuer issuer) {
    return issuer.token().scopes("orders:read").hostileTokens().all();
  }

  private RawHttp.Response get(String authorization) throws Exception {
    return RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("Authorization", authorization)));
  }

  @Test
  void requestWhenValidTokenThen200WithTheCallerVisibleToTheServlet(FakeIssuer issuer) throws Exception {
    RawHttp.Response response = get("Bearer " + issuer.token().subject("user_42").scopes("orders:read").sign());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("subject=user_42;authType=Bearer;principal=true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void requestWhenHostileTokenThen401InvalidToken(HostileToken hostile, FakeIssuer issuer) throws Exception {
    assertThat(get("Bearer " + issuer.token().scopes("orders:read").sign()).status()).isEqualTo(200);
    RawHttp.Response response = get(hostile.authorizationHeader());
    if (hostile.mayBeRefusedByContainer() && response.status() != 401) {
      assertThat(response.status()).as("%s in %s", hostile, container.name()).isIn(400, 413, 431);
      return;
    }
    assertThat(response.status()).as("%s in %s", hostile, container.name()).isEqualTo(401);
    List<String> challenges = response.headers("WWW-Authenticate");
    assertThat(challenges).hasSize(1);
    assertThatChallenge(challenges.get(0)).hasScheme("Bearer").hasRealm("api").hasError("invalid_token");
    assertThat(response.body()).contains("\"error\":\"invalid_token\"").doesNotContain("eyJ");
  }
}
