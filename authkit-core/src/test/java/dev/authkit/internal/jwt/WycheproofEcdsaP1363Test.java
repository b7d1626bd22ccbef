package dev.authkit.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wycheproof (C2SP) {@code ecdsa_secp256r1_sha256_p1363_test.json}: every ES256 primitive vector
 * through authkit's ECDSA path (its own r/s range check, then the JCA verifier built for the key),
 * once with BouncyCastle's provider and once with the JDK's SunEC, so switching providers for speed
 * keeps the same verdicts. Every vector must end as labelled ({@code valid}: accepted;
 * {@code invalid}: refused, never an exception).
 */
class WycheproofEcdsaP1363Test {

  private static final String FILE = "/vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json";

  /**
   * Valid vectors SunEC refuses on JDK 17.0.15 (x-coordinate edge cases: "k*G has a large
   * x-coordinate", "x = n + 3 is the smallest possible x with a reduction"): false rejections, the
   * safe direction, and one more reason to prefer BouncyCastle, which accepts them.
   */
  private static final Set<Integer> SUNEC_FALSE_REJECTIONS = Set.of(115, 257);

  @ParameterizedTest
  @ValueSource(strings = {"BouncyCastle", "SunEC"})
  void verifyWhenWycheproofP1363VectorThenOutcomeAsLabelled(String providerName) throws Exception {
    Provider bc = providerName.equals("BouncyCastle") ? Providers.bouncyCastle() : null;
    if (providerName.equals("BouncyCastle")) {
      assertThat(bc).as("BouncyCastle is on core's test class path").isNotNull();
    }
    List<String> wrong = new ArrayList<>();
    int valid = 0;
    int invalid = 0;
    for (Object groupObject : (List<?>) load().get("testGroups")) {
      Map<?, ?> group = (Map<?, ?>) groupObject;
      VerificationKey key = VerificationKey.of(publicKey(group), bc);
      assertThat(key.implementation()).isEqualTo(bc == null ? "SunEC" : "BC");
      for (Object testObject : (List<?>) group.get("tests")) {
        Map<?, ?> test = (Map<?, ?>) testObject;
        byte[] message = HexFormat.of().parseHex((String) test.get("msg"));
        byte[] signature = HexFormat.of().parseHex((String) test.get("sig"));
        boolean accepted;
        try {
          accepted = EcdsaSignatures.inRange(signature, key.ecOrder())
              && key.verify(JWSAlgorithm.ES256, message, message.length, signature, Base64URL.encode(signature).toString());
        } catch (JOSEException e) {
          accepted = false;
        }
        boolean expected = "valid".equals(test.get("result"));
        if (expected) {
          valid++;
        } else {
          invalid++;
        }
        int id = ((Number) test.get("tcId")).intValue();
        boolean knownSunEcDefect = bc == null && expected && !accepted && SUNEC_FALSE_REJECTIONS.contains(id);
        if (accepted != expected && !knownSunEcDefect) {
          wrong.add("tcId " + test.get("tcId") + " (" + test.get("comment") + "): expected " + test.get("result"));
        }
      }
    }
    assertThat(wrong).as(providerName).isEmpty();
    assertThat(valid).isEqualTo(173);
    assertThat(invalid).isEqualTo(89);
  }

  @Test
  void verifyWhenSignatureFromAnotherMessageThenRefusedByBothProviders() throws Exception {
    Map<?, ?> group = (Map<?, ?>) ((List<?>) load().get("testGroups")).get(0);
    ECKey jwk = publicKey(group);
    Map<?, ?> test = (Map<?, ?>) ((List<?>) group.get("tests")).get(0);
    byte[] message = HexFormat.of().parseHex((String) test.get("msg"));
    byte[] signature = HexFormat.of().parseHex((String) test.get("sig"));
    for (Provider provider : new Provider[] {Providers.bouncyCastle(), null}) {
      VerificationKey key = VerificationKey.of(jwk, provider);
      assertThat(key.verify(JWSAlgorithm.ES256, message, message.length, signature, "")).isTrue(); // control
      byte[] other = message.clone();
      other[0] ^= 1;
      assertThat(key.verify(JWSAlgorithm.ES256, other, other.length, signature, "")).isFalse();
    }
  }

  /** The group's key from its coordinates (not every group has {@code publicKeyJwk}). */
  private static ECKey publicKey(Map<?, ?> group) {
    Map<?, ?> key = (Map<?, ?>) group.get("publicKey");
    return new ECKey.Builder(Curve.P_256, coordinate((String) key.get("wx")), coordinate((String) key.get("wy"))).build();
  }

  private static Base64URL coordinate(String hex) {
    byte[] value = new BigInteger(hex, 16).toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(value.length, 32);
    System.arraycopy(value, value.length - length, fixed, 32 - length, length);
    return Base64URL.encode(fixed);
  }

  private static Map<String, Object> load() throws IOException, ParseException {
    try (InputStream in = WycheproofEcdsaP1363Test.class.getResourceAsStream(FILE)) {
      return JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
