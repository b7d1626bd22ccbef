package dev.authkit.jwt;

import static dev.authkit.testing.AttackFixture.assertAccepted;
import static dev.authkit.testing.AttackFixture.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.Reason;
import dev.authkit.testing.AttackFixture;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CASES.md BR-14: clock-skew edges. DESIGN decision 1: reject when {@code now >= exp + skew},
 * accept when {@code now >= nbf - skew}; {@code iat} may be at most {@code skew} in the future.
 * Skew is a {@link Duration} from 0 to 5 minutes; time comes only from the injected clock.
 */
class ClockSkewAttackTest {

  private static final long T0 = Tokens.T0;

  /** {@code V} re-signed with one time claim set (the others stay as in {@code V}). */
  private static String with(String claim, long value) {
    return Tokens.fixtureWithClaims(c -> c.put(claim, value));
  }

  static Stream<Arguments> skew60() {
    return Stream.of(
        Arguments.of("exp", T0 - 59, null),
        Arguments.of("exp", T0 - 60, Reason.EXPIRED),
        Arguments.of("exp", T0 - 61, Reason.EXPIRED),
        Arguments.of("nbf", T0 + 59, null),
        Arguments.of("nbf", T0 + 60, null),
        Arguments.of("nbf", T0 + 61, Reason.NOT_YET_VALID),
        Arguments.of("iat", T0 + 60, null),
        Arguments.of("iat", T0 + 61, Reason.ISSUED_IN_FUTURE),
        Arguments.of("iat", T0 - 86_400L * 365, null));
  }

  @ParameterizedTest(name = "BR-14 skew 60 s: {0} = {1} (T0 = 1700000000) -> {2}")
  @MethodSource("skew60")
  void authenticateWhenTimeClaimAroundSkewBoundaryThenMatrix(String claim, long value, @Nullable Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.authenticator();
    assertAccepted(authenticator, Tokens.fixture());

    if (reason == null) {
      assertAccepted(authenticator, with(claim, value));
    } else {
      assertRejected(authenticator, with(claim, value), reason);
    }
  }

  static Stream<Arguments> skew0() {
    return Stream.of(
        Arguments.of("exp", T0 + 1, null),
        Arguments.of("exp", T0, Reason.EXPIRED),
        Arguments.of("nbf", T0, null),
        Arguments.of("nbf", T0 + 1, Reason.NOT_YET_VALID),
        Arguments.of("iat", T0, null),
        Arguments.of("iat", T0 + 1, Reason.ISSUED_IN_FUTURE));
  }

  @ParameterizedTest(name = "BR-14 skew 0: {0} = {1} -> {2}")
  @MethodSource("skew0")
  void authenticateWhenSkewZeroThenExpEqualNowRejectedAndNbfEqualNowAccepted(String claim, long value,
      @Nullable Reason reason) {
    JwtAuthenticator authenticator = AttackFixture.builder().clockSkew(Duration.ZERO).build();
    assertAccepted(authenticator, Tokens.fixture());

    if (reason == null) {
      assertAccepted(authenticator, with(claim, value));
    } else {
      assertRejected(authenticator, with(claim, value), reason);
    }
  }

  @Test
  void authenticateWhenOldIatAndMaxLifetimeConfiguredThenLifetimeTooLong() {
    String yearOld = with("iat", T0 - 86_400L * 365);
    JwtAuthenticator limited = AttackFixture.builder().maxTokenLifetime(Duration.ofHours(1)).build();
    assertAccepted(limited, Tokens.fixture());

    assertRejected(limited, yearOld, Reason.LIFETIME_TOO_LONG);
  }

  @Test
  void authenticateWhenClockAdvancesPastExpPlusSkewThenExpired() {
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
    JwtAuthenticator onMutableClock = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1))).clock(clock).build();
    String token = Tokens.fixture(); // exp = T0 + 300
    assertAccepted(onMutableClock, token);

    clock.advance(Duration.ofSeconds(300 + 59));
    assertAccepted(onMutableClock, token);
    clock.advance(Duration.ofSeconds(1));
    assertRejected(onMutableClock, token, Reason.EXPIRED);
  }

  @Test
  void clockSkewWhenNegativeOrOverFiveMinutesThenBuilderRefuses() {
    assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
    assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofMinutes(5).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
    assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(Duration.ofSeconds(3600)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
    assertThatThrownBy(() -> JwtAuthenticator.builder().clockSkew(null)).isInstanceOf(NullPointerException.class);

    // The edges themselves are accepted and work.
    assertAccepted(AttackFixture.builder().clockSkew(Duration.ZERO).build(), Tokens.fixture());
    JwtAuthenticator fiveMinutes = AttackFixture.builder().clockSkew(JwtAuthenticator.MAX_CLOCK_SKEW).build();
    assertAccepted(fiveMinutes, with("exp", T0 - 299));
    assertRejected(fiveMinutes, with("exp", T0 - 300), Reason.EXPIRED);
    assertThat(JwtAuthenticator.MAX_CLOCK_SKEW).isEqualTo(Duration.ofMinutes(5));
    assertThat(JwtAuthenticator.DEFAULT_CLOCK_SKEW).isEqualTo(Duration.ofSeconds(60));
  }
}
