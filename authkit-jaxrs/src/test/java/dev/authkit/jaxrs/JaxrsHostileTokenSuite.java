package dev.authkit.jaxrs;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatChallenge;

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
 * authkit-test's hostile-token catalogue through a real JAX-RS runtime: {@link AuthKitFeature} with
 * keys from a {@link FakeIssuer} (discovery and JWK set over HTTP); every hostile token is answered
 * 401 {@code invalid_token}, except that the runtime may refuse the oversized token's header itself
 * (Grizzly's 8 KiB header limit). Each request's positive control, the same token without its
 * defect, is 200.
 */
@AuthKitTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JaxrsHostileTokenSuite {

  private JaxrsRuntime runtime;
  private int port;

  abstract JaxrsRuntime newRuntime();

  @BeforeAll
  void start(FakeIssuer issuer) throws Exception {
    runtime = newRuntime();
    port = runtime.start(TestResources.application(
        new AuthKitFeature(issuer.authKitBuilder().insecureAllowHttpFromLoopback().build())));
  }

  @AfterAll
  void stop() {
    runtime.close();
  }

  List<HostileToken> catalogue(FakeIssuer issuer) {
    return issuer.token().scopes("read").hostileTokens().all();
  }

  private RawHttp.Response get(String authorization) throws Exception {
    return RawHttp.send(port, "GET", "/v1/orders", List.of(Map.entry("Authorization", authorization)));
  }

  @Test
  void requestWhenValidTokenThen200WithTheCallerInTheSecurityContext(FakeIssuer issuer) throws Exception {
    RawHttp.Response response = get("Bearer " + issuer.token().subject("user_42").scopes("read").sign());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("subject=user_42;authType=Bearer;principal=true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void requestWhenHostileTokenThen401InvalidToken(HostileToken hostile, FakeIssuer issuer) throws Exception {
    assertThat(get("Bearer " + issuer.token().scopes("read").sign()).status()).isEqualTo(200);
    RawHttp.Response response = get(hostile.authorizationHeader());
    if (hostile.mayBeRefusedByContainer() && response.status() != 401) {
      assertThat(response.status()).as("%s in %s", hostile, runtime.name()).isIn(400, 413, 431);
      return;
    }
    assertThat(response.status()).as("%s in %s", hostile, runtime.name()).isEqualTo(401);
    List<String> challenges = response.headers("WWW-Authenticate");
    assertThat(challenges).hasSize(1);
    assertThatChallenge(challenges.get(0)).hasScheme("Bearer").hasRealm("api").hasError("invalid_token");
    assertThat(response.body()).contains("\"error\":\"invalid_token\"").doesNotContain("eyJ");
  }
}
