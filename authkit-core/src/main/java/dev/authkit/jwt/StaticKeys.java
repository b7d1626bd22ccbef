package dev.authkit.jwt;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Verification keys fixed at configuration time: public keys in code, PEM text or files, JWK set
 * JSON (RFC 7517 §5) text or files.
 *
 * <pre>{@code
 * KeySource keys = StaticKeys.fromJwkSetFile(Path.of("/etc/api/issuer-jwks.json"));
 * }</pre>
 *
 * <p>Malformed configuration fails here, at start-up, with {@link IllegalArgumentException}; keys
 * that parse but break authkit's key policy (private parts, {@code oct}, RSA under 2048 bits,
 * {@code use} other than {@code sig}) are refused one by one when the authenticator first uses the
 * set, each with a {@code KEY_REJECTED} event. HMAC secrets are never read from a key set: give
 * them to {@link TrustedIssuer.Builder#hmacKey(javax.crypto.SecretKey)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StaticKeys implements KeySource {

  private static final String PEM_PUBLIC_KEY = "PUBLIC KEY";
  private static final String PEM_CERTIFICATE = "CERTIFICATE";

  private final JWKSet keys;

  private StaticKeys(JWKSet keys) {
    this.keys = keys;
  }

  /**
   * Uses a Nimbus JWK set as it is.
   *
   * @param jwkSet the keys; not null; may be empty
   * @return the source
   * @throws NullPointerException if {@code jwkSet} is null
   */
  public static StaticKeys of(JWKSet jwkSet) {
    return new StaticKeys(requireNonNull(jwkSet, "jwkSet"));
  }

  /**
   * Parses a JWK set document ({@code {"keys":[...]}}, RFC 7517 §5).
   *
   * @param json the document; not null
   * @return the source
   * @throws IllegalArgumentException if the text is not a JWK set document
   */
  public static StaticKeys fromJwkSetJson(String json) {
    requireNonNull(json, "json");
    try {
      return new StaticKeys(JWKSet.parse(json));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWK set document (RFC 7517 §5): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Nimbus throws NullPointerException for the JSON text "null" (and may throw other unchecked
      // exceptions on hostile text): still "not a JWK set document", the documented failure.
      throw new IllegalArgumentException("not a JWK set document (RFC 7517 §5): " + e.getClass().getName(), e);
    }
  }

  /**
   * Reads a JWK set document from a UTF-8 file.
   *
   * @param file the file; not null
   * @return the source
   * @throws IllegalArgumentException if the file is not a JWK set document
   * @throws UncheckedIOException if the file cannot be read
   */
  public static StaticKeys fromJwkSetFile(Path file) {
    return fromJwkSetJson(read(file));
  }

  /**
   * Uses one public key.
   *
   * @param key an {@link RSAPublicKey}, an {@link ECPublicKey} on P-256, P-384 or P-521, or an
   *     Ed25519 {@link EdECPublicKey}; not null
   * @param keyId the {@code kid} tokens name it by; null for tokens without {@code kid}
   * @return the source
   * @throws IllegalArgumentException for any other key type or curve, or an EC point not on its curve
   */
  public static StaticKeys fromPublicKey(PublicKey key, @Nullable String keyId) {
    requireNonNull(key, "key");
    try {
      return new StaticKeys(new JWKSet(toJwk(key, keyId)));
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the public key cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * Parses one PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or {@code CERTIFICATE} block;
   * of a certificate only its public key is used (its dates and chain are not checked).
   *
   * @param pem the PEM text; not null
   * @param keyId the {@code kid} tokens name it by; null for tokens without {@code kid}
   * @return the source
   * @throws IllegalArgumentException if the text holds no such block, an unsupported key, or any
   *     {@code PRIVATE KEY} block (a private key never belongs in a verifier's configuration)
   */
  public static StaticKeys fromPem(String pem, @Nullable String keyId) {
    requireNonNull(pem, "pem");
    if (pem.contains("PRIVATE KEY-----")) {
      throw new IllegalArgumentException("the PEM text contains a private key; give authkit only the public key");
    }
    if (pem.contains("-----BEGIN " + PEM_CERTIFICATE + "-----")) {
      X509Certificate certificate = X509CertUtils.parse(pem);
      if (certificate == null) {
        throw new IllegalArgumentException("the PEM CERTIFICATE block cannot be parsed");
      }
      return fromPublicKey(certificate.getPublicKey(), keyId);
    }
    byte[] der = pemBody(pem, PEM_PUBLIC_KEY);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return fromPublicKey(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)), keyId);
      } catch (InvalidKeySpecException | NoSuchAlgorithmException notThisType) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("the PEM PUBLIC KEY is not an RSA, EC or Ed25519 key");
  }

  /**
   * Reads {@link #fromPem(String, String)} text from a file.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public static StaticKeys fromPemFile(Path file, @Nullable String keyId) {
    return fromPem(read(file), keyId);
  }

  @Override
  public JWKSet keys() {
    return keys;
  }

  @Override
  public String toString() {
    return "StaticKeys[" + keys.getKeys().size() + " keys]";
  }

  private static JWK toJwk(PublicKey key, @Nullable String keyId) {
    if (key instanceof RSAPublicKey) {
      return new RSAKey.Builder((RSAPublicKey) key).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
    }
    if (key instanceof ECPublicKey) {
      Curve curve = Curve.forECParameterSpec(((ECPublicKey) key).getParams());
      if (curve == null || !List.of(Curve.P_256, Curve.P_384, Curve.P_521).contains(curve)) {
        throw new IllegalArgumentException("EC keys must be on P-256, P-384 or P-521 (RFC 7518 §3.4)");
      }
      return new ECKey.Builder(curve, (ECPublicKey) key).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
    }
    if (key instanceof EdECPublicKey && "Ed25519".equals(((EdECPublicKey) key).getParams().getName())) {
      byte[] encoded = key.getEncoded();
      // SubjectPublicKeyInfo for Ed25519 ends with the 32-byte public key (RFC 8410 §4).
      byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(raw)).keyID(keyId)
          .keyUse(KeyUse.SIGNATURE).build();
    }
    throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm()
        + ": use RSA, EC (P-256/384/521) or Ed25519");
  }

  private static byte[] pemBody(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int start = pem.indexOf(begin);
    int stop = start < 0 ? -1 : pem.indexOf(end, start);
    if (start < 0 || stop < 0) {
      throw new IllegalArgumentException("no PEM " + label + " block found");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM " + label + " block is not valid base64", e);
    }
  }

  private static String read(Path file) {
    requireNonNull(file, "file");
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
