package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.AuthPrincipal;
import dev.authkit.Reason;
import dev.authkit.internal.jwt.Json;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON rules for headers and claims sets (RFC 8259, RFC 7515 §4, RFC 7519 §4), end to end:
 * every token here is correctly signed by the trusted key, so a rejection can only come from the
 * parser's rules, and every rejected shape has an accepted neighbour.
 */
class JsonParsingRulesTest {

  private final JwtAuthenticator authenticator = AttackFixture.authenticator();

  /** {@code V}'s claims with {@code member} (raw JSON text, "name":value) added at the end. */
  private static String claimsWith(String member) {
    return AttackFixture.claimsJson(claims -> { }, member);
  }

  private static String tokenWithClaims(String claimsJson) {
    return AttackFixture.signedClaims(claimsJson);
  }

  private static String tokenWithHeader(String headerJson) {
    return Tokens.sign(TestKeys.A_RSA_1, headerJson, Tokens.json(Tokens.fixtureClaims()));
  }

  private void assertMalformed(String token) {
    AttackFixture.assertRejected(authenticator, token, Reason.MALFORMED);
  }

  @Test
  void authenticateWhenNestingAtTheLimitThenAcceptedAndOneDeeperMalformed() {
    // The claims object is level 1, so MAX_DEPTH - 1 arrays inside it reach the limit exactly.
    int inner = Json.MAX_DEPTH - 1;
    String atLimit = claimsWith("\"x\":" + "[".repeat(inner) + "]".repeat(inner));
    String overLimit = claimsWith("\"x\":" + "[".repeat(inner + 1) + "]".repeat(inner + 1));
    assertThat(authenticator.authenticate(tokenWithClaims(atLimit)).claim("x")).isPresent();
    assertMalformed(tokenWithClaims(overLimit));

    String objectsAtLimit = claimsWith("\"x\":" + "{\"a\":".repeat(inner - 1) + "{}" + "}".repeat(inner - 1));
    String objectsOverLimit = claimsWith("\"x\":" + "{\"a\":".repeat(inner) + "{}" + "}".repeat(inner));
    assertThat(authenticator.authenticate(tokenWithClaims(objectsAtLimit)).claim("x")).isPresent();
    assertMalformed(tokenWithClaims(objectsOverLimit));
  }

  @Test
  void authenticateWhenDuplicateMemberAtAnyLevelThenMalformed() {
    assertThat(authenticator.authenticate(tokenWithClaims(claimsWith("\"x\":{\"a\":1,\"b\":2}")))).isNotNull();
    assertMalformed(tokenWithClaims(claimsWith("\"x\":{\"a\":1,\"a\":2}")));
    assertMalformed(tokenWithClaims(claimsWith("\"x\":[{\"a\":{\"b\":1,\"b\":1}}]")));
    assertMalformed(tokenWithClaims(claimsWith("\"sub\":\"someone-else\"")));
    // Signed without parsing the header: the test kit's own parser refuses duplicates too.
    assertMalformed(Tokens.signRaw(TestKeys.A_RSA_1, JWSAlgorithm.RS256,
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\",\"kid\":\"a-rsa-1\"}".getBytes(StandardCharsets.UTF_8),
        Tokens.json(Tokens.fixtureClaims()).getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      " {}", "{}", "x", "//", "/* c */", ",", "[]", "\"\"", "null"})
  void authenticateWhenAnythingButWhitespaceFollowsTheObjectThenMalformed(String trailing) {
    assertMalformed(tokenWithClaims(Tokens.json(Tokens.fixtureClaims()) + trailing));
  }

  @Test
  void authenticateWhenWhitespaceAroundTheObjectThenAccepted() {
    String claims = " \t\r\n" + Tokens.json(Tokens.fixtureClaims()) + " \n";
    assertThat(authenticator.authenticate(tokenWithClaims(claims)).subject()).isEqualTo("user-0001");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"x\":1,", // trailing comma
      "\"x\":'single'",
      "x:1",
      "\"x\":NaN",
      "\"x\":Infinity",
      "\"x\":-Infinity",
      "\"x\":01",
      "\"x\":+1",
      "\"x\":.5",
      "\"x\":1.",
      "\"x\":0x10",
      "\"x\":1e400",
      "\"x\":-1e400",
      "\"x\":\"tab\there\"",
      "\"x\":\"\\q\"",
      "\"x\":[1,]",
      "\"x\":[,1]",
      "\"x\":{\"a\"}",
      "\"x\":tru",
      "\"x\":1 /* comment */",
      "\"x\":1 # comment"})
  void authenticateWhenJsonIsNotStrictRfc8259ThenMalformed(String member) {
    assertMalformed(tokenWithClaims(claimsWith(member)));
  }

  @Test
  void authenticateWhenNumbersThenLongWhenTheyFitElseExactBigIntegerOrFiniteDouble() {
    AuthPrincipal principal = authenticator.authenticate(tokenWithClaims(claimsWith(
        "\"long\":9223372036854775807,\"big\":12345678901234567890,\"bigger\":12345678901234567891,"
            + "\"negativeZero\":-0,\"fraction\":1.5,\"exponent\":1e3,\"tiny\":1e-400")));
    Map<String, Object> claims = principal.claims();
    assertThat(claims.get("long")).isEqualTo(Long.MAX_VALUE);
    // Exact: two integers beyond long never become the same value (a double would merge these two).
    assertThat(claims.get("big")).isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(claims.get("bigger")).isEqualTo(new BigInteger("12345678901234567891"));
    assertThat(claims.get("negativeZero")).isEqualTo(0L);
    assertThat(claims.get("fraction")).isEqualTo(1.5);
    assertThat(claims.get("exponent")).isEqualTo(1000.0);
    assertThat(claims.get("tiny")).isEqualTo(0.0);
  }

  @Test
  void authenticateWhenNumberLiteralOverTheLimitThenMalformed() {
    String digits = "1".repeat(Json.MAX_NUMBER_LENGTH);
    assertThat(authenticator.authenticate(tokenWithClaims(claimsWith("\"n\":" + digits))).claim("n"))
        .contains(new BigInteger(digits));
    assertMalformed(tokenWithClaims(claimsWith("\"n\":" + digits + "1")));
    String fraction = "0." + "5".repeat(Json.MAX_NUMBER_LENGTH - 2);
    assertThat(authenticator.authenticate(tokenWithClaims(claimsWith("\"n\":" + fraction))).claim("n")).isPresent();
    assertMalformed(tokenWithClaims(claimsWith("\"n\":" + fraction + "5")));
    // 100 000 digits: refused before any conversion, whichever jackson-core runs.
    JwtAuthenticator raised = AttackFixture.builder().maxTokenSize(JwtAuthenticator.MAX_MAX_TOKEN_SIZE).build();
    AttackFixture.assertRejected(raised, tokenWithClaims(claimsWith("\"n\":" + "7".repeat(100_000))), Reason.MALFORMED);
  }

  @Test
  void authenticateWhenMemberNameOverTheLimitThenMalformed() {
    String name = "n".repeat(Json.MAX_NAME_LENGTH);
    assertThat(authenticator.authenticate(tokenWithClaims(claimsWith("\"" + name + "\":1"))).claim(name)).contains(1L);
    assertMalformed(tokenWithClaims(claimsWith("\"" + name + "n\":1")));
    // The limit counts characters after unescaping.
    assertMalformed(tokenWithClaims(claimsWith("\"" + name.substring(1) + "\\u006e\\u006e\":1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"x\":\"\\ud800\"", "\"x\":\"\\udc00\"", "\"x\":\"a\\ud83d\"", "\"x\":\"\\ude00\\ud83d\"",
      "\"x\":[\"ok\",\"\\udbff\"]", "\"\\ud800\":1", "\"x\":{\"\\udfff\":1}"})
  void authenticateWhenUnpairedSurrogateInAnyNameOrStringThenMalformed(String member) {
    assertMalformed(tokenWithClaims(claimsWith(member)));
  }

  @Test
  void authenticateWhenClaimsParsedThenDeeplyUnmodifiableInMemberOrderWithNulls() {
    AuthPrincipal principal = authenticator.authenticate(tokenWithClaims(claimsWith(
        "\"z\":{\"b\":[1,{\"c\":null}],\"a\":true},\"n\":null,\"e\":\"\\u00e9\\ud83d\\ude00\"")));
    Map<String, Object> claims = principal.claims();
    assertThat(claims.keySet()).containsExactly("iss", "sub", "aud", "client_id", "scope", "jti", "iat", "nbf",
        "exp", "z", "n", "e");
    assertThat(claims).containsEntry("n", null);
    assertThat(claims.get("e")).isEqualTo("é😀");
    @SuppressWarnings("unchecked")
    Map<String, Object> z = (Map<String, Object>) claims.get("z");
    assertThat(z.keySet()).containsExactly("b", "a");
    @SuppressWarnings("unchecked")
    List<Object> b = (List<Object>) z.get("b");
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) b.get(1);
    assertThat(c).containsEntry("c", null);
    assertThatThrownBy(() -> claims.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> z.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> b.add(2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void authenticateWhenRegisteredHeaderParameterIsNotAStringThenMalformed() {
    assertThat(authenticator.authenticate(tokenWithHeader(
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\",\"cty\":\"JWT\"}"))).isNotNull();
    assertMalformed(tokenWithHeader("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":7}"));
    assertMalformed(tokenWithHeader("{\"alg\":\"RS256\",\"typ\":true,\"kid\":\"a-rsa-1\"}"));
    assertMalformed(tokenWithHeader("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\",\"cty\":[]}"));
    assertMalformed(tokenWithHeader("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":{\"a\":\"a-rsa-1\"}}"));
  }

  @Test
  void authenticateWhenKeyCarryingHeaderParametersHaveAnyShapeThenNeverRead() {
    // jwk, jku, x5u, x5c, x5t and x5t#S256 are never read (DESIGN decision 3): any shape, even
    // one that is not a key at all, leaves the decision to the issuer's own key.
    String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\",\"jwk\":5,\"jku\":[],"
        + "\"x5u\":{},\"x5c\":\"not a chain\",\"x5t\":null,\"x5t#S256\":false}";
    assertThat(authenticator.authenticate(tokenWithHeader(header)).subject()).isEqualTo("user-0001");
  }
}
