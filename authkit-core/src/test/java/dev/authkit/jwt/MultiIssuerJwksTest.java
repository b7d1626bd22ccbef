package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.JWK;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BR-11 (a key of issuer B never verifies a token claiming issuer A; an untrusted issuer causes no
 * network I/O) and BR-05 (key URLs in the token header are never fetched), with both issuers' JWK
 * sets served over real HTTPS.
 */
class MultiIssuerJwksTest {

  private static WireMockServer issuers;
  private static WireMockServer attacker;
  private static WireMockServer internal;

  private final MutableClock clock = MutableClock.atT0();
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void startServers() {
    issuers = JwksServers.start();
    attacker = JwksServers.start();
    internal = JwksServers.start();
  }

  @AfterAll
  static void stopServers() {
    issuers.stop();
    attacker.stop();
    internal.stop();
  }

  @BeforeEach
  void setUp() {
    issuers.resetAll();
    attacker.resetAll();
    internal.resetAll();
    JwksServers.serve(issuers, "/a/jwks", TestKeys.A_RSA_1, TestKeys.A_EC_1);
    JwksServers.serve(issuers, "/b/jwks", TestKeys.B_RSA_1);
    JwksServers.serve(attacker, "/jwks", TestKeys.X_RSA);
    attacker.stubFor(get(urlPathEqualTo("/cert.pem")).willReturn(aResponse().withBody("-----BEGIN CERTIFICATE-----")));
    internal.stubFor(get(anyUrl()).willReturn(aResponse().withBody("{\"keys\":[]}")));
    authenticator = JwtAuthenticator.builder()
        .trustedIssuer(issuer(Tokens.ISSUER_A, "/a/jwks"))
        .trustedIssuer(issuer(Tokens.ISSUER_B, "/b/jwks"))
        .clock(clock)
        .build();
  }

  @AfterEach
  void tearDown() {
    authenticator.close();
  }

  private TrustedIssuer issuer(String iss, String path) {
    return TrustedIssuer.builder(iss)
        .audience(Tokens.AUDIENCE)
        .keySource(JwkSetSource.fromJwksUri(JwksServers.https(issuers, path))
            .sslContext(TestTls.get().clientContext()).clock(clock).build())
        .build();
  }

  private static String token(JWK key, Map<String, Object> header, Map<String, Object> claims) {
    return Tokens.sign(key, Tokens.json(header), Tokens.json(claims));
  }

  private static Map<String, Object> header(@Nullable String kid) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    if (kid != null) {
      header.put("kid", kid);
    }
    return header;
  }

  private @Nullable Reason reasonOf(String token) {
    try {
      authenticator.authenticate(token);
      return null;
    } catch (AuthenticationException e) {
      return e.reason();
    }
  }

  private static int requests(WireMockServer server) {
    return server.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount();
  }

  @Test
  void authenticateWhenIssuerBKeySignsTokenClaimingIssuerAThenUnknownKey() {
    Map<String, Object> claimsA = Tokens.fixtureClaims();
    Map<String, Object> claimsB = Tokens.fixtureClaims();
    claimsB.put("iss", Tokens.ISSUER_B);
    // Positive controls: each issuer's own token with its own key.
    assertThat(reasonOf(Tokens.fixture())).isNull();
    assertThat(reasonOf(token(TestKeys.B_RSA_1, header("b-rsa-1"), claimsB))).isNull();

    // (a) iss A, kid b-rsa-1, signed by kB1: only A's keys are candidates.
    assertThat(reasonOf(token(TestKeys.B_RSA_1, header("b-rsa-1"), claimsA))).isEqualTo(Reason.UNKNOWN_KEY);
    // (b) same without kid: A's one RS256 key is tried, and the signature does not match it.
    assertThat(reasonOf(token(TestKeys.B_RSA_1, header(null), claimsA)))
        .isIn(Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE);
    // (d) iss missing, signed by kA1.
    Map<String, Object> noIssuer = Tokens.fixtureClaims();
    noIssuer.remove("iss");
    assertThat(reasonOf(token(TestKeys.A_RSA_1, header("a-rsa-1"), noIssuer)))
        .isIn(Reason.MISSING_CLAIM, Reason.ISSUER_MISMATCH);
  }

  @Test
  void authenticateWhenIssuerUntrustedThenIssuerMismatchWithoutNetworkIo() {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("iss", "https://issuer-c.example");
    Map<String, Object> withUrls = header("x-1");
    withUrls.put("jku", JwksServers.https(attacker, "/jwks").toString());

    // (c) a fresh authenticator: no key set was fetched yet, and none is fetched for issuer C.
    assertThat(reasonOf(token(TestKeys.X_RSA, header("x-1"), claims))).isEqualTo(Reason.ISSUER_MISMATCH);
    assertThat(reasonOf(token(TestKeys.X_RSA, withUrls, claims))).isEqualTo(Reason.ISSUER_MISMATCH);
    assertThat(requests(issuers)).isZero();
    assertThat(requests(attacker)).isZero();

    // Positive control: a trusted issuer's token does reach the network once.
    assertThat(reasonOf(Tokens.fixture())).isNull();
    assertThat(requests(issuers)).isEqualTo(1);
  }

  @Test
  void authenticateWhenHeaderNamesKeyUrlThenNeverFetchedAndUnknownKey() {
    assertThat(reasonOf(Tokens.fixture())).isNull(); // positive control, and A's set is cached
    int before = JwksServers.requests(issuers, "/a/jwks");

    Map<String, Object> a = header("x-1");
    a.put("jku", "https://127.0.0.1:" + attacker.httpsPort() + "/jwks");
    Map<String, Object> b = header("x-1");
    b.put("x5u", "https://127.0.0.1:" + attacker.httpsPort() + "/cert.pem");
    Map<String, Object> c = header("x-1");
    c.put("jku", "http://127.0.0.1:" + internal.port() + "/internal");
    Map<String, Object> d = header("x-1");
    d.put("jku", JwksServers.https(issuers, "/a/jwks").toString());

    for (Map<String, Object> header : java.util.List.of(a, b, c, d)) {
      assertThat(reasonOf(token(TestKeys.X_RSA, header, Tokens.fixtureClaims()))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    assertThat(requests(attacker)).isZero();
    assertThat(requests(internal)).isZero();
    // (d) behaves as any unknown kid: at most one refresh of the configured URL in the cool-down.
    assertThat(JwksServers.requests(issuers, "/a/jwks") - before).isLessThanOrEqualTo(1);
    assertThat(reasonOf(Tokens.fixture())).isNull();
  }
}
