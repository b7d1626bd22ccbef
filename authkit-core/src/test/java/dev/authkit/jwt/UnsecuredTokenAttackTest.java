package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;

import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.Tokens;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-01: unsecured tokens ({@code alg} none in any spelling) and stripped signatures,
 * against the CASES.md allow-list and against authkit's default allow-list. {@code alg} is compared
 * exactly (RFC 7515 §4.1.1); an unsigned token never reaches claim checks.
 */
class UnsecuredTokenAttackTest {

  private static final String PAYLOAD = Tokens.b64(Tokens.json(Tokens.fixtureClaims()));

  static Stream<Arguments> variants() {
    String valid = Tokens.fixture();
    String validSignature = valid.substring(valid.lastIndexOf('.') + 1);
    String originalHeader = valid.substring(0, valid.indexOf('.'));
    List<Arguments> all = List.of(
        Arguments.of("a alg none, empty signature", "eyJhbGciOiJub25lIn0." + PAYLOAD + ".",
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("b alg None", "eyJhbGciOiJOb25lIn0." + PAYLOAD + ".", new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("c alg NONE", "eyJhbGciOiJOT05FIn0." + PAYLOAD + ".", new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("d alg nOnE", "eyJhbGciOiJuT25FIn0." + PAYLOAD + ".", new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("e alg none with the valid RS256 signature of V",
            Tokens.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}") + "." + PAYLOAD + "." + validSignature,
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("e' alg none with junk signature", "eyJhbGciOiJub25lIn0." + PAYLOAD + ".anVuaw",
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("f original header, signature stripped", originalHeader + "." + PAYLOAD + ".",
            new Reason[] {Reason.MALFORMED, Reason.BAD_SIGNATURE}),
        Arguments.of("g two-segment token", originalHeader + "." + PAYLOAD, new Reason[] {Reason.MALFORMED, Reason.BAD_SIGNATURE}),
        Arguments.of("h alg empty string", Tokens.b64("{\"alg\":\"\"}") + "." + PAYLOAD + ".",
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("h' header without alg", Tokens.b64("{\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}") + "." + PAYLOAD + ".",
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}),
        Arguments.of("duplicate alg (RS256 then none)",
            Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"a-rsa-1\",\"alg\":\"none\"}") + "." + PAYLOAD + ".",
            new Reason[] {Reason.MALFORMED}),
        Arguments.of("duplicate alg (none then RS256) with the valid signature",
            Tokens.b64("{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"a-rsa-1\"}") + "."
                + PAYLOAD + "." + validSignature, new Reason[] {Reason.MALFORMED}),
        Arguments.of("h'' alg not a string", Tokens.b64("{\"alg\":null,\"kid\":\"a-rsa-1\"}") + "." + PAYLOAD + ".",
            new Reason[] {Reason.ALGORITHM_NOT_ALLOWED}));
    return all.stream();
  }

  @ParameterizedTest(name = "BR-01 {0} (CASES.md allow-list)")
  @MethodSource("variants")
  void authenticateWhenUnsecuredOrStrippedThenRejects(String variant, String token, Reason[] reasons) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, reasons);
  }

  @ParameterizedTest(name = "BR-01 {0} (default allow-list)")
  @MethodSource("variants")
  void authenticateWhenUnsecuredOrStrippedWithDefaultAlgorithmsThenRejects(String variant, String token,
      Reason[] reasons) {
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().build();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, token, reasons);
  }

  @ParameterizedTest(name = "BR-01 {0} (with an HMAC secret configured too)")
  @MethodSource("variants")
  void authenticateWhenUnsecuredOrStrippedWithHmacConfiguredThenRejects(String variant, String token,
      Reason[] reasons) {
    // A configured secret must not open a path for unsigned tokens either (pac4j #898 pattern).
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().hmacKey(AttackFixture.HMAC_SECRET).build();
    assertAccepted(authenticator, Tokens.fixture());
    assertAccepted(authenticator, Tokens.signHmac(AttackFixture.HMAC_SECRET.getEncoded(),
        "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", Tokens.json(Tokens.fixtureClaims())));

    assertRejected(authenticator, token, reasons);
  }
}
