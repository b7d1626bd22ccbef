package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.AuthEvent;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real issuers' published JWK sets (copied with their licences, see
 * {@code src/test/resources/external/README.md}) served from a loopback HTTPS stub: each loads with
 * the expected keys kept and dropped, and the two real Google tokens verify with their keys at
 * their issue time.
 */
class RealWorldJwkSetsTest {

  private static final String DOCKYARD = "/external/dockyard-openid_connect/test/fixtures/http/";
  private static final String GOOGLE = "/external/google-auth-library-java/";
  private static WireMockServer server;

  @BeforeAll
  static void startServer() {
    server = JwksServers.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  static String resource(String path) {
    try (InputStream in = RealWorldJwkSetsTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void serve(String path, String body) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  private static JwkSetSource.Builder source(String path) {
    return JwkSetSource.fromJwksUri(JwksServers.https(server, path)).sslContext(TestTls.get().clientContext());
  }

  @ParameterizedTest(name = "{0}: {1} keys kept, {2} dropped")
  @CsvSource({
      "dockyard auth0,    2, 0",
      "dockyard azure,    10, 0",
      "dockyard google,   2, 0",
      "dockyard keycloak, 1, 1",
      "dockyard okta,     2, 0",
      "dockyard onelogin, 1, 0",
      "dockyard vault,    2, 0",
      "google iap_keys,   5, 0",
      "google federated_keys, 2, 0"})
  void keysWhenRealIssuerSetServedThenExpectedKeysKeptAndDropped(String set, int kept, int dropped) {
    String[] parts = set.split(" ");
    String resource = parts[0].equals("dockyard") ? DOCKYARD + parts[1] + "/jwks.json"
        : GOOGLE + "oauth2_http/testresources/" + parts[1] + ".json";
    String path = "/" + parts[0] + "/" + parts[1] + "/jwks";
    serve(path, resource(resource));
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    JwkSetSource keys = source(path).addEventListener(events::add).build();
    try (JwtAuthenticator authenticator = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE).keySource(keys).addEventListener(events::add).build()) {
      // Any token makes the authenticator vet the set; this one names a key no issuer has.
      assertThat(reasonOf(authenticator, Tokens.fixtureWithHeader(TestKeys.X_RSA, h -> h.put("kid", "x-1"))))
          .isEqualTo(Reason.UNKNOWN_KEY);

      int served = keys.keys().size();
      long refused = events.stream().filter(e -> e.type() == AuthEvent.Type.KEY_REJECTED).count();
      assertThat(keys.health().keyCount()).isEqualTo(kept);
      assertThat(served - kept).isEqualTo(dropped);
      assertThat(refused).isEqualTo(dropped);
      System.out.printf("FIGURE realWorldSet=%s served=%d kept=%d dropped=%d%n", set, served, kept, refused);
    }
  }

  @Test
  void keysWhenKeycloakSetServedThenEncryptionKeyDroppedAndSigningKeyKept() {
    serve("/keycloak/jwks", resource(DOCKYARD + "keycloak/jwks.json"));
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    try (JwtAuthenticator authenticator = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE).keySource(source("/keycloak/jwks").build()).addEventListener(events::add).build()) {
      reasonOf(authenticator, Tokens.fixture());
      assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_REJECTED)
          .singleElement().satisfies(e -> {
            assertThat(e.keyId()).contains("Q2O_f0Z7hVL1WUxKQbChyWK_FzQK-qRZh4Kg9mxxt_I");
            assertThat(e.detail()).contains("\"use\" is \"enc\"");
          });
    }
  }

  private static Map<String, Object> googleToken(String name) throws Exception {
    Map<String, Object> file = JSONObjectUtils.parse(resource(GOOGLE + "TokenVerifierTest.tokens.json"));
    for (Object token : (List<?>) file.get("tokens")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) token;
      if (name.equals(map.get("name"))) {
        return map;
      }
    }
    throw new IllegalStateException("no token " + name);
  }

  private static JwtAuthenticator google(String keysFile, String issuer, String audience, Clock clock) {
    String path = "/google/" + keysFile;
    serve(path, resource(GOOGLE + "oauth2_http/testresources/" + keysFile));
    return JwtAuthenticator.builder()
        .issuer(issuer)
        .audience(audience)
        .keySource(source(path).clock(clock).build())
        .clock(clock)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Clock atIssue(Map<String, Object> token) {
    Map<String, Object> claims = (Map<String, Object>) token.get("claims");
    long iat = ((Number) claims.get("iat")).longValue();
    return Clock.fixed(Instant.ofEpochSecond(iat + 60), ZoneOffset.UTC);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "ES256_TOKEN,                  iap_keys.json,       https://cloud.google.com/iap, /projects/652562776798/apps/cloud-samples-tests-php-iap, federated_keys.json",
      "FEDERATED_SIGNON_RS256_TOKEN, federated_keys.json, https://accounts.google.com,  https://example.com/path,                                iap_keys.json"})
  void authenticateWhenRealGoogleTokenAtIssueTimeThenAccepted(String name, String keysFile, String issuer,
      String audience, String otherKeysFile) throws Exception {
    Map<String, Object> token = googleToken(name);
    String jwt = (String) token.get("jwt");
    Clock issueTime = atIssue(token);

    try (JwtAuthenticator atIssue = google(keysFile, issuer, audience, issueTime)) {
      AuthPrincipal principal = atIssue.authenticate(jwt);
      assertThat(principal.issuer()).contains(issuer);
      assertThat(principal.audience()).contains(audience);
    }
    try (JwtAuthenticator now = google(keysFile, issuer, audience, Clock.systemUTC())) {
      assertThat(reasonOf(now, jwt)).isEqualTo(Reason.EXPIRED);
    }
    try (JwtAuthenticator otherAudience = google(keysFile, issuer, "https://other.example", issueTime)) {
      assertThat(reasonOf(otherAudience, jwt)).isEqualTo(Reason.AUDIENCE_MISMATCH);
    }
    try (JwtAuthenticator otherIssuer = google(keysFile, "https://issuer-a.example", audience, issueTime)) {
      assertThat(reasonOf(otherIssuer, jwt)).isEqualTo(Reason.ISSUER_MISMATCH);
    }
    try (JwtAuthenticator otherKeys = google(otherKeysFile, issuer, audience, issueTime)) {
      assertThat(reasonOf(otherKeys, jwt)).isIn(Reason.UNKNOWN_KEY, Reason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Test
  void authenticateWhenGoogleTokenKeyNotPublishedThenUnknownKey() throws Exception {
    Map<String, Object> token = googleToken("SERVICE_ACCOUNT_RS256_TOKEN");
    try (JwtAuthenticator authenticator = google("federated_keys.json", "https://accounts.google.com",
        "https://cloudtasks.googleapis.com/v2/projects/gcloud-devel/locations", atIssue(token))) {
      assertThat(reasonOf(authenticator, (String) token.get("jwt"))).isEqualTo(Reason.UNKNOWN_KEY);
    }
  }

  private static @Nullable Reason reasonOf(JwtAuthenticator authenticator, String token) {
    try {
      authenticator.authenticate(token);
      return null;
    } catch (AuthenticationException e) {
      return e.reason();
    }
  }
}
