package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-02: RS256→HS256 key confusion (a public key from the JWK set used as an HMAC secret)
 * and algorithm/key-type mismatches. The allow-list decides before any key becomes a secret: a JCA
 * provider at top priority counts every {@code Mac} the JVM instantiates for HmacSHA256/384/512,
 * and the count stays zero while authkit rejects these tokens.
 */
class KeyConfusionAttackTest {

  private static final CountingMacProvider COUNTING = new CountingMacProvider();

  @BeforeAll
  static void installCountingProvider() {
    assertThat(Security.insertProviderAt(COUNTING, 1)).isEqualTo(1);
  }

  @AfterAll
  static void removeCountingProvider() {
    Security.removeProvider(COUNTING.getName());
  }

  /** The seven encodings of kA1's public key an attacker can derive from the JWK set. */
  static Map<String, byte[]> publicKeyEncodings() throws Exception {
    byte[] spki = TestKeys.A_RSA_1.toRSAPublicKey().getEncoded();
    String pemBody = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + pemBody + "\n-----END PUBLIC KEY-----";
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    secrets.put("1 PEM SPKI with trailing newline", (pem + "\n").getBytes(StandardCharsets.US_ASCII));
    secrets.put("2 PEM SPKI without trailing newline", pem.getBytes(StandardCharsets.US_ASCII));
    secrets.put("3 PEM SPKI with a leading space", (" " + pem + "\n").getBytes(StandardCharsets.US_ASCII));
    secrets.put("4 DER SPKI", spki);
    secrets.put("5 DER PKCS#1 RSAPublicKey", SubjectPublicKeyInfo.getInstance(spki).parsePublicKey().getEncoded());
    secrets.put("6 raw modulus", TestKeys.A_RSA_1.getModulus().decode());
    secrets.put("7 JWK JSON as served", TestKeys.A_RSA_1.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
    return secrets;
  }

  static Stream<Arguments> confusedTokens() throws Exception {
    List<Arguments> all = new ArrayList<>();
    String claims = Tokens.json(withScope("admin"));
    for (Map.Entry<String, byte[]> secret : publicKeyEncodings().entrySet()) {
      for (String alg : List.of("HS256", "HS384", "HS512")) {
        String withKid = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}";
        String withoutKid = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}";
        all.add(Arguments.of(secret.getKey() + ", " + alg + ", kid a-rsa-1",
            Tokens.signHmac(secret.getValue(), withKid, claims)));
        all.add(Arguments.of(secret.getKey() + ", " + alg + ", no kid",
            Tokens.signHmac(secret.getValue(), withoutKid, claims)));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "BR-02 {0}")
  @MethodSource("confusedTokens")
  void authenticateWhenHmacKeyedWithPublicKeyThenAlgorithmNotAllowedWithoutAnyMac(String variant, String token) {
    for (JwtAuthenticator authenticator : List.of(AttackFixture.authenticator(), AttackFixture.defaultsBuilder().build())) {
      assertAccepted(authenticator, Tokens.fixture());
      int before = COUNTING.macs.get();

      assertRejected(authenticator, token, Reason.ALGORITHM_NOT_ALLOWED);

      assertThat(COUNTING.macs.get() - before).as("Mac instances created while rejecting").isZero();
    }
  }

  @ParameterizedTest(name = "BR-02 {0}, issuer also has its own HMAC secret")
  @MethodSource("confusedTokens")
  void authenticateWhenHmacKeyedWithPublicKeyAndSecretConfiguredThenBadSignature(String variant, String token) {
    // With a configured secret HS* is allowed, but the MAC is computed with that secret only: a
    // key from the JWK set is never an HMAC key, so the forgery fails as a bad signature.
    byte[] own = new byte[64];
    new SecureRandom().nextBytes(own);
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().hmacKey(new SecretKeySpec(own, "HmacSHA512"))
        .build();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, Reason.BAD_SIGNATURE);
  }

  @Test
  void authenticateWhenHmacSecretConfiguredThenCountingProviderSeesTheMac() {
    // Control for the counter itself: a genuine HS256 token with a configured secret computes a Mac.
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().hmacKey(AttackFixture.HMAC_SECRET).build();
    String token = Tokens.signHmac(AttackFixture.HMAC_SECRET.getEncoded(), "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}",
        Tokens.json(Tokens.fixtureClaims()));
    int before = COUNTING.macs.get();

    assertAccepted(authenticator, token);

    assertThat(COUNTING.macs.get() - before).isPositive();
  }

  static Stream<Arguments> mismatchedTokens() {
    String claims = Tokens.json(Tokens.fixtureClaims());
    return Stream.of(
        Arguments.of("ES256 token naming the RSA key a-rsa-1 (signed with kA2)",
            Tokens.sign(TestKeys.A_EC_1, "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", claims)),
        Arguments.of("RS256 token naming the EC key a-ec-1 (signed with kA1)",
            Tokens.sign(TestKeys.A_RSA_1, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-ec-1\"}", claims)),
        Arguments.of("PS256 token for a-rsa-1 whose JWK declares RS256 (signed with kA1)",
            Tokens.sign(TestKeys.A_RSA_1, "{\"alg\":\"PS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", claims)),
        Arguments.of("RS512 token for a-rsa-1 (signed with kA1)",
            Tokens.sign(TestKeys.A_RSA_1, "{\"alg\":\"RS512\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}", claims)));
  }

  @ParameterizedTest(name = "BR-02 mismatch: {0}")
  @MethodSource("mismatchedTokens")
  void authenticateWhenAlgorithmDoesNotFitKeyThenRejectsWithoutTryingAnother(String variant, String token) {
    JwtAuthenticator onlyRs256 = AttackFixture.defaultsBuilder().algorithms(JWSAlgorithm.RS256).build();
    for (JwtAuthenticator authenticator : List.of(AttackFixture.authenticator(), AttackFixture.defaultsBuilder().build(),
        onlyRs256)) {
      assertAccepted(authenticator, Tokens.fixture());

      assertRejected(authenticator, token, Reason.ALGORITHM_NOT_ALLOWED, Reason.UNKNOWN_KEY);
    }
  }

  private static Map<String, Object> withScope(String scope) {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("scope", scope);
    return claims;
  }

  /** Delegates HmacSHA256/384/512 to SunJCE and counts every instance the JCA asks for. */
  private static final class CountingMacProvider extends Provider {
    private static final long serialVersionUID = 1L;
    final transient AtomicInteger macs = new AtomicInteger();

    CountingMacProvider() {
      super("AuthkitCountingMac", "1.0", "counts Mac instantiations for tests");
      Provider sunJce = Security.getProvider("SunJCE");
      for (String algorithm : List.of("HmacSHA256", "HmacSHA384", "HmacSHA512")) {
        Service delegate = sunJce.getService("Mac", algorithm);
        putService(new Service(this, "Mac", algorithm, delegate.getClassName(), null, null) {
          @Override
          public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            macs.incrementAndGet();
            return delegate.newInstance(parameter);
          }
        });
      }
    }
  }
}
