package dev.authkit.test.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Compact JWS assembly from raw header and claims maps (Nimbus JSON, JDK base64url). Stateless; not an API. */
public final class Jose {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jose() {}

  /** Returns unpadded base64url of UTF-8 text (RFC 7515 §2). */
  public static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns unpadded base64url of bytes. */
  public static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  /** Serializes a JSON object with Nimbus. */
  public static String json(Map<String, ?> members) {
    return JSONObjectUtils.toJSONString(members);
  }

  /** Returns {@code header.payload.signature}, signed by {@code key}. */
  public static String sign(Map<String, Object> header, Map<String, Object> claims, SigningKey key) {
    return signRaw(json(header), json(claims), key);
  }

  /** Returns a compact JWS of raw JSON texts, signed by {@code key}. */
  public static String signRaw(String headerJson, String claimsJson, SigningKey key) {
    String signingInput = b64(headerJson) + "." + b64(claimsJson);
    return signingInput + "." + key.sign(signingInput);
  }
}
