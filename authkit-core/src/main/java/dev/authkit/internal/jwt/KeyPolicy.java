package dev.authkit.internal.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authkit.AuthEvent;
import java.math.BigInteger;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which published keys may ever verify a token: authkit's per-key policy for JWK sets
 * (DESIGN decision 6; RFC 7517 §4.2–4.4, RFC 7518 §3.3–3.4, RFC 8037). Stateless; not an API.
 */
public final class KeyPolicy {

  /** RFC 7518 §3.3: RSA keys of 2048 bits or larger. */
  public static final int MIN_RSA_BITS = 2048;

  private static final BigInteger THREE = BigInteger.valueOf(3);

  /** A refusal: why, and how loud. */
  public record Rejection(String why, AuthEvent.Severity severity) {}

  private KeyPolicy() {}

  /** Returns why {@code key} must never verify a token, or null when it may. */
  public static @Nullable Rejection check(JWK key) {
    if (key.isPrivate()) {
      return new Rejection("the key set publishes private key material; the issuer's key is exposed",
          AuthEvent.Severity.ALERT);
    }
    if (KeyType.OCT.equals(key.getKeyType())) {
      return warn("symmetric (oct) keys are never taken from a key set");
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return warn("\"use\" is \"" + key.getKeyUse().identifier() + "\", not \"sig\"");
    }
    Set<KeyOperation> ops = key.getKeyOperations();
    if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
      return warn("\"key_ops\" does not include \"verify\"");
    }
    if (key instanceof RSAKey) {
      RSAKey rsa = (RSAKey) key;
      BigInteger modulus = rsa.getModulus().decodeToBigInteger();
      BigInteger exponent = rsa.getPublicExponent().decodeToBigInteger();
      if (modulus.bitLength() < MIN_RSA_BITS) {
        return warn("RSA modulus of " + modulus.bitLength() + " bits, under " + MIN_RSA_BITS);
      }
      if (exponent.compareTo(THREE) < 0 || !exponent.testBit(0) || modulus.signum() <= 0 || !modulus.testBit(0)) {
        return warn("RSA public exponent or modulus is not a valid RSA value");
      }
    } else if (key instanceof ECKey) {
      Curve curve = ((ECKey) key).getCurve();
      if (!Curve.P_256.equals(curve) && !Curve.P_384.equals(curve) && !Curve.P_521.equals(curve)) {
        return warn("EC curve " + curve + " is not supported (P-256, P-384, P-521)");
      }
      // Nimbus refuses points that are not on the named curve when it parses the key.
    } else if (key instanceof OctetKeyPair) {
      if (!Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
        return warn("OKP curve " + ((OctetKeyPair) key).getCurve() + " is not a supported signing curve (Ed25519)");
      }
      String problem = Ed25519Keys.problem(((OctetKeyPair) key).getDecodedX());
      if (problem != null) {
        return warn(problem);
      }
    } else {
      return warn("key type " + key.getKeyType() + " is not supported");
    }
    if (key.getAlgorithm() != null) {
      JWSAlgorithm declared = JWSAlgorithm.parse(key.getAlgorithm().getName());
      if (!Algorithms.keyFits(declared, key)) {
        return warn("the key's \"alg\" " + declared + " does not fit its key type or curve");
      }
    }
    return null;
  }

  private static Rejection warn(String why) {
    return new Rejection(why, AuthEvent.Severity.WARNING);
  }
}
