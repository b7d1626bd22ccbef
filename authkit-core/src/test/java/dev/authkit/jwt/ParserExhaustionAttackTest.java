package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-23: parser resource exhaustion (Nimbus CVE-2025-53864, json-smart CVE-2023-1370,
 * golang-jwt CVE-2025-30204). Each hostile token is fed to the core on a thread with a 256 KiB
 * stack, with the default 16 KiB cap and with the cap raised so deep nesting reaches the JSON
 * parser; the answer must be a typed rejection within the DoS bound and a memory bound, no
 * {@link Error} may escape, and the same thread's next valid request must succeed.
 */
class ParserExhaustionAttackTest {

  private static final long SMALL_STACK = 256 * 1024;
  private static final Duration DOS_BOUND = Duration.ofSeconds(1);
  private static final int RAISED_CAP = JwtAuthenticator.MAX_MAX_TOKEN_SIZE;
  /**
   * Memory bound per rejection, beyond a small multiple of the token's own size (decoding a segment
   * may copy it): generous, to catch unbounded work, not to measure.
   */
  private static final long ALLOCATION_BOUND = 8L * 1024 * 1024;

  private static String header() {
    return Tokens.b64(Tokens.json(Tokens.fixtureHeader()));
  }

  private static String deepArrayPayloadToken(int depth) {
    String payload = "{\"iss\":\"https://issuer-a.example\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    return header() + "." + Tokens.b64(payload) + "." + Tokens.b64("junk-signature-junk-signature");
  }

  private static String deepObjectHeaderToken(int depth) {
    String header = "{\"alg\":\"RS256\",\"kid\":\"a-rsa-1\",\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    return Tokens.b64(header) + "." + Tokens.b64(Tokens.json(Tokens.fixtureClaims())) + "."
        + Tokens.b64("junk-signature-junk-signature");
  }

  static Stream<Arguments> hostile() {
    String dots = ".".repeat(1_000_000);
    return Stream.of(
        Arguments.of("a 10 000-deep arrays in claims", deepArrayPayloadToken(10_000),
            List.of(Reason.TOO_LARGE), List.of(Reason.MALFORMED)),
        Arguments.of("b 10 000 nested objects in the header", deepObjectHeaderToken(10_000),
            List.of(Reason.TOO_LARGE), List.of(Reason.MALFORMED)),
        Arguments.of("c 1 000 000 dots", dots, List.of(Reason.TOO_LARGE), List.of(Reason.MALFORMED)),
        Arguments.of("c' \"Bearer \" + 1 000 000 dots", "Bearer " + dots, List.of(Reason.TOO_LARGE),
            List.of(Reason.MALFORMED)),
        Arguments.of("f 2 500-deep arrays in claims (under the cap)", deepArrayPayloadToken(2_500),
            List.of(Reason.MALFORMED), List.of(Reason.MALFORMED)),
        Arguments.of("f' 1 500 nested objects in the header (under the cap)", deepObjectHeaderToken(1_500),
            List.of(Reason.MALFORMED), List.of(Reason.MALFORMED)),
        Arguments.of("100 000-deep arrays in claims", deepArrayPayloadToken(100_000),
            List.of(Reason.TOO_LARGE), List.of(Reason.MALFORMED)));
  }

  @ParameterizedTest(name = "BR-23 {0}")
  @MethodSource("hostile")
  void authenticateWhenDeeplyNestedOrManyDotsThenTypedRejectionOnSmallStack(String variant, String token,
      List<Reason> defaultCap, List<Reason> raisedCap) throws Exception {
    assertBoundedRejection(AttackFixture.authenticator(), token, defaultCap);
    assertBoundedRejection(AttackFixture.builder().maxTokenSize(RAISED_CAP).build(), token, raisedCap);
  }

  @Test
  void authenticateWhenOneMegabyteTokenThenTooLargeBeforeDecoding() throws Exception {
    // (d) correctly signed by kA1, with a huge scope claim.
    String huge = Tokens.fixtureWithClaims(c -> c.put("scope", "read ".repeat(200_000)));
    assertThat(huge.length()).isGreaterThan(1_000_000);
    assertBoundedRejection(AttackFixture.authenticator(), huge, List.of(Reason.TOO_LARGE));
    // The size check comes before anything else: a huge string that is not even base64url is also
    // TOO_LARGE, not MALFORMED.
    assertBoundedRejection(AttackFixture.authenticator(), "!".repeat(1_000_000), List.of(Reason.TOO_LARGE));
    // With the cap raised, the same signed token is accepted: the cap, not the content, decided.
    assertAccepted(AttackFixture.builder().maxTokenSize(RAISED_CAP).build(), huge);
  }

  @Test
  void authenticateWhenTokenOneOverDefaultCapThenTooLargeAndAtCapAccepted() throws Exception {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    String atCap = tokenOfLength(JwtAuthenticator.DEFAULT_MAX_TOKEN_SIZE);
    assertThat(atCap).hasSize(16_384);
    assertAccepted(authenticator, atCap);

    // (e) 16 385 characters.
    assertBoundedRejection(authenticator, atCap + "A", List.of(Reason.TOO_LARGE));
    assertBoundedRejection(authenticator, tokenOfLength(16_385), List.of(Reason.TOO_LARGE));
  }

  @Test
  void nimbusWhenPinnedThenAtLeastTheFixForUncontrolledRecursion() throws IOException {
    // CVE-2025-53864 is fixed in Nimbus 10.0.2 (and 9.37.4); read the version from the jar itself.
    Properties pom = new Properties();
    try (InputStream in = com.nimbusds.jose.JWSObject.class
        .getResourceAsStream("/META-INF/maven/com.nimbusds/nimbus-jose-jwt/pom.properties")) {
      assertThat(in).as("Nimbus jar's Maven metadata").isNotNull();
      pom.load(in);
    }
    String version = pom.getProperty("version");
    assertThat(compareVersions(version, "10.0.2")).as("nimbus-jose-jwt %s >= 10.0.2", version).isNotNegative();
    String manifestVersion = com.nimbusds.jose.JWSObject.class.getPackage().getImplementationVersion();
    if (manifestVersion != null) {
      assertThat(manifestVersion).isEqualTo(version);
    }
  }

  /**
   * Runs the token and then {@code V} on a fresh 256 KiB-stack thread; asserts a rejection with one
   * of {@code reasons} within the DoS bound (timed after a warm-up call), and that {@code V} is then
   * accepted on the same thread.
   */
  private static void assertBoundedRejection(JwtAuthenticator authenticator, String token, List<Reason> reasons)
      throws InterruptedException {
    assertAccepted(authenticator, Tokens.fixture());
    AtomicReference<Throwable> escaped = new AtomicReference<>();
    List<Object> results = new ArrayList<>();
    Thread worker = new Thread(null, () -> {
      try {
        results.add(outcome(authenticator, token)); // warm-up
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        results.add(outcome(authenticator, token));
        results.add(Duration.ofNanos(System.nanoTime() - start));
        results.add(allocatedBytes() - allocatedBefore);
        System.out.printf("BR-23 %d chars: %s in %s, %d bytes allocated%n", token.length(), results.get(1),
            results.get(2), (Long) results.get(3));
        results.add(authenticator.authenticate(Tokens.fixture()).subject());
      } catch (Throwable t) {
        escaped.set(t);
      }
    }, "br23-small-stack", SMALL_STACK);
    worker.start();
    worker.join(Duration.ofSeconds(30).toMillis());
    assertThat(worker.isAlive()).as("worker finished").isFalse();
    assertThat(escaped.get()).as("nothing escapes the typed failure family, no StackOverflowError").isNull();
    assertThat(results.get(0)).isIn(reasons.toArray());
    assertThat(results.get(1)).isIn(reasons.toArray());
    assertThat((Duration) results.get(2)).isLessThan(DOS_BOUND);
    assertThat((Long) results.get(3)).as("bytes allocated while rejecting %d characters", token.length())
        .isLessThan(ALLOCATION_BOUND + 4L * token.length());
    assertThat(results.get(4)).as("the next valid request on the same thread").isEqualTo("user-0001");
  }

  /** Bytes this thread has allocated so far (HotSpot's per-thread counter), or 0 where unsupported. */
  private static long allocatedBytes() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads instanceof com.sun.management.ThreadMXBean) {
      return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
    }
    return 0;
  }

  private static Object outcome(JwtAuthenticator authenticator, String token) {
    try {
      authenticator.authenticate(token);
      return "accepted";
    } catch (CredentialRejectedException rejected) {
      return rejected.reason();
    } catch (AuthenticationException other) {
      return other;
    }
  }

  /** {@code V} with a padding claim, signed by kA1, of exactly {@code length} characters if possible. */
  private static String tokenOfLength(int length) {
    String base = Tokens.fixture();
    int padding = Math.max(0, (length - base.length()) * 3 / 4 - 12);
    for (int extra = padding; extra < padding + 64; extra++) {
      int pad = extra;
      String token = Tokens.fixtureWithClaims(c -> c.put("pad", "p".repeat(pad)));
      if (token.length() == length) {
        return token;
      }
    }
    throw new IllegalStateException("no padding gives exactly " + length + " characters");
  }

  private static int compareVersions(String actual, String minimum) {
    String[] a = actual.split("[.-]");
    String[] b = minimum.split("[.-]");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length && a[i].matches("\\d+") ? Integer.parseInt(a[i]) : 0;
      int y = i < b.length && b[i].matches("\\d+") ? Integer.parseInt(b[i]) : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }
}
