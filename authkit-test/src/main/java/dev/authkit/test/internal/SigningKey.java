package dev.authkit.test.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One signing key generated at run time (never stored anywhere): RSA 2048 for RS/PS, EC on the
 * algorithm's curve for ES, Ed25519 for EdDSA. RSA and EC sign through Nimbus; Ed25519 through the
 * JDK's own {@code Signature}, so Google Tink is not needed. Immutable and thread-safe; not an API.
 */
public final class SigningKey {

  /** The algorithms a fake issuer can sign with. */
  public static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private final String keyId;
  private final JWSAlgorithm algorithm;
  private final JWK publicJwk;
  private final PublicKey publicKey;
  private final @Nullable JWSSigner nimbusSigner;
  private final @Nullable KeyPair edKeys;

  private SigningKey(String keyId, JWSAlgorithm algorithm, JWK publicJwk, PublicKey publicKey, @Nullable JWSSigner nimbusSigner,
      @Nullable KeyPair edKeys) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.publicJwk = publicJwk;
    this.publicKey = publicKey;
    this.nimbusSigner = nimbusSigner;
    this.edKeys = edKeys;
  }

  /**
   * Generates a key for {@code algorithm}.
   *
   * @param keyId the {@code kid}
   * @param algorithm one of {@link #SUPPORTED}
   * @throws IllegalArgumentException for another algorithm
   */
  public static SigningKey generate(String keyId, JWSAlgorithm algorithm) {
    try {
      if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
        RSAKey key = new RSAKeyGenerator(2048).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
        return new SigningKey(keyId, algorithm, key.toPublicJWK(), key.toPublicKey(), new RSASSASigner(key), null);
      }
      if (JWSAlgorithm.Family.EC.contains(algorithm) && !JWSAlgorithm.ES256K.equals(algorithm)) {
        Curve curve = Curve.forJWSAlgorithm(algorithm).iterator().next();
        ECKey key = new ECKeyGenerator(curve).keyID(keyId).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).generate();
        return new SigningKey(keyId, algorithm, key.toPublicJWK(), key.toPublicKey(), new ECDSASigner(key), null);
      }
      if (JWSAlgorithm.EdDSA.equals(algorithm)) {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(keyId)
            .algorithm(algorithm).keyUse(KeyUse.SIGNATURE).build();
        return new SigningKey(keyId, algorithm, jwk, pair.getPublic(), null, pair);
      }
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key: " + e.getClass().getName(), e);
    }
    throw new IllegalArgumentException("unsupported algorithm " + algorithm + "; supported: " + SUPPORTED);
  }

  /** Returns the {@code kid}. */
  public String keyId() {
    return keyId;
  }

  /** Returns the algorithm this key signs with. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** Returns the public JWK, with {@code kid}, {@code alg} and {@code use: sig}. */
  public JWK publicJwk() {
    return publicJwk;
  }

  /** Returns the public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs the JWS signing input with this key's algorithm.
   *
   * @param signingInput {@code base64url(header) "." base64url(payload)}
   * @return the base64url signature segment
   */
  public String sign(String signingInput) {
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    try {
      if (edKeys != null) {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(edKeys.getPrivate());
        signer.update(input);
        return Base64URL.encode(signer.sign()).toString();
      }
      return java.util.Objects.requireNonNull(nimbusSigner).sign(new JWSHeader(algorithm), input).toString();
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("signing with " + algorithm + " failed: " + e.getClass().getName(), e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + keyId + ", alg=" + algorithm + "]";
  }
}
