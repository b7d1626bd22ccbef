package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * One key that passed {@link KeyPolicy}, with its verifier built once. Immutable and thread-safe
 * (Nimbus verifiers create a fresh JCA {@code Signature} per call). Not an API.
 */
public final class VerificationKey {

  private static final boolean TINK_PRESENT = isTinkPresent();

  private final JWK jwk;
  private final @Nullable JWSAlgorithm algorithm;
  private final JWSVerifier verifier;
  private final @Nullable BigInteger ecOrder;

  private VerificationKey(JWK jwk, JWSVerifier verifier, @Nullable BigInteger ecOrder) {
    this.jwk = jwk;
    this.algorithm = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
    this.verifier = verifier;
    this.ecOrder = ecOrder;
  }

  /** Builds the verifier for a key that passed the policy. */
  static VerificationKey of(JWK jwk) throws JOSEException {
    if (jwk instanceof RSAKey) {
      return new VerificationKey(jwk, new RSASSAVerifier((RSAKey) jwk), null);
    }
    if (jwk instanceof ECKey) {
      ECKey ec = (ECKey) jwk;
      return new VerificationKey(jwk, new ECDSAVerifier(ec), ec.toECPublicKey().getParams().getOrder());
    }
    if (jwk instanceof OctetKeyPair) {
      OctetKeyPair okp = (OctetKeyPair) jwk;
      JWSVerifier verifier = TINK_PRESENT ? new Ed25519Verifier(okp) : new JdkEd25519Verifier(okp);
      return new VerificationKey(jwk, verifier, null);
    }
    throw new JOSEException("unsupported key type " + jwk.getKeyType());
  }

  /** Returns the key as published. */
  public JWK jwk() {
    return jwk;
  }

  /** Returns the key's {@code kid}, or null. */
  public @Nullable String keyId() {
    return jwk.getKeyID();
  }

  /** Returns true when this key may verify a token with {@code tokenAlgorithm}: type and curve fit, and the key's own {@code alg} (if any) is the same. */
  public boolean accepts(JWSAlgorithm tokenAlgorithm) {
    return (algorithm == null || algorithm.equals(tokenAlgorithm)) && Algorithms.keyFits(tokenAlgorithm, jwk);
  }

  /** Returns the verifier. */
  public JWSVerifier verifier() {
    return verifier;
  }

  /** Returns the EC group order n for ECDSA keys, else null. */
  public @Nullable BigInteger ecOrder() {
    return ecOrder;
  }

  private static boolean isTinkPresent() {
    try {
      Class.forName("com.google.crypto.tink.subtle.Ed25519Verify", false, VerificationKey.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
