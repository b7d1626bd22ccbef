package dev.authkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.AuthPrincipal;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.StaticKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The common set-up of {@code shared/testdata/attacks/CASES.md}: issuer A, audience
 * {@code api://authkit-test}, A's keys {@code kA1} (RS256) and {@code kA2} (ES256), allow-list
 * RS256/PS256/ES256, clock fixed at {@code T0}, skew 60 s; plus assertions that every negative is
 * a typed rejection with one of the tabulated reasons.
 */
public final class AttackFixture {

  /** Clock fixed at CASES.md {@code T0}. */
  public static final Clock CLOCK_T0 = Clock.fixed(Instant.ofEpochSecond(Tokens.T0), ZoneOffset.UTC);

  /** A per-run HMAC secret (32 bytes, HS256) for set-ups that configure one explicitly. */
  public static final SecretKey HMAC_SECRET = randomSecret();

  private AttackFixture() {}

  private static SecretKey randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** The CASES.md builder, not yet built: issuer A, audience, kA1 + kA2, RS256/PS256/ES256, T0. */
  public static JwtAuthenticator.Builder builder() {
    return defaultsBuilder().algorithms(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);
  }

  /** As {@link #builder()} but with no explicit algorithm list (authkit's default allow-list). */
  public static JwtAuthenticator.Builder defaultsBuilder() {
    return JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1)))
        .clock(CLOCK_T0);
  }

  /** The CASES.md authenticator. */
  public static JwtAuthenticator authenticator() {
    return builder().build();
  }

  /** Asserts the token is accepted and returns its principal. */
  public static AuthPrincipal assertAccepted(JwtAuthenticator authenticator, String token) {
    AuthPrincipal principal = authenticator.authenticate(token);
    assertThat(principal).isNotNull();
    return principal;
  }

  /** Asserts a typed rejection whose reason is one of {@code allowed}; returns it. */
  public static CredentialRejectedException assertRejected(JwtAuthenticator authenticator, String token,
      Reason... allowed) {
    Throwable thrown = catchThrowable(() -> authenticator.authenticate(token));
    assertThat(thrown).as("token must be rejected with one of %s", (Object) allowed)
        .isInstanceOf(CredentialRejectedException.class);
    CredentialRejectedException rejection = (CredentialRejectedException) thrown;
    assertThat(rejection.reason()).as("reason (%s)", rejection.getMessage()).isIn((Object[]) allowed);
    return rejection;
  }

  /** The claims of {@code V} as JSON text, changed by {@code change}, with raw members appended verbatim. */
  public static String claimsJson(Consumer<Map<String, Object>> change, String rawMembers) {
    Map<String, Object> claims = Tokens.fixtureClaims();
    change.accept(claims);
    String json = Tokens.json(claims);
    if (rawMembers.isEmpty()) {
      return json;
    }
    return json.substring(0, json.length() - 1) + (claims.isEmpty() ? "" : ",") + rawMembers + "}";
  }

  /** {@code V}'s header with raw claims JSON text, signed with kA1 (RS256). */
  public static String signedClaims(String claimsJson) {
    return Tokens.sign(TestKeys.A_RSA_1, Tokens.json(Tokens.fixtureHeader()), claimsJson);
  }
}
