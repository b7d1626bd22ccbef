package dev.authkit.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keys generated once per test run (never committed), named as in the common fixture of
 * {@code shared/testdata/attacks/CASES.md}.
 */
public final class TestKeys {

  /** Issuer A's RSA-2048 key, kid {@code a-rsa-1}, alg RS256. */
  public static final RSAKey A_RSA_1 = rsa("a-rsa-1", 2048, JWSAlgorithm.RS256);
  /** Issuer A's EC P-256 key, kid {@code a-ec-1}, alg ES256. */
  public static final ECKey A_EC_1 = ec("a-ec-1", Curve.P_256, JWSAlgorithm.ES256);
  /** Issuer B's RSA-2048 key, kid {@code b-rsa-1}. */
  public static final RSAKey B_RSA_1 = rsa("b-rsa-1", 2048, null);
  /** The attacker's RSA-2048 key, kid {@code x-1}, published nowhere trusted. */
  public static final RSAKey X_RSA = rsa("x-1", 2048, null);
  /** An Ed25519 key pair from the JDK (no Tink needed to sign), kid {@code a-ed-1}. */
  public static final Ed25519 A_ED_1 = ed25519("a-ed-1");

  /** An Ed25519 key pair: the JDK's, and the public part as an OKP JWK (RFC 8037). */
  public record Ed25519(KeyPair jdk, OctetKeyPair publicJwk) {}

  private TestKeys() {}

  public static RSAKey rsa(String kid, int bits, JWSAlgorithm alg) {
    try {
      com.nimbusds.jose.jwk.gen.JWKGenerator<RSAKey> generator = new RSAKeyGenerator(bits, true).keyID(kid).keyUse(KeyUse.SIGNATURE);
      if (alg != null) {
        generator.algorithm(alg);
      }
      return generator.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid, Curve curve, JWSAlgorithm alg) {
    try {
      com.nimbusds.jose.jwk.gen.JWKGenerator<ECKey> generator = new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE);
      if (alg != null) {
        generator.algorithm(alg);
      }
      return generator.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Ed25519 ed25519(String kid) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(kid)
          .keyUse(KeyUse.SIGNATURE).build();
      return new Ed25519(pair, jwk);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns a JWK set of the public parts of {@code keys}. */
  public static JWKSet publicSet(JWK... keys) {
    List<JWK> publicKeys = Arrays.stream(keys).map(JWK::toPublicJWK).collect(Collectors.toList());
    return new JWKSet(publicKeys);
  }
}
