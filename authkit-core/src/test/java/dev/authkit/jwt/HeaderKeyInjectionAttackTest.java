package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-04: a key injected through the token header ({@code jwk}, {@code x5c}; CVE-2018-0114).
 * authkit never takes a key from the header (DESIGN decision 3): the token is checked against the
 * issuer's own keys only, and the header key never enters the key set.
 */
class HeaderKeyInjectionAttackTest {

  private static final ECKey ATTACKER_EC = TestKeys.ec("x-ec-1", Curve.P_256, JWSAlgorithm.ES256);

  static Stream<Arguments> injectedKeys() throws Exception {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("scope", "admin");
    String payload = Tokens.json(claims);
    Map<String, Object> attackerJwk = new LinkedHashMap<>();
    attackerJwk.put("kty", "RSA");
    attackerJwk.put("n", TestKeys.X_RSA.getModulus().toString());
    attackerJwk.put("e", "AQAB");
    return Stream.of(
        Arguments.of("a jwk, no kid", Tokens.sign(TestKeys.X_RSA, header("RS256", null, "jwk", attackerJwk), payload),
            new Reason[] {Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE}),
        Arguments.of("b jwk + kid a-rsa-1", Tokens.sign(TestKeys.X_RSA, header("RS256", "a-rsa-1", "jwk", attackerJwk),
            payload), new Reason[] {Reason.BAD_SIGNATURE}),
        Arguments.of("c jwk + kid x-1", Tokens.sign(TestKeys.X_RSA, header("RS256", "x-1", "jwk", attackerJwk), payload),
            new Reason[] {Reason.UNKNOWN_KEY}),
        Arguments.of("d x5c self-signed for kX, no kid",
            Tokens.sign(TestKeys.X_RSA, header("RS256", null, "x5c", List.of(selfSignedAttackerCertificate())), payload),
            new Reason[] {Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE}),
        Arguments.of("e ES256 with an embedded private jwk, no kid",
            Tokens.sign(ATTACKER_EC, header("ES256", null, "jwk", ATTACKER_EC.toJSONObject()), payload),
            new Reason[] {Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE}));
  }

  @ParameterizedTest(name = "BR-04 {0}")
  @MethodSource("injectedKeys")
  void authenticateWhenHeaderCarriesAttackerKeyThenIgnoresIt(String variant, String token, Reason[] reasons) {
    RecordingKeySource keys = new RecordingKeySource(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1));
    JwtAuthenticator authenticator = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(keys).clock(AttackFixture.CLOCK_T0)
        .algorithms(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256).build();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, reasons);

    // The header key was never adopted: kX's own kid is still unknown, and the source only ever
    // handed out (and was only ever asked about) the issuer's own set.
    String plainAttackerToken = Tokens.sign(TestKeys.X_RSA, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"x-1\"}",
        Tokens.json(Tokens.fixtureClaims()));
    assertRejected(authenticator, plainAttackerToken, Reason.UNKNOWN_KEY);
    assertThat(keys.served).allSatisfy(set -> assertThat(set.getKeyByKeyId("x-1")).isNull());
    assertAccepted(authenticator, Tokens.fixture());
  }

  /**
   * The whole kind behind variant (e): key-carrying and key-locating header parameters that authkit never uses must
   * not decide the outcome either, whatever their content (private, malformed, wrong JSON type).
   */
  static Stream<Arguments> ignoredKeyParameters() {
    Map<String, Object> offCurve = new LinkedHashMap<>(ATTACKER_EC.toPublicJWK().toJSONObject());
    offCurve.put("y", offCurve.get("x"));
    return Stream.of(
        Arguments.of("jwk with private members", "jwk", ATTACKER_EC.toJSONObject()),
        Arguments.of("jwk with an off-curve point", "jwk", offCurve),
        Arguments.of("jwk that is a string", "jwk", "not-a-jwk"),
        Arguments.of("jwk with unknown kty", "jwk", Map.of("kty", "XYZ")),
        Arguments.of("jku that is not a URI", "jku", "http://[not a uri"),
        Arguments.of("jku that is a number", "jku", 5),
        Arguments.of("x5u that is not a URI", "x5u", "::::"),
        Arguments.of("x5c that is a string", "x5c", "MIIB"),
        Arguments.of("x5c holding a number", "x5c", List.of(7)),
        Arguments.of("x5t that is a number", "x5t", 7),
        Arguments.of("x5t#S256 that is an object", "x5t#S256", Map.of("a", 1)));
  }

  @ParameterizedTest(name = "BR-04 ignored header {0}: attacker-signed rejected, issuer-signed accepted")
  @MethodSource("ignoredKeyParameters")
  void authenticateWhenKeyParameterIsHostileThenOutcomeIsDecidedByTrustedKeysOnly(String variant, String member,
      Object value) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    String payload = Tokens.json(Tokens.fixtureClaims());
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, Tokens.sign(ATTACKER_EC, header("ES256", null, member, value), payload),
        Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY);
    assertRejected(authenticator, Tokens.sign(TestKeys.X_RSA, header("RS256", "a-rsa-1", member, value), payload),
        Reason.BAD_SIGNATURE);
    assertRejected(authenticator, Tokens.sign(TestKeys.X_RSA, header("RS256", "x-1", member, value), payload),
        Reason.UNKNOWN_KEY);
    // Signed by the issuer's own key, the parameter is simply ignored: it is not a reason to refuse.
    assertAccepted(authenticator, Tokens.sign(TestKeys.A_RSA_1, header("RS256", "a-rsa-1", member, value), payload));
  }

  private static String header(String alg, @Nullable String kid, String member, Object value) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    header.put("typ", "at+jwt");
    if (kid != null) {
      header.put("kid", kid);
    }
    header.put(member, value);
    return Tokens.json(header);
  }

  private static String selfSignedAttackerCertificate() throws Exception {
    X500Name name = new X500Name("CN=attacker");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(3600)), name, TestKeys.X_RSA.toRSAPublicKey());
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(TestKeys.X_RSA.toRSAPrivateKey())));
    return Base64.encode(certificate.getEncoded()).toString();
  }

  /** A static source that records every set it hands out. */
  private static final class RecordingKeySource implements KeySource {
    final List<JWKSet> served = new CopyOnWriteArrayList<>();
    private final JWKSet set;

    RecordingKeySource(JWKSet set) {
      this.set = set;
    }

    @Override
    public JWKSet keys() {
      served.add(set);
      return set;
    }
  }

}
