package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.Tokens;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-20 (PBES2 {@code p2c} iteration-count DoS, Nimbus CVE-2023-52428) and the Wycheproof
 * {@code json_web_encryption_test.json} corpus as negatives: authkit is JWS-only, so every JWE is
 * refused from its shape before any key is derived, and main code never references a JWE decrypter.
 */
class EncryptedTokenAttackTest {

  private static final Duration DOS_BOUND = Duration.ofSeconds(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Tokens.b64(value);
  }

  private static String pbes2Header(boolean withEnc) {
    return "{\"alg\":\"PBES2-HS512+A256KW\"," + (withEnc ? "\"enc\":\"A256GCM\"," : "")
        + "\"p2s\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"p2c\":2147483647,\"kid\":\"a-rsa-1\"}";
  }

  static Stream<Arguments> pbes2Tokens() {
    String header = Tokens.b64(pbes2Header(true));
    String payload = Tokens.b64(Tokens.json(Tokens.fixtureClaims()));
    return Stream.of(
        Arguments.of("five-segment compact JWE", header + "." + random(40) + "." + random(12) + "." + random(32) + "."
            + random(16), Reason.UNSUPPORTED_TOKEN_FORMAT),
        Arguments.of("PBES2 header on a three-segment token", header + "." + payload + "." + random(256),
            Reason.UNSUPPORTED_TOKEN_FORMAT),
        Arguments.of("PBES2 alg without enc on a three-segment token",
            Tokens.b64(pbes2Header(false)) + "." + payload + "." + random(256), Reason.ALGORITHM_NOT_ALLOWED),
        Arguments.of("JWE JSON serialization", "{\"protected\":\"" + header + "\",\"encrypted_key\":\"" + random(40)
            + "\",\"iv\":\"" + random(12) + "\",\"ciphertext\":\"" + random(32) + "\",\"tag\":\"" + random(16) + "\"}",
            Reason.UNSUPPORTED_TOKEN_FORMAT));
  }

  @ParameterizedTest(name = "BR-20 {0}")
  @MethodSource("pbes2Tokens")
  void authenticateWhenPbes2WithHugeIterationCountThenRejectedBeforeKeyDerivation(String variant, String token,
      Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, Tokens.fixture());
    assertRejected(authenticator, token, reason); // warm-up

    long start = System.nanoTime();
    assertRejected(authenticator, token, reason);
    // 2^31 PBKDF2-HMAC-SHA512 iterations would take minutes; the answer comes from the shape.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DOS_BOUND);
    assertAccepted(authenticator, Tokens.fixture());
  }

  static Stream<Arguments> wycheproofJwe() {
    Map<String, Object> root = WycheproofJwsTest.readJson("/vectors/wycheproof/json_web_encryption_test.json");
    List<Arguments> all = new ArrayList<>();
    for (Object g : (List<?>) root.get("testGroups")) {
      for (Object t : (List<?>) ((Map<?, ?>) g).get("tests")) {
        Map<?, ?> test = (Map<?, ?>) t;
        String jwe = (String) test.get("jwe");
        long dots = jwe.chars().filter(c -> c == '.').count();
        // A well-formed JWE (five segments) or a JSON serialization is UNSUPPORTED_TOKEN_FORMAT; a
        // truncated one (four segments) is neither a JWS nor a JWE: MALFORMED.
        Reason reason = jwe.startsWith("{") || dots == 4 ? Reason.UNSUPPORTED_TOKEN_FORMAT : Reason.MALFORMED;
        all.add(Arguments.of("json_web_encryption_test.json#" + test.get("tcId") + " " + test.get("comment"), jwe,
            reason));
      }
    }
    assertThat(all).hasSize(((Number) root.get("numberOfTests")).intValue());
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproofJwe")
  void authenticateWhenWycheproofJweThenRejected(String name, String jwe, Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.defaultsBuilder().hmacKey(AttackFixture.HMAC_SECRET).build();
    assertAccepted(authenticator, Tokens.fixture());

    assertRejected(authenticator, jwe, reason);
  }

  @Test
  void mainClassesWhenScannedThenNeverReferenceJweDecryption() throws IOException, URISyntaxException {
    Path classes = Path.of(JwtAuthenticator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> classFiles;
    try (Stream<Path> walk = Files.walk(classes)) {
      classFiles = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertThat(classFiles).hasSizeGreaterThan(20);
    List<String> forbidden = List.of("com/nimbusds/jose/JWEDecrypter", "com/nimbusds/jose/crypto/PasswordBasedDecrypter",
        "com/nimbusds/jose/crypto/", "Decrypter", "com/nimbusds/jose/JWEObject", "com/nimbusds/jwt/EncryptedJWT",
        "com/nimbusds/jwt/JWTParser", "com/nimbusds/jwt/proc/", "com/nimbusds/jose/proc/");
    List<String> allowedCrypto = List.of("com/nimbusds/jose/crypto/RSASSAVerifier", "com/nimbusds/jose/crypto/ECDSAVerifier",
        "com/nimbusds/jose/crypto/Ed25519Verifier", "com/nimbusds/jose/crypto/MACVerifier");
    boolean sawVerifier = false;
    for (Path file : classFiles) {
      // Class-file constant pools hold referenced class names as modified UTF-8; ASCII here.
      String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String allowed : allowedCrypto) {
        constants = constants.replace(allowed, "");
      }
      // authkit verifies through the JCA itself (internal.jwt.JcaVerifier); Nimbus's JWS header type
      // is still referenced wherever the header is parsed.
      sawVerifier |= constants.contains("com/nimbusds/jose/JWSHeader");
      for (String name : forbidden) {
        assertThat(constants).as("%s must not reference %s", classes.relativize(file), name).doesNotContain(name);
      }
    }
    // Control: the scan does see Nimbus references where they exist.
    assertThat(sawVerifier).as("the scan finds com/nimbusds/jose/JWSHeader in main classes").isTrue();
  }

}
