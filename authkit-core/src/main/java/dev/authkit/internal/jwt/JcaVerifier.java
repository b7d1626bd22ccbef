package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * One public key with one JCA signature algorithm, verified through a {@link Signature} that each
 * thread creates and initialises once ({@code getInstance} and {@code initVerify} are not paid per
 * token). The JCA does all the crypto. After {@link Signature#verify} the instance is back in its
 * initialised state (JCA contract); after any failure it is dropped and the next call builds a new
 * one. Thread-safe. Not an API.
 */
final class JcaVerifier {

  private final String algorithm;
  private final @Nullable AlgorithmParameterSpec parameters;
  private final @Nullable Provider provider;
  private final PublicKey key;
  private final ThreadLocal<Signature> perThread = new ThreadLocal<>();

  /**
   * Builds the verifier and checks once that the JCA accepts algorithm, parameters and key.
   *
   * @param provider a specific provider instance (never registered globally), or null for the JDK's choice
   */
  JcaVerifier(String algorithm, @Nullable AlgorithmParameterSpec parameters, @Nullable Provider provider,
      PublicKey key) throws JOSEException {
    this(algorithm, parameters, provider, key, true);
  }

  /**
   * @param checkNow false to skip the up-front check, for algorithms every key of the type supports
   *     (RSA: the six RS and PS algorithms), so re-vetting a key set stays cheap
   */
  JcaVerifier(String algorithm, @Nullable AlgorithmParameterSpec parameters, @Nullable Provider provider,
      PublicKey key, boolean checkNow) throws JOSEException {
    this.algorithm = algorithm;
    this.parameters = parameters;
    this.provider = provider;
    this.key = key;
    if (!checkNow) {
      return;
    }
    try {
      perThread.set(newSignature());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new JOSEException("the JCA cannot verify " + algorithm + " with this key: " + e.getClass().getSimpleName(), e);
    }
    perThread.remove();
  }

  /**
   * Verifies {@code signature} over {@code data[0, length)}.
   *
   * @return false when the signature does not verify or is refused by the JCA as malformed
   * @throws JOSEException when the JCA fails for another reason
   */
  boolean verify(byte[] data, int length, byte[] signature) throws JOSEException {
    Signature verifier = perThread.get();
    try {
      if (verifier == null) {
        verifier = newSignature();
        perThread.set(verifier);
      }
      verifier.update(data, 0, length);
      return verifier.verify(signature);
    } catch (SignatureException invalid) {
      perThread.remove();
      return false;
    } catch (GeneralSecurityException | RuntimeException e) {
      perThread.remove();
      throw new JOSEException("the JCA failed to verify " + algorithm + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Returns the JCA provider's name, for diagnostics. */
  String providerName() {
    try {
      return provider != null ? provider.getName() : Signature.getInstance(algorithm).getProvider().getName();
    } catch (NoSuchAlgorithmException e) {
      return "none";
    }
  }

  private Signature newSignature()
      throws NoSuchAlgorithmException, InvalidKeyException, InvalidAlgorithmParameterException {
    Signature signature = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
    if (parameters != null) {
      signature.setParameter(parameters);
    }
    signature.initVerify(key);
    return signature;
  }
}
