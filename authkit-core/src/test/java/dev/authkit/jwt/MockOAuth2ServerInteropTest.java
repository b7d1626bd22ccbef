package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real identity-provider interop: navikt's mock-oauth2-server runs in-process on a free port and
 * issues access tokens through its token endpoint ({@code client_credentials}, RFC 6749 §4.4), as
 * a real client gets them; authkit is configured with nothing but the issuer URL.
 */
class MockOAuth2ServerInteropTest {

  private static final String AUDIENCE = "api://authkit-test";
  private static MockOAuth2Server idp;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JwtAuthenticator authenticator;

  @BeforeAll
  static void startIdp() throws Exception {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterAll
  static void stopIdp() {
    idp.shutdown();
  }

  @BeforeEach
  void trustFirstIssuerOnly() {
    String issuer = idp.issuerUrl("issuer1").toString();
    authenticator = JwtAuthenticator.builder()
        .issuer(issuer)
        .audience(AUDIENCE)
        .keySource(JwkSetSource.fromIssuer(issuer).insecureAllowHttpOnLoopback().build())
        .build();
  }

  @AfterEach
  void close() {
    authenticator.close();
  }

  /** Gets an access token from the token endpoint with the client_credentials grant. */
  private static String accessToken(String issuerId) throws Exception {
    String form = "grant_type=client_credentials&client_id=orders-service&client_secret=secret&scope="
        + URLEncoder.encode(AUDIENCE, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(idp.tokenEndpointUrl(issuerId).toString()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .timeout(Duration.ofSeconds(10))
        .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> json = JSONObjectUtils.parse(response.body());
    return (String) json.get("access_token");
  }

  @Test
  void authenticateWhenTokenFromTokenEndpointThenAcceptedThroughDiscovery() throws Exception {
    AuthPrincipal principal = authenticator.authenticate(accessToken("issuer1"));

    assertThat(principal.subject()).isEqualTo("orders-service");
    assertThat(principal.issuer()).contains(idp.issuerUrl("issuer1").toString());
    assertThat(principal.audience()).contains(AUDIENCE);
    JwkSetSource source = (JwkSetSource) authenticator.trustedIssuers().get(0).keySource().orElseThrow();
    assertThat(source.health().jwksUri()).contains(URI.create(idp.jwksUrl("issuer1").toString()));
    assertThat(source.health().keyCount()).isPositive();
  }

  @Test
  void authenticateWhenTokenFromSecondIssuerOfSameServerThenIssuerMismatch() throws Exception {
    String fromSecond = accessToken("issuer2");
    // Positive control in the same set-up: the first issuer's token is accepted.
    assertThat(authenticator.authenticate(accessToken("issuer1")).subject()).isEqualTo("orders-service");

    assertThatThrownBy(() -> authenticator.authenticate(fromSecond))
        .isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.ISSUER_MISMATCH);
  }

  @Test
  void authenticateWhenTokenTamperedThenBadSignature() throws Exception {
    String token = accessToken("issuer1");
    assertThat(authenticator.authenticate(token).subject()).isEqualTo("orders-service");
    String[] parts = token.split("\\.");
    Map<String, Object> claims = JSONObjectUtils.parse(new String(
        java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    claims.put("sub", "admin");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertThatThrownBy(() -> authenticator.authenticate(forged))
        .isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }
}
