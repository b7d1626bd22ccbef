package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 7518 §3.2) through the JCA {@link Mac}, one initialised instance per thread and
 * algorithm, compared in constant time ({@link MessageDigest#isEqual}). As Nimbus's
 * {@code MACVerifier}: a secret shorter than the algorithm's hash is an error. Thread-safe. Not an API.
 */
public final class HmacVerifier {

  private final byte[] secret;
  private final PerAlgorithm hs256;
  private final PerAlgorithm hs384;
  private final PerAlgorithm hs512;

  /** Builds the verifier; the secret's raw bytes are copied. */
  public HmacVerifier(SecretKey key) throws JOSEException {
    byte[] raw = key.getEncoded();
    if (raw == null || raw.length == 0) {
      throw new JOSEException("the HMAC key has no raw encoding");
    }
    this.secret = raw;
    this.hs256 = new PerAlgorithm("HmacSHA256", secret);
    this.hs384 = new PerAlgorithm("HmacSHA384", secret);
    this.hs512 = new PerAlgorithm("HmacSHA512", secret);
  }

  /**
   * Verifies an HMAC over {@code data[0, length)}.
   *
   * @throws JOSEException for a non-HMAC algorithm, a secret too short for it, or a JCA failure
   */
  public boolean verify(JWSAlgorithm algorithm, byte[] data, int length, byte[] signature) throws JOSEException {
    PerAlgorithm mac;
    if (JWSAlgorithm.HS256.equals(algorithm)) {
      mac = hs256;
    } else if (JWSAlgorithm.HS384.equals(algorithm)) {
      mac = hs384;
    } else if (JWSAlgorithm.HS512.equals(algorithm)) {
      mac = hs512;
    } else {
      throw new JOSEException("not an HMAC algorithm");
    }
    if (secret.length < Algorithms.hmacMinKeyBytes(algorithm)) {
      throw new JOSEException("the HMAC secret is shorter than " + algorithm + " needs");
    }
    return MessageDigest.isEqual(mac.compute(data, length), signature);
  }

  private static final class PerAlgorithm {
    private final String name;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> perThread = new ThreadLocal<>();

    PerAlgorithm(String name, byte[] secret) {
      this.name = name;
      this.key = new SecretKeySpec(secret, name);
    }

    byte[] compute(byte[] data, int length) throws JOSEException {
      Mac mac = perThread.get();
      try {
        if (mac == null) {
          mac = Mac.getInstance(name);
          mac.init(key);
          perThread.set(mac);
        }
        mac.update(data, 0, length);
        return mac.doFinal();
      } catch (GeneralSecurityException | RuntimeException e) {
        perThread.remove();
        throw new JOSEException("the JCA failed to compute " + name + ": " + e.getClass().getSimpleName(), e);
      }
    }
  }
}
