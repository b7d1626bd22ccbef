package dev.authkit.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * Ed25519 (RFC 8037 §3.1) through the JDK's own {@code Signature} ("Ed25519", JDK 15+), used when
 * Google Tink, which Nimbus's own Ed25519 verifier needs, is not on the class path. The JCA does
 * the crypto. Immutable and thread-safe. Not an API.
 */
final class JdkEd25519Verifier implements JWSVerifier {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), followed by the 32-byte key. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final PublicKey publicKey;
  private final JCAContext context = new JCAContext();

  JdkEd25519Verifier(OctetKeyPair key) throws JOSEException {
    byte[] raw = key.getDecodedX();
    if (raw.length != 32) {
      throw new JOSEException("an Ed25519 public key has 32 bytes");
    }
    byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
    try {
      this.publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("the JDK cannot load the Ed25519 key: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
    byte[] signatureBytes = signature.decode();
    if (signatureBytes.length != 64) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(signingInput);
      return verifier.verify(signatureBytes);
    } catch (SignatureException invalid) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 verification failed in the JDK: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
  }

  @Override
  public JCAContext getJCAContext() {
    return context;
  }
}
