package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One key that passed {@link KeyPolicy}, with everything signature verification needs built once:
 * the JCA public key and, per algorithm the key fits, a {@link JcaVerifier} (a per-thread,
 * initialised {@code Signature}). ECDSA and Ed25519 go to BouncyCastle when present
 * ({@link Providers}); Ed25519 otherwise to Nimbus's Tink verifier, else the JDK. Immutable and
 * thread-safe. Not an API.
 */
public final class VerificationKey {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), followed by the 32-byte key. */
  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final JWSHeader EDDSA_HEADER = new JWSHeader(JWSAlgorithm.EdDSA);
  private static final JWSHeader ED25519_HEADER = new JWSHeader(JWSAlgorithm.Ed25519);

  private final JWK jwk;
  private final @Nullable JWSAlgorithm algorithm;
  private final Map<JWSAlgorithm, JcaVerifier> verifiers;
  private final @Nullable Ed25519Verifier tinkVerifier;
  private final @Nullable BigInteger ecOrder;

  private VerificationKey(JWK jwk, Map<JWSAlgorithm, JcaVerifier> verifiers, @Nullable Ed25519Verifier tinkVerifier,
      @Nullable BigInteger ecOrder) {
    this.jwk = jwk;
    this.algorithm = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
    this.verifiers = Map.copyOf(verifiers);
    this.tinkVerifier = tinkVerifier;
    this.ecOrder = ecOrder;
  }

  /** Builds the verifiers for a key that passed the policy. */
  static VerificationKey of(JWK jwk) throws JOSEException {
    return of(jwk, Providers.bouncyCastle());
  }

  /**
   * Builds the verifiers with an explicit choice of BouncyCastle.
   *
   * @param bc the BouncyCastle provider for ECDSA and Ed25519, or null for the JDK's (or Tink's)
   */
  static VerificationKey of(JWK jwk, @Nullable Provider bc) throws JOSEException {
    Map<JWSAlgorithm, JcaVerifier> verifiers = new HashMap<>();
    if (jwk instanceof RSAKey) {
      RSAPublicKey key = ((RSAKey) jwk).toRSAPublicKey();
      verifiers.put(JWSAlgorithm.RS256, new JcaVerifier("SHA256withRSA", null, null, key));
      verifiers.put(JWSAlgorithm.RS384, new JcaVerifier("SHA384withRSA", null, null, key, false));
      verifiers.put(JWSAlgorithm.RS512, new JcaVerifier("SHA512withRSA", null, null, key, false));
      // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash, trailer 1 (as Nimbus).
      verifiers.put(JWSAlgorithm.PS256, new JcaVerifier("RSASSA-PSS",
          new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), null, key, false));
      verifiers.put(JWSAlgorithm.PS384, new JcaVerifier("RSASSA-PSS",
          new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1), null, key, false));
      verifiers.put(JWSAlgorithm.PS512, new JcaVerifier("RSASSA-PSS",
          new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1), null, key, false));
      return new VerificationKey(jwk, verifiers, null, null);
    }
    if (jwk instanceof ECKey) {
      ECKey ec = (ECKey) jwk;
      java.security.interfaces.ECPublicKey key = ec.toECPublicKey();
      // JOSE signatures are r || s (IEEE P1363), what both names below verify directly.
      String hash = ecHash(ec);
      if (hash != null) {
        verifiers.put(ecAlgorithm(ec), bc != null
            ? new JcaVerifier(hash + "withPLAIN-ECDSA", null, bc, reload("EC", key.getEncoded(), bc))
            : new JcaVerifier(hash + "withECDSAinP1363Format", null, null, key));
      }
      return new VerificationKey(jwk, verifiers, null, key.getParams().getOrder());
    }
    if (jwk instanceof OctetKeyPair) {
      OctetKeyPair okp = (OctetKeyPair) jwk;
      if (bc == null && Providers.tinkPresent()) {
        return new VerificationKey(jwk, verifiers, new Ed25519Verifier(okp), null);
      }
      byte[] raw = okp.getDecodedX();
      if (raw.length != 32) {
        throw new JOSEException("an Ed25519 public key has 32 bytes");
      }
      byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
      System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
      JcaVerifier verifier = new JcaVerifier("Ed25519", null, bc, reload("Ed25519", spki, bc));
      verifiers.put(JWSAlgorithm.EdDSA, verifier);
      verifiers.put(JWSAlgorithm.Ed25519, verifier);
      return new VerificationKey(jwk, verifiers, null, null);
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

  /**
   * Verifies a JWS signature made with this key.
   *
   * @param algorithm the token's {@code alg}, one this key {@link #accepts}
   * @param data holds the JWS signing input in {@code [0, length)}
   * @param signature the decoded signature
   * @param signatureSegment the encoded signature, for verifiers that take it so
   * @return true when the signature verifies
   * @throws JOSEException when the algorithm does not fit the key or the JCA fails
   */
  public boolean verify(JWSAlgorithm algorithm, byte[] data, int length, byte[] signature, String signatureSegment)
      throws JOSEException {
    if (tinkVerifier != null) {
      JWSHeader header = JWSAlgorithm.Ed25519.equals(algorithm) ? ED25519_HEADER : EDDSA_HEADER;
      return tinkVerifier.verify(header, Arrays.copyOf(data, length), new Base64URL(signatureSegment));
    }
    JcaVerifier verifier = verifiers.get(algorithm);
    if (verifier == null) {
      throw new JOSEException("the key cannot verify " + algorithm);
    }
    if (jwk instanceof OctetKeyPair && signature.length != 64) {
      return false;
    }
    return verifier.verify(data, length, signature);
  }

  /** Returns the EC group order n for ECDSA keys, else null. */
  public @Nullable BigInteger ecOrder() {
    return ecOrder;
  }

  /** Returns which implementation verifies for this key, e.g. "BC" or "SunRsaSign", for diagnostics. */
  public String implementation() {
    if (tinkVerifier != null) {
      return "Tink";
    }
    return verifiers.values().iterator().next().providerName();
  }

  private static @Nullable String ecHash(ECKey key) {
    JWSAlgorithm algorithm = ecAlgorithm(key);
    if (JWSAlgorithm.ES256.equals(algorithm)) {
      return "SHA256";
    }
    if (JWSAlgorithm.ES384.equals(algorithm)) {
      return "SHA384";
    }
    if (JWSAlgorithm.ES512.equals(algorithm)) {
      return "SHA512";
    }
    return null;
  }

  private static JWSAlgorithm ecAlgorithm(ECKey key) {
    for (JWSAlgorithm candidate : new JWSAlgorithm[] {JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512}) {
      if (Algorithms.keyFits(candidate, key)) {
        return candidate;
      }
    }
    return JWSAlgorithm.ES256K;
  }

  private static PublicKey reload(String type, byte[] spki, @Nullable Provider provider) throws JOSEException {
    try {
      KeyFactory factory = provider == null ? KeyFactory.getInstance(type) : KeyFactory.getInstance(type, provider);
      return factory.generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("the JCA cannot load the " + type + " key: " + e.getClass().getSimpleName(), e);
    }
  }
}
