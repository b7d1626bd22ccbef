package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC examples as external vectors ({@code shared/testdata/external/HOWTO.md} §3.5): the RFC 7520
 * JOSE Cookbook (and its RFC 8037 Ed25519 and RFC 7797 {@code b64:false} additions) and the
 * RFC 7515 appendix A examples from latchset/jose. Genuine compact signatures verify at the JWS
 * layer; their non-JSON payloads are then refused at the JWT layer; detached content, JSON
 * serializations, unencoded payloads and {@code alg:none} are refused outright.
 */
class RfcExamplesTest {

  private static final String COOKBOOK = "/vectors/jose-cookbook/";
  private static final String LATCHSET = "/vectors/latchset-jose/";

  // ---- RFC 7520 cookbook ------------------------------------------------------------------------

  @ParameterizedTest(name = "RFC 7520 {0}: compact verifies at the JWS layer, refused as a JWT")
  @ValueSource(strings = {"jws/4_1.rsa_v15_signature.json", "jws/4_2.rsa-pss_signature.json",
      "jws/4_3.ecdsa_signature.json", "jws/4_4.hmac-sha2_integrity_protection.json", "curve25519/jws.json"})
  void verifyJwsOnlyWhenCookbookCompactThenVerifiesAndJwtLayerRefusesTextPayload(String file) throws ParseException {
    Map<String, Object> vector = WycheproofJwsTest.readJson(COOKBOOK + file);
    Map<String, Object> input = JSONObjectUtils.getJSONObject(vector, "input");
    JwtAuthenticator authenticator = forKey(JWK.parse(JSONObjectUtils.getJSONObject(input, "key")),
        JWSAlgorithm.parse(JSONObjectUtils.getString(input, "alg")), Clock.systemUTC(), false);
    String compact = JSONObjectUtils.getString(JSONObjectUtils.getJSONObject(vector, "output"), "compact");

    byte[] payload = authenticator.verifyJwsOnly(compact);

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(JSONObjectUtils.getString(input, "payload"));
    assertRejected(() -> authenticator.authenticate(compact), Reason.MALFORMED);
    // Control at the JWS layer: one flipped signature character and the same set-up refuses it.
    String tampered = compact.substring(0, compact.length() - 2) + (compact.endsWith("AA") ? "BA" : "AA");
    assertRejected(() -> authenticator.verifyJwsOnly(tampered), Reason.BAD_SIGNATURE, Reason.MALFORMED);
  }

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cookbookRefused() {
    List<Arguments> all = new ArrayList<>();
    for (String file : List.of("jws/4_1.rsa_v15_signature.json", "jws/4_2.rsa-pss_signature.json",
        "jws/4_3.ecdsa_signature.json", "jws/4_4.hmac-sha2_integrity_protection.json",
        "jws/4_5.signature_with_detached_content.json", "jws/4_6.protecting_specific_header_fields.json",
        "jws/4_7.protecting_content_only.json", "jws/4_8.multiple_signatures.json", "curve25519/jws.json",
        "rfc7797/4.2.hmac-sha2_b64_false.json", "rfc7797/hmac-sha2_b64_false.json")) {
      Map<String, Object> output = (Map<String, Object>) WycheproofJwsTest.readJson(COOKBOOK + file).get("output");
      for (String form : List.of("json", "json_flat")) {
        if (output.get(form) != null) {
          all.add(Arguments.of(file + " " + form, JSONObjectUtils.toJSONString((Map<String, Object>) output.get(form)),
              new Reason[] {Reason.UNSUPPORTED_TOKEN_FORMAT}));
        }
      }
    }
    all.add(Arguments.of("jws/4_5 compact (detached, empty payload)",
        output("jws/4_5.signature_with_detached_content.json"), new Reason[] {Reason.MALFORMED}));
    // RFC 7797: the raw payload holds spaces, outside base64url.
    all.add(Arguments.of("rfc7797 compact with b64:false (raw payload)", output("rfc7797/hmac-sha2_b64_false.json"),
        new Reason[] {Reason.MALFORMED}));
    return all.stream();
  }

  @ParameterizedTest(name = "RFC 7520/7797 {0} refused")
  @MethodSource("cookbookRefused")
  void authenticateWhenCookbookSerializationUnsupportedThenRefused(String name, String token, Reason[] reasons)
      throws ParseException {
    Map<String, Object> input = JSONObjectUtils.getJSONObject(
        WycheproofJwsTest.readJson(COOKBOOK + "jws/4_4.hmac-sha2_integrity_protection.json"), "input");
    JwtAuthenticator hmac = forKey(JWK.parse(JSONObjectUtils.getJSONObject(input, "key")), JWSAlgorithm.HS256,
        Clock.systemUTC(), false);
    // Control: the same key verifies the 4.4 compact form.
    hmac.verifyJwsOnly(output("jws/4_4.hmac-sha2_integrity_protection.json"));

    assertRejected(() -> hmac.verifyJwsOnly(token), reasons);
    assertRejected(() -> hmac.authenticate(token), reasons);
  }

  @Test
  void verifyJwsOnlyWhenB64FalseWithBase64UrlLookingPayloadThenRefused() throws ParseException {
    // RFC 7797 §5: even when the unencoded payload happens to use only base64url characters, the
    // "b64" extension (always listed in "crit") is not understood, so the token is refused.
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    JwtAuthenticator hmac = forKey(new OctetSequenceKey.Builder(secret).build(), JWSAlgorithm.HS256,
        Clock.systemUTC(), false);
    String unencoded = Tokens.signHmac(secret, "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", "Zm9v");
    String withoutCrit = Tokens.signHmac(secret, "{\"alg\":\"HS256\",\"b64\":false}", "Zm9v");
    hmac.verifyJwsOnly(Tokens.signHmac(secret, "{\"alg\":\"HS256\"}", "Zm9v"));

    assertRejected(() -> hmac.verifyJwsOnly(unencoded), Reason.CRIT_UNSUPPORTED, Reason.UNSUPPORTED_TOKEN_FORMAT);
    assertRejected(() -> hmac.verifyJwsOnly(withoutCrit), Reason.UNSUPPORTED_TOKEN_FORMAT);
  }

  // ---- RFC 7515 appendix A (latchset/jose) ------------------------------------------------------

  /** Just before the RFC 7519 example's exp (1300819380 = 2011-03-22T18:43:00Z). */
  private static final Clock BEFORE_EXP = Clock.fixed(Instant.ofEpochSecond(1_300_819_380L - 60), ZoneOffset.UTC);

  @ParameterizedTest(name = "RFC 7515 {0}: the RFC 7519 example JWT")
  @ValueSource(strings = {"A.1", "A.2", "A.3"})
  void authenticateWhenRfc7519ExampleThenSignatureAndTimeChecksPassAndSubjectIsRequired(String example)
      throws ParseException {
    JWK key = JWK.parse(WycheproofJwsTest.readText(LATCHSET + "rfc7515_" + example + ".jwk"));
    JWSAlgorithm alg = Map.of("A.1", JWSAlgorithm.HS256, "A.2", JWSAlgorithm.RS256, "A.3", JWSAlgorithm.ES256)
        .get(example);
    String token = WycheproofJwsTest.readText(LATCHSET + "rfc7515_" + example + ".jwsc").trim();
    JwtAuthenticator beforeExp = forKey(key, alg, BEFORE_EXP, true);
    JwtAuthenticator realClock = forKey(key, alg, Clock.systemUTC(), true);

    // The header {"typ":"JWT",\r\n "alg":"HS256"} has whitespace inside the JSON: legal, accepted.
    assertThat(new String(beforeExp.verifyJwsOnly(token), StandardCharsets.UTF_8)).contains("\"iss\":\"joe\"");
    // By design (RFC 9068 §2.2) authkit requires "sub", which the RFC 7519 example lacks: with the
    // clock before exp every other check passes and the answer is MISSING_CLAIM, not a time error.
    CredentialRejectedException beforeExpiry = assertRejected(() -> beforeExp.authenticate(token), Reason.MISSING_CLAIM);
    assertThat(beforeExpiry.getMessage()).contains("\"sub\"");
    assertRejected(() -> realClock.authenticate(token), Reason.EXPIRED);
  }

  @Test
  void authenticateWhenRfc7515A4Es512WithTextPayloadThenVerifiesButIsNotAJwt() throws ParseException {
    JWK key = JWK.parse(WycheproofJwsTest.readText(LATCHSET + "rfc7515_A.4.jwk"));
    JwtAuthenticator authenticator = forKey(key, JWSAlgorithm.ES512, BEFORE_EXP, true);
    String token = WycheproofJwsTest.readText(LATCHSET + "rfc7515_A.4.jwsc").trim();

    assertThat(new String(authenticator.verifyJwsOnly(token), StandardCharsets.UTF_8)).isEqualTo("Payload");
    assertRejected(() -> authenticator.authenticate(token), Reason.MALFORMED);
  }

  @Test
  void authenticateWhenRfc7515UnsecuredOrJsonSerializedThenRefused() throws ParseException {
    JWK a1 = JWK.parse(WycheproofJwsTest.readText(LATCHSET + "rfc7515_A.1.jwk"));
    JwtAuthenticator authenticator = forKey(a1, JWSAlgorithm.HS256, BEFORE_EXP, true);
    authenticator.verifyJwsOnly(WycheproofJwsTest.readText(LATCHSET + "rfc7515_A.1.jwsc").trim());

    String unsecured = WycheproofJwsTest.readText(LATCHSET + "rfc7515_A.5.jwsc").trim();
    assertRejected(() -> authenticator.authenticate(unsecured), Reason.ALGORITHM_NOT_ALLOWED);
    assertRejected(() -> authenticator.verifyJwsOnly(unsecured), Reason.ALGORITHM_NOT_ALLOWED);
    for (String json : List.of("rfc7515_A.6.jwsg", "rfc7515_A.7.jwsf")) {
      String token = WycheproofJwsTest.readText(LATCHSET + json).trim();
      assertRejected(() -> authenticator.authenticate(token), Reason.UNSUPPORTED_TOKEN_FORMAT);
    }
  }

  // -------------------------------------------------------------------------------------------------

  private static String output(String file) {
    return (String) ((Map<?, ?>) WycheproofJwsTest.readJson(COOKBOOK + file).get("output")).get("compact");
  }

  /** One issuer with exactly this key: HMAC as an explicit secret, others as a one-key JWK set. */
  private static JwtAuthenticator forKey(JWK key, JWSAlgorithm alg, Clock clock, boolean rfc7519Issuer) {
    JwtAuthenticator.Builder builder = JwtAuthenticator.builder()
        .issuer(rfc7519Issuer ? "joe" : "https://rfc7520.example").insecureAcceptAnyAudience().clock(clock)
        .algorithms(alg);
    if (key instanceof OctetSequenceKey) {
      builder.hmacKey(new SecretKeySpec(((OctetSequenceKey) key).toByteArray(), "HmacSHA256"));
    } else {
      builder.keySource(StaticKeys.of(new JWKSet(key.toPublicJWK())));
    }
    return builder.build();
  }

  private interface Call {
    Object run();
  }

  private static CredentialRejectedException assertRejected(Call call, Reason... reasons) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(CredentialRejectedException.class);
    CredentialRejectedException rejection = (CredentialRejectedException) thrown;
    assertThat(rejection.reason()).as("reason (%s)", rejection.getMessage()).isIn((Object[]) reasons);
    return rejection;
  }
}
