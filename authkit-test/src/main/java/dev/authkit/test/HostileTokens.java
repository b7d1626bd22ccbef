package dev.authkit.test;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64URL;
import dev.authkit.Reason;
import dev.authkit.test.internal.Jose;
import dev.authkit.test.internal.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalogue of hostile tokens for negative tests: each is the base token (the issuer's default
 * token, or the one a {@link TokenBuilder} describes) with exactly one defect, so a rejection can
 * only come from that defect. Use the named methods for one case, {@link #all()} to assert that an
 * endpoint refuses every one.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("hostileTokens")
 * void ordersWhenHostileTokenThen401(HostileToken hostile) throws Exception {
 *   HttpResponse<String> response = get("/v1/orders", hostile.authorizationHeader());
 *   assertThat(response).hasStatus(401).bearerChallenge().hasError("invalid_token");
 * }
 * }</pre>
 *
 * <table>
 *   <caption>The catalogue and the reason authkit gives each (authenticator as {@link FakeIssuer#authenticator()})</caption>
 *   <tr><th>name</th><th>defect</th><th>{@code Reason}</th></tr>
 *   <tr><td>{@code expired}</td><td>{@code exp} 10 minutes ago (beyond the 60 s skew)</td><td>{@code EXPIRED}</td></tr>
 *   <tr><td>{@code notYetValid}</td><td>{@code nbf} in 10 minutes</td><td>{@code NOT_YET_VALID}</td></tr>
 *   <tr><td>{@code wrongIssuer}</td><td>{@code iss} of an untrusted issuer, signed with the real key</td><td>{@code ISSUER_MISMATCH}</td></tr>
 *   <tr><td>{@code wrongAudience}</td><td>{@code aud} of another API</td><td>{@code AUDIENCE_MISMATCH}</td></tr>
 *   <tr><td>{@code unsigned}</td><td>{@code alg: none}, empty signature (RFC 7519 §6)</td><td>{@code ALGORITHM_NOT_ALLOWED}</td></tr>
 *   <tr><td>{@code hmacSignedWithPublicKey}</td><td>HS256 keyed with the issuer's public key PEM (key confusion, CVE-2015-9235)</td><td>{@code ALGORITHM_NOT_ALLOWED}</td></tr>
 *   <tr><td>{@code signedByUnknownKey}</td><td>the real {@code kid}, signed by a key nobody publishes</td><td>{@code BAD_SIGNATURE}</td></tr>
 *   <tr><td>{@code unknownKid}</td><td>signed by the real key, naming a {@code kid} the JWK set lacks</td><td>{@code UNKNOWN_KEY}</td></tr>
 *   <tr><td>{@code keyFromAnotherIssuer}</td><td>this issuer's {@code iss}, signed by another issuer's key and {@code kid}</td><td>{@code UNKNOWN_KEY}</td></tr>
 *   <tr><td>{@code embeddedJwk}</td><td>attacker's key in the {@code jwk} header, signed with it (CVE-2018-0114)</td><td>{@code BAD_SIGNATURE}</td></tr>
 *   <tr><td>{@code jkuHeader}</td><td>{@code jku} pointing to an attacker's JWK set, signed with that key</td><td>{@code BAD_SIGNATURE}</td></tr>
 *   <tr><td>{@code idToken}</td><td>an OpenID Connect ID token ({@code typ: JWT}, {@code nonce}) instead of an access token</td><td>{@code TYPE_MISMATCH}</td></tr>
 *   <tr><td>{@code missingExpiration}</td><td>no {@code exp}</td><td>{@code MISSING_CLAIM}</td></tr>
 *   <tr><td>{@code expirationAsString}</td><td>{@code exp} as a JSON string, not a NumericDate</td><td>{@code INVALID_CLAIM}</td></tr>
 *   <tr><td>{@code tamperedPayload}</td><td>claims changed after signing ({@code sub}, {@code scope}, {@code roles})</td><td>{@code BAD_SIGNATURE}</td></tr>
 *   <tr><td>{@code truncatedSignature}</td><td>the signature cut to half its bytes</td><td>{@code BAD_SIGNATURE}</td></tr>
 *   <tr><td>{@code encrypted}</td><td>a JWE (RSA-OAEP-256, A256GCM) instead of a JWS</td><td>{@code UNSUPPORTED_TOKEN_FORMAT}</td></tr>
 *   <tr><td>{@code oversized}</td><td>a valid signature over claims padded past 16 KiB</td><td>{@code TOO_LARGE} (or the container's own 4xx)</td></tr>
 * </table>
 *
 * <p>The reasons are authkit's with its defaults; an authenticator configured differently (another
 * algorithm allow-list, a larger size cap, {@code insecure...} options) may give another reason or
 * accept a token. The attacker and other-issuer keys are generated once per {@link FakeIssuer}.
 * Immutable and thread-safe; the tokens are minted when a method is called.
 */
public final class HostileTokens {

  /** The {@code iss} of {@link #wrongIssuer()}. */
  public static final String WRONG_ISSUER = "https://wrong-issuer.invalid";
  /** The {@code aud} of {@link #wrongAudience()}. */
  public static final String WRONG_AUDIENCE = "https://another-api.invalid";
  /** The {@code jku} of {@link #jkuHeader()}. */
  public static final String ATTACKER_JKU = "https://attacker.invalid/jwks.json";
  /** The {@code kid} of {@link #unknownKid()}. */
  public static final String UNKNOWN_KID = "unknown-kid";

  private static final Duration FAR = Duration.ofMinutes(10);

  private final FakeIssuer issuer;
  private final TokenBuilder.Template base;

  HostileTokens(FakeIssuer issuer, TokenBuilder.Template base) {
    this.issuer = issuer;
    this.base = base;
  }

  /** Returns every entry, in the order of the class table; unmodifiable. */
  public List<HostileToken> all() {
    return List.of(expired(), notYetValid(), wrongIssuer(), wrongAudience(), unsigned(), hmacSignedWithPublicKey(),
        signedByUnknownKey(), unknownKid(), keyFromAnotherIssuer(), embeddedJwk(), jkuHeader(), idToken(),
        missingExpiration(), expirationAsString(), tamperedPayload(), truncatedSignature(), encrypted(), oversized());
  }

  /** {@code exp} 10 minutes ago, {@code iat} 15 minutes ago: {@code EXPIRED}. */
  public HostileToken expired() {
    Map<String, Object> claims = base.claimsCopy();
    Instant now = base.now();
    claims.put("iat", now.minus(FAR).minus(Duration.ofMinutes(5)).getEpochSecond());
    claims.put("exp", now.minus(FAR).getEpochSecond());
    claims.computeIfPresent("nbf", (name, value) -> claims.get("iat"));
    return entry("expired", "exp is 10 minutes in the past", signed(base.header(), claims, base.key()), Reason.EXPIRED);
  }

  /** {@code nbf} in 10 minutes: {@code NOT_YET_VALID}. */
  public HostileToken notYetValid() {
    Map<String, Object> claims = base.claimsCopy();
    Instant now = base.now();
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.plus(FAR).getEpochSecond());
    claims.put("exp", now.plus(FAR).plus(Duration.ofMinutes(5)).getEpochSecond());
    return entry("notYetValid", "nbf is 10 minutes in the future", signed(base.header(), claims, base.key()),
        Reason.NOT_YET_VALID);
  }

  /** {@code iss} {@value #WRONG_ISSUER}, signed with the real key: {@code ISSUER_MISMATCH}. */
  public HostileToken wrongIssuer() {
    Map<String, Object> claims = base.claimsCopy();
    claims.put("iss", WRONG_ISSUER);
    return entry("wrongIssuer", "iss names an untrusted issuer", signed(base.header(), claims, base.key()),
        Reason.ISSUER_MISMATCH);
  }

  /** {@code aud} {@value #WRONG_AUDIENCE}: {@code AUDIENCE_MISMATCH}. */
  public HostileToken wrongAudience() {
    Map<String, Object> claims = base.claimsCopy();
    claims.put("aud", WRONG_AUDIENCE);
    return entry("wrongAudience", "aud names another API", signed(base.header(), claims, base.key()),
        Reason.AUDIENCE_MISMATCH);
  }

  /** {@code alg: none} with an empty signature (an unsecured JWT, RFC 7519 §6): {@code ALGORITHM_NOT_ALLOWED}. */
  public HostileToken unsigned() {
    Map<String, Object> header = base.headerCopy();
    header.put("alg", "none");
    header.remove("kid");
    String token = Jose.b64(Jose.json(header)) + "." + Jose.b64(Jose.json(base.claims())) + ".";
    return entry("unsigned", "alg is none and the signature is empty", token, Reason.ALGORITHM_NOT_ALLOWED);
  }

  /**
   * HS256 with the issuer's public key (its PEM text) as the HMAC secret, the classic key-confusion
   * attack on libraries that let the header choose the algorithm: {@code ALGORITHM_NOT_ALLOWED}.
   */
  public HostileToken hmacSignedWithPublicKey() {
    Map<String, Object> header = base.headerCopy();
    header.put("alg", "HS256");
    String signingInput = Jose.b64(Jose.json(header)) + "." + Jose.b64(Jose.json(base.claims()));
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(base.key().publicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    String signature;
    try {
      signature = new MACSigner(pem.getBytes(StandardCharsets.US_ASCII))
          .sign(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.HS256), signingInput.getBytes(StandardCharsets.US_ASCII))
          .toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("HMAC signing failed: " + e.getClass().getName(), e);
    }
    return entry("hmacSignedWithPublicKey", "HS256 keyed with the issuer's public key", signingInput + "." + signature,
        Reason.ALGORITHM_NOT_ALLOWED);
  }

  /** The real {@code kid}, signed by a key nobody publishes: {@code BAD_SIGNATURE}. */
  public HostileToken signedByUnknownKey() {
    return entry("signedByUnknownKey", "names the real kid but is signed by an unpublished key",
        signed(base.header(), base.claims(), attacker()), Reason.BAD_SIGNATURE);
  }

  /** Signed by the real key but naming {@code kid} {@value #UNKNOWN_KID}: {@code UNKNOWN_KEY}. */
  public HostileToken unknownKid() {
    Map<String, Object> header = base.headerCopy();
    header.put("kid", UNKNOWN_KID);
    return entry("unknownKid", "names a kid the JWK set does not have", signed(header, base.claims(), base.key()),
        Reason.UNKNOWN_KEY);
  }

  /**
   * This issuer's {@code iss}, signed by another issuer's key and naming that key's {@code kid}
   * (issuer-key binding, DESIGN decision 4): {@code UNKNOWN_KEY}. The other issuer's key is generated
   * once per {@link FakeIssuer}; use {@link #keyFromIssuer(FakeIssuer)} for an issuer your app also trusts.
   */
  public HostileToken keyFromAnotherIssuer() {
    SigningKey other = issuer.otherIssuerKey(base.key().algorithm());
    Map<String, Object> header = base.headerCopy();
    header.put("kid", other.keyId());
    return entry("keyFromAnotherIssuer", "claims this issuer but is signed by another issuer's key",
        signed(header, base.claims(), other), Reason.UNKNOWN_KEY);
  }

  /**
   * This issuer's {@code iss}, signed by {@code other}'s current key for the same algorithm and naming
   * its {@code kid}: {@code UNKNOWN_KEY}, even when your app trusts both issuers.
   *
   * @param other another running issuer with a key for the base token's algorithm; not this one
   * @return the entry, named {@code keyFromIssuer}
   */
  public HostileToken keyFromIssuer(FakeIssuer other) {
    if (Objects.requireNonNull(other, "other") == issuer) {
      throw new IllegalArgumentException("other must be another issuer");
    }
    SigningKey key = other.currentKey(base.key().algorithm());
    Map<String, Object> header = base.headerCopy();
    header.put("kid", key.keyId());
    return entry("keyFromIssuer", "claims this issuer but is signed by " + other.issuer() + "'s key",
        signed(header, base.claims(), key), Reason.UNKNOWN_KEY);
  }

  /**
   * The attacker's public key embedded as the {@code jwk} header (RFC 7515 §4.1.3) with the real
   * {@code kid}, signed with the attacker's key (CVE-2018-0114): {@code BAD_SIGNATURE}, because authkit
   * takes keys only from the issuer's JWK set.
   */
  public HostileToken embeddedJwk() {
    SigningKey attacker = attacker();
    Map<String, Object> header = base.headerCopy();
    header.put("jwk", attacker.publicJwk().toJSONObject());
    return entry("embeddedJwk", "carries the attacker's key in the jwk header and is signed with it",
        signed(header, base.claims(), attacker), Reason.BAD_SIGNATURE);
  }

  /**
   * A {@code jku} header (RFC 7515 §4.1.2) pointing to {@value #ATTACKER_JKU}, with the real
   * {@code kid}, signed with the attacker's key: {@code BAD_SIGNATURE}; authkit never fetches it.
   */
  public HostileToken jkuHeader() {
    Map<String, Object> header = base.headerCopy();
    header.put("jku", ATTACKER_JKU);
    return entry("jkuHeader", "points jku to an attacker's JWK set and is signed with the attacker's key",
        signed(header, base.claims(), attacker()), Reason.BAD_SIGNATURE);
  }

  /**
   * An OpenID Connect ID token ({@code typ: JWT}, a {@code nonce}; OIDC Core §2) presented as an
   * access token (RFC 8725 §3.11, RFC 9068 §4): {@code TYPE_MISMATCH}.
   */
  public HostileToken idToken() {
    Map<String, Object> header = base.headerCopy();
    header.put("typ", "JWT");
    Map<String, Object> claims = base.claimsCopy();
    claims.put("nonce", "n-0S6_WzA2Mj");
    claims.put("auth_time", base.now().getEpochSecond());
    return entry("idToken", "an ID token (nonce) instead of an access token", signed(header, claims, base.key()),
        Reason.TYPE_MISMATCH);
  }

  /** No {@code exp} (RFC 9068 §2.2 requires it): {@code MISSING_CLAIM}. */
  public HostileToken missingExpiration() {
    Map<String, Object> claims = base.claimsCopy();
    claims.remove("exp");
    return entry("missingExpiration", "has no exp", signed(base.header(), claims, base.key()), Reason.MISSING_CLAIM);
  }

  /** {@code exp} as a JSON string (RFC 7519 §2 requires a NumericDate): {@code INVALID_CLAIM}. */
  public HostileToken expirationAsString() {
    Map<String, Object> claims = base.claimsCopy();
    Object exp = claims.get("exp");
    claims.put("exp", String.valueOf(exp != null ? exp : base.now().plus(Duration.ofMinutes(5)).getEpochSecond()));
    return entry("expirationAsString", "exp is a JSON string", signed(base.header(), claims, base.key()),
        Reason.INVALID_CLAIM);
  }

  /** Signed, then its claims changed ({@code sub} {@code admin}, an added scope and role): {@code BAD_SIGNATURE}. */
  public HostileToken tamperedPayload() {
    String[] parts = signed(base.header(), base.claims(), base.key()).split("\\.");
    Map<String, Object> claims = base.claimsCopy();
    claims.put("sub", "admin");
    Object scope = claims.get("scope");
    claims.put("scope", (scope instanceof String && !((String) scope).isEmpty() ? scope + " " : "") + "admin");
    claims.put("roles", List.of("admin"));
    String token = parts[0] + "." + Jose.b64(Jose.json(claims)) + "." + parts[2];
    return entry("tamperedPayload", "claims changed after signing", token, Reason.BAD_SIGNATURE);
  }

  /** The signature cut to half its bytes (still canonical base64url): {@code BAD_SIGNATURE}. */
  public HostileToken truncatedSignature() {
    String[] parts = signed(base.header(), base.claims(), base.key()).split("\\.");
    byte[] signature = new Base64URL(parts[2]).decode();
    byte[] half = java.util.Arrays.copyOf(signature, signature.length / 2);
    return entry("truncatedSignature", "the signature lost half its bytes",
        parts[0] + "." + parts[1] + "." + Jose.b64(half), Reason.BAD_SIGNATURE);
  }

  /** The claims encrypted as a JWE (RFC 7516; RSA-OAEP-256, A256GCM) instead of signed: {@code UNSUPPORTED_TOKEN_FORMAT}. */
  public HostileToken encrypted() {
    JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
        .contentType("JWT").build(), new Payload(Jose.json(base.claims())));
    try {
      jwe.encrypt(new RSAEncrypter((RSAPublicKey) issuer.attackerKey(JWSAlgorithm.RS256).publicKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("JWE encryption failed: " + e.getClass().getName(), e);
    }
    return entry("encrypted", "a JWE instead of a JWS", jwe.serialize(), Reason.UNSUPPORTED_TOKEN_FORMAT);
  }

  /**
   * Correctly signed, but with a padding claim that makes the token longer than 16 KiB (authkit's
   * default cap, checked before decoding): {@code TOO_LARGE}. Over HTTP a container may refuse the
   * header first with its own 4xx; see {@link HostileToken#mayBeRefusedByContainer()}.
   */
  public HostileToken oversized() {
    Map<String, Object> claims = base.claimsCopy();
    claims.put("padding", "x".repeat(16 * 1024));
    return entry("oversized", "longer than 16 KiB", signed(base.header(), claims, base.key()), Reason.TOO_LARGE);
  }

  @Override
  public String toString() {
    return "HostileTokens[" + issuer.issuer() + ", alg=" + base.key().algorithm() + "]";
  }

  private SigningKey attacker() {
    return issuer.attackerKey(base.key().algorithm());
  }

  private static String signed(Map<String, Object> header, Map<String, Object> claims, SigningKey key) {
    return Jose.sign(header, claims, key);
  }

  private static HostileToken entry(String name, String description, String token, Reason reason) {
    return new HostileToken(name, description, token, reason);
  }
}
