package dev.authkit.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.security.GeneralSecurityException;
import java.security.Signature;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds compact JWS tokens for core's own tests, from raw header and payload JSON so that any
 * malformed shape can be made. Core cannot use authkit-test (it would be a Maven cycle).
 *
 * <p>The fixture token {@code V} of CASES.md: {@link #fixtureHeader()} + {@link #fixtureClaims()},
 * signed with {@link TestKeys#A_RSA_1}.
 */
public final class Tokens {

  /** CASES.md T0: 2023-11-14T22:13:20Z. */
  public static final long T0 = 1_700_000_000L;
  public static final String ISSUER_A = "https://issuer-a.example";
  public static final String ISSUER_B = "https://issuer-b.example";
  public static final String AUDIENCE = "api://authkit-test";

  private Tokens() {}

  /** The header of {@code V}: {@code {"alg":"RS256","typ":"at+jwt","kid":"a-rsa-1"}}. */
  public static Map<String, Object> fixtureHeader() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "at+jwt");
    header.put("kid", "a-rsa-1");
    return header;
  }

  /** The claims of {@code V}. */
  public static Map<String, Object> fixtureClaims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER_A);
    claims.put("sub", "user-0001");
    claims.put("aud", AUDIENCE);
    claims.put("client_id", "client-0001");
    claims.put("scope", "read");
    claims.put("jti", "jti-0001");
    claims.put("iat", T0 - 10);
    claims.put("nbf", T0 - 10);
    claims.put("exp", T0 + 300);
    return claims;
  }

  /** Returns {@code V}. */
  public static String fixture() {
    return sign(TestKeys.A_RSA_1, json(fixtureHeader()), json(fixtureClaims()));
  }

  /** Returns {@code V} with its claims changed by {@code change}, re-signed with {@code kA1}. */
  public static String fixtureWithClaims(Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = fixtureClaims();
    change.accept(claims);
    return sign(TestKeys.A_RSA_1, json(fixtureHeader()), json(claims));
  }

  /** Returns {@code V} with its header changed by {@code change}, signed with {@code key} by the header's alg. */
  public static String fixtureWithHeader(JWK key, Consumer<Map<String, Object>> change) {
    Map<String, Object> header = fixtureHeader();
    change.accept(header);
    return sign(key, json(header), json(fixtureClaims()));
  }

  /**
   * Returns an access token like {@code V} but for {@code issuer} at {@code now} (epoch seconds):
   * {@code iat = nbf = now - 10}, {@code exp = now + 300}, signed with {@code key} (RS256 for RSA,
   * ES256 for EC) and naming {@code kid} (omitted when null).
   */
  public static String at(JWK key, String kid, String issuer, long now) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", key instanceof ECKey ? "ES256" : "RS256");
    header.put("typ", "at+jwt");
    if (kid != null) {
      header.put("kid", kid);
    }
    Map<String, Object> claims = fixtureClaims();
    claims.put("iss", issuer);
    claims.put("iat", now - 10);
    claims.put("nbf", now - 10);
    claims.put("exp", now + 300);
    return sign(key, json(header), json(claims));
  }

  /** Serializes a map to JSON with Nimbus. */
  public static String json(Map<String, Object> members) {
    return JSONObjectUtils.toJSONString(members);
  }

  /** Base64url without padding of UTF-8 text. */
  public static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Signs raw header and payload JSON text with {@code key}, by the header's {@code alg}. */
  public static String sign(JWK key, String headerJson, String payloadJson) {
    return signRaw(key, algOf(headerJson), headerJson.getBytes(StandardCharsets.UTF_8),
        payloadJson.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs raw header and payload bytes with {@code key} by {@code alg}, whatever the header says and
   * without parsing it: for headers the test kit's own parser would refuse (duplicate names,
   * invalid UTF-8, an {@code alg} that is not a string).
   */
  public static String signRaw(JWK key, JWSAlgorithm alg, byte[] header, byte[] payload) {
    String signingInput = b64(header) + "." + b64(payload);
    return watched(signingInput + "." + signature(key, alg, signingInput));
  }

  /** Signs raw header and payload JSON text with an HMAC secret, by the header's {@code alg}. */
  public static String signHmac(byte[] secret, String headerJson, String payloadJson) {
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    try {
      JWSSigner signer = new MACSigner(secret);
      return watched(signingInput + "." + signer.sign(new JWSHeader(algOf(headerJson)),
          signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs raw header and payload JSON text with an Ed25519 key through the JDK. */
  public static String signEd25519(TestKeys.Ed25519 key, String headerJson, String payloadJson) {
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key.jdk().getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return watched(signingInput + "." + b64(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every token signed here is a canary for the whole run: its segments must never reach a log line (BR-28). */
  private static String watched(String token) {
    SecretScanner.forbidToken(token);
    return token;
  }

  /** Returns the base64url signature of {@code signingInput} with {@code key} and {@code alg}. */
  public static String signature(JWK key, JWSAlgorithm alg, String signingInput) {
    try {
      return signer(key).sign(new JWSHeader(alg), signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSSigner signer(JWK key) throws JOSEException {
    if (key instanceof RSAKey) {
      return new RSASSASigner((RSAKey) key);
    }
    if (key instanceof ECKey) {
      return new ECDSASigner((ECKey) key);
    }
    throw new IllegalArgumentException("no signer for " + key.getKeyType());
  }

  private static JWSAlgorithm algOf(String headerJson) {
    try {
      return JWSAlgorithm.parse((String) JSONObjectUtils.parse(headerJson).get("alg"));
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
