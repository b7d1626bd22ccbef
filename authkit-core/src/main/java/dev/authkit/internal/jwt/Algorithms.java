package dev.authkit.internal.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Set;

/** The JWS algorithms authkit verifies, and which keys fit them (RFC 7518 §3.1, RFC 8037 §3.1). Not an API. */
public final class Algorithms {

  /** Asymmetric algorithms allowed by default. */
  public static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  /** HMAC algorithms, allowed only with an explicitly configured secret. */
  public static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  private Algorithms() {}

  /** Returns true for every algorithm authkit can verify. */
  public static boolean isSupported(JWSAlgorithm algorithm) {
    return ASYMMETRIC.contains(algorithm) || HMAC.contains(algorithm);
  }

  /** Returns the HMAC key length the algorithm needs, in bytes (RFC 7518 §3.2: at least the hash size). */
  public static int hmacMinKeyBytes(JWSAlgorithm algorithm) {
    if (JWSAlgorithm.HS256.equals(algorithm)) {
      return 32;
    }
    if (JWSAlgorithm.HS384.equals(algorithm)) {
      return 48;
    }
    return 64;
  }

  /** Returns true when a token signed with {@code algorithm} could be verified by {@code key}. */
  public static boolean keyFits(JWSAlgorithm algorithm, JWK key) {
    if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
      return key instanceof RSAKey;
    }
    if (JWSAlgorithm.ES256.equals(algorithm)) {
      return key instanceof ECKey && Curve.P_256.equals(((ECKey) key).getCurve());
    }
    if (JWSAlgorithm.ES384.equals(algorithm)) {
      return key instanceof ECKey && Curve.P_384.equals(((ECKey) key).getCurve());
    }
    if (JWSAlgorithm.ES512.equals(algorithm)) {
      return key instanceof ECKey && Curve.P_521.equals(((ECKey) key).getCurve());
    }
    if (JWSAlgorithm.EdDSA.equals(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm)) {
      return key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve());
    }
    return false;
  }
}
