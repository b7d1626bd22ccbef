package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.authkit.AuthEvent;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BR-18 over real HTTPS: a served set holding a private, symmetric, weak, off-curve, encryption or
 * non-verify key loses that key alone; the good key beside it keeps verifying; each refused key is
 * reported once per changed set.
 */
class JwkSetKeyPolicyTest {

  private static final String PATH = "/a/jwks";
  private static final RSAKey WEAK = TestKeys.rsa("a-rsa-weak", 1024, JWSAlgorithm.RS256);
  private static WireMockServer server;

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private JwkSetSource source;
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void startServer() {
    server = JwksServers.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @AfterEach
  void tearDown() {
    authenticator.close();
  }

  private void serve(String... keyJson) {
    String body = "{\"keys\":[" + TestKeys.A_EC_1.toPublicJWK().toJSONString() + "," + String.join(",", keyJson) + "]}";
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withBody(body)));
    source = JwkSetSource.fromJwksUri(JwksServers.https(server, PATH))
        .sslContext(TestTls.get().clientContext()).clock(clock).addEventListener(events::add).build();
    authenticator = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE).keySource(source).clock(clock)
        .addEventListener(events::add).build();
  }

  private @Nullable Reason reasonOf(String token) {
    try {
      authenticator.authenticate(token);
      return null;
    } catch (AuthenticationException e) {
      return e.reason();
    }
  }

  private String goodToken() {
    return Tokens.at(TestKeys.A_EC_1, "a-ec-1", Tokens.ISSUER_A, clock.epochSecond());
  }

  private List<AuthEvent> rejections() {
    return events.stream().filter(e -> e.type() == AuthEvent.Type.KEY_REJECTED).toList();
  }

  @Test
  void authenticateWhenSetPublishesPrivateKeyThenKeyDroppedWithAlert() {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.authkit");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    serve(TestKeys.A_RSA_1.toJSONString()); // (a) d, p, q, dp, dq, qi present
    try {
      checkPrivateKeyDropped();
    } finally {
      root.detachAppender(logs);
    }
    // BR-28: neither the private parts nor the token reach a log line.
    String privateExponent = TestKeys.A_RSA_1.getPrivateExponent().toString();
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).allSatisfy(line -> assertThat(line.getFormattedMessage())
        .doesNotContain(privateExponent).doesNotContain(Tokens.fixture().substring(40)));
  }

  private void checkPrivateKeyDropped() {

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(Tokens.fixture())).isIn(Reason.UNKNOWN_KEY, Reason.KEY_REJECTED);
    assertThat(rejections()).singleElement().satisfies(e -> {
      assertThat(e.severity()).isEqualTo(AuthEvent.Severity.ALERT);
      assertThat(e.keyId()).contains("a-rsa-1");
      assertThat(e.toString()).doesNotContain(TestKeys.A_RSA_1.getPrivateExponent().toString());
    });
    assertThat(source.health().keyCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenSetPublishesSymmetricKeyThenHmacNeverAllowed() {
    serve("{\"kty\":\"oct\",\"kid\":\"a-oct-1\",\"k\":\"c2VjcmV0\"}"); // (b)
    String hs256 = Tokens.signHmac("secret-secret-secret-secret-secret".getBytes(StandardCharsets.UTF_8),
        "{\"alg\":\"HS256\",\"kid\":\"a-oct-1\"}", Tokens.json(Tokens.fixtureClaims()));

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(hs256)).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    assertThat(rejections()).singleElement().satisfies(e -> assertThat(e.keyId()).contains("a-oct-1"));
  }

  @Test
  void authenticateWhenSetPublishesWeakRsaKeyThenOthersStillVerify() throws Exception {
    serve(WEAK.toPublicJWK().toJSONString()); // (c)

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(weakToken()))
        .isIn(Reason.UNKNOWN_KEY, Reason.KEY_REJECTED);
    assertThat(rejections()).singleElement().satisfies(e -> assertThat(e.detail()).contains("1024"));
    assertThat(source.health().keyCount()).isEqualTo(1);
  }

  /** RS256 with the 1024-bit key, signed by the JDK (Nimbus refuses to sign with it). */
  private static String weakToken() throws Exception {
    String signingInput = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"a-rsa-weak\"}") + "."
        + Tokens.b64(Tokens.json(Tokens.fixtureClaims()));
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
    signer.initSign(WEAK.toPrivateKey());
    signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Tokens.b64(signer.sign());
  }

  @Test
  void authenticateWhenSetPublishesPointOffCurveThenThatKeyAloneDropped() {
    Map<String, Object> json = TestKeys.ec("a-ec-bad", com.nimbusds.jose.jwk.Curve.P_256, JWSAlgorithm.ES256)
        .toPublicJWK().toJSONObject();
    BigInteger y = new Base64URL((String) json.get("y")).decodeToBigInteger().add(BigInteger.ONE);
    json.put("y", Base64URL.encode(com.nimbusds.jose.util.BigIntegerUtils.toBytesUnsigned(y)).toString());
    serve(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(json)); // (d)

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(Tokens.at(TestKeys.A_EC_1, "a-ec-bad", Tokens.ISSUER_A, clock.epochSecond())))
        .isIn(Reason.UNKNOWN_KEY, Reason.KEY_REJECTED);
    assertThat(rejections()).singleElement().satisfies(e -> assertThat(e.keyId()).contains("a-ec-bad"));
    assertThat(source.health().keyCount()).isEqualTo(1);
  }

  @Test
  void authenticateWhenTwoKeysShareKidThenOnlyAnUnambiguousMatchVerifies() {
    RSAKey twin = TestKeys.rsa("a-rsa-1", 2048, JWSAlgorithm.RS256);
    com.nimbusds.jose.jwk.ECKey ecSameKid = TestKeys.ec("a-rsa-1", com.nimbusds.jose.jwk.Curve.P_256, JWSAlgorithm.ES256);
    serve(TestKeys.A_RSA_1.toPublicJWK().toJSONString(), twin.toPublicJWK().toJSONString(),
        ecSameKid.toPublicJWK().toJSONString());

    // Two RSA keys with kid a-rsa-1 fit RS256: ambiguous, never tried in turn.
    assertThat(reasonOf(Tokens.fixture())).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(reasonOf(Tokens.at(twin, "a-rsa-1", Tokens.ISSUER_A, clock.epochSecond()))).isEqualTo(Reason.UNKNOWN_KEY);
    // Exactly one key fits kid + kty + alg for ES256: it verifies.
    assertThat(reasonOf(Tokens.at(ecSameKid, "a-rsa-1", Tokens.ISSUER_A, clock.epochSecond()))).isNull();
    assertThat(reasonOf(goodToken())).isNull();
  }

  @Test
  void authenticateWhenKeyIsForEncryptionThenDropped() throws Exception {
    RSAKey encryption = new RSAKey.Builder(TestKeys.A_RSA_1.toRSAPublicKey()).keyID("a-rsa-1").keyUse(KeyUse.ENCRYPTION).build();
    serve(encryption.toJSONString()); // (e)

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(Tokens.fixture())).isIn(Reason.UNKNOWN_KEY, Reason.KEY_REJECTED);
    assertThat(rejections()).singleElement().satisfies(e -> assertThat(e.detail()).contains("use"));
  }

  @Test
  void authenticateWhenKeyOpsExcludeVerifyThenDroppedOncePerChangedSet() throws Exception {
    RSAKey encryptOnly = new RSAKey.Builder(TestKeys.A_RSA_1.toRSAPublicKey()).keyID("a-rsa-1")
        .keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
    serve(encryptOnly.toJSONString()); // (f)

    assertThat(reasonOf(goodToken())).isNull();
    assertThat(reasonOf(Tokens.fixture())).isIn(Reason.UNKNOWN_KEY, Reason.KEY_REJECTED);
    clock.advance(Duration.ofMinutes(6)); // the same document is fetched again
    assertThat(reasonOf(goodToken())).isNull();
    assertThat(JwksServers.requests(server, PATH)).isGreaterThanOrEqualTo(2);
    assertThat(rejections()).hasSize(1);
  }
}
