package dev.authkit.benchmarks.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One algorithm's key and tokens, the same for every implementation measured. Tokens are RFC 9068
 * shaped access tokens (iss, sub, aud, exp, iat, jti, client_id, scope), valid for an hour, with
 * {@code typ: JWT} (the one type every peer accepts by default) and a {@code kid}; ~300-byte payload.
 */
public final class Fixture {

  public static final String ISSUER = "https://login.example.com/tenant-42";
  public static final String AUDIENCE = "api://orders";
  public static final String KEY_ID = "bench-key-1";

  public final String algorithmName;
  public final JWSAlgorithm algorithm;
  /** The public key as a JWK ({@code kid}, {@code alg}, {@code use: sig}); null for HS256. */
  public final JWK publicJwk;
  /** The JCA public key; null for HS256. */
  public final PublicKey publicKey;
  /** The HMAC secret (HS256 only), else null. */
  public final SecretKey secret;
  private final JWSSigner signer;

  public Fixture(String algorithmName) throws Exception {
    this.algorithmName = algorithmName;
    this.algorithm = JWSAlgorithm.parse(algorithmName);
    switch (algorithmName) {
      case "RS256":
      case "PS256": {
        RSAKey key = new RSAKeyGenerator(2048).keyID(KEY_ID).algorithm(algorithm)
            .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        publicJwk = key.toPublicJWK();
        publicKey = key.toRSAPublicKey();
        secret = null;
        signer = new RSASSASigner(key);
        break;
      }
      case "ES256": {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).algorithm(algorithm)
            .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        publicJwk = key.toPublicJWK();
        publicKey = key.toECPublicKey();
        secret = null;
        signer = new ECDSASigner(key);
        break;
      }
      case "EdDSA": {
        OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).keyID(KEY_ID).algorithm(algorithm)
            .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
        publicJwk = key.toPublicJWK();
        byte[] raw = key.getDecodedX();
        byte[] spki = new byte[44];
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        System.arraycopy(prefix, 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        secret = null;
        signer = new Ed25519Signer(key);
        break;
      }
      case "HS256": {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        secret = new SecretKeySpec(bytes, "HmacSHA256");
        publicJwk = null;
        publicKey = null;
        signer = new MACSigner(secret);
        break;
      }
      default:
        throw new IllegalArgumentException("unknown algorithm " + algorithmName);
    }
  }

  /** Returns the token numbered {@code n}; distinct numbers give distinct tokens. */
  public String token(int n) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("user-" + (1_000_000 + n) + "@example.com")
        .audience(AUDIENCE)
        .expirationTime(new Date((now + 3600) * 1000))
        .issueTime(new Date(now * 1000))
        .jwtID("7c3f9b0e-2d41-4e8a-9f6b-" + String.format("%012d", n))
        .claim("client_id", "orders-web-frontend")
        .claim("scope", "orders:read orders:write profile")
        .claim("tenant", "tenant-42")
        .build();
    JWSHeader header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT)
        .keyID(secret == null ? KEY_ID : null).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** Returns {@code count} distinct tokens. */
  public String[] tokens(int count) throws Exception {
    String[] tokens = new String[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = token(i);
    }
    return tokens;
  }

  /** Returns the token with one payload character changed (still base64url): its signature fails. */
  public static String tampered(String token) {
    int start = token.indexOf('.') + 1;
    int at = start + 20;
    char c = token.charAt(at);
    char replacement = c == 'A' ? 'B' : 'A';
    return token.substring(0, at) + replacement + token.substring(at + 1);
  }

  /** The algorithms measured. */
  public static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA", "HS256");
}
