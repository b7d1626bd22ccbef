package dev.authkit.test;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.Reason;
import dev.authkit.http.AuthResponse;
import dev.authkit.jwt.JwtAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Traps a fresh user of the kit fell into, each pinned so it cannot come back. */
class FakeIssuerUsabilityTest {

  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void configurationWhenPlainHttpThenAlsoAllowsLoopbackClientsOverHttp() {
    try (FakeIssuer issuer = FakeIssuer.start()) {
      assertThat(issuer.configuration())
          .containsEntry("authkit.insecure-allow-http-on-loopback", "true")
          .containsEntry("authkit.insecure-allow-http-from-loopback", "true");
    }
    try (FakeIssuer https = FakeIssuer.builder().https().start()) {
      assertThat(https.configuration()).doesNotContainKeys("authkit.insecure-allow-http-on-loopback",
          "authkit.insecure-allow-http-from-loopback");
    }
  }

  @Test
  void rotationWhenUnknownKidWasSeenThenPickedUpAfterTheShortTestCooldown() {
    HandClock clock = new HandClock();
    try (FakeIssuer issuer = FakeIssuer.builder().clock(clock).start()) {
      JwtAuthenticator authenticator = issuer.authenticator();
      assertThat(authenticator.authenticate(issuer.token().sign()).subject()).isNotBlank();
      assertThatThrownBy(() -> authenticator.authenticate(issuer.hostileTokens().unknownKid().token()))
          .asInstanceOf(dev.authkit.test.assertj.AuthKitAssertions.AUTHENTICATION_EXCEPTION)
          .hasReason(Reason.UNKNOWN_KEY);
      issuer.rotateKeys();
      clock.advance(FakeIssuer.TEST_REFRESH_COOLDOWN.plusMillis(1));
      assertThat(authenticator.authenticate(issuer.token().sign()).subject()).isNotBlank();
    }
  }

  @Test
  void claimWhenValueHasNoJsonFormOrLifetimeAbsurdThenIllegalArgument() {
    try (FakeIssuer issuer = FakeIssuer.start()) {
      assertThatThrownBy(() -> issuer.token().claim("x", new Object())).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> issuer.token().claim("x", Optional.of("a"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> issuer.token().claim("x", LocalDate.of(2020, 1, 1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> issuer.token().claim("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> issuer.token().expiresIn(Duration.ofSeconds(Long.MAX_VALUE)))
          .isInstanceOf(IllegalArgumentException.class);
      String token = issuer.token().claim("x", List.of(1, "a", Map.of("k", true))).claim("at", Instant.EPOCH).sign();
      assertThat(issuer.authenticator().authenticate(token).claims()).containsEntry("at", 0L);
    }
  }

  @Test
  void claimWhenItRepeatsADedicatedOptionThenRefusedAtSign() {
    try (FakeIssuer issuer = FakeIssuer.start()) {
      assertThatThrownBy(() -> issuer.token().subject("a").claim("sub", "b").sign())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("sub");
      assertThatThrownBy(() -> issuer.token().claim("sub", "b").subject("a").sign())
          .isInstanceOf(IllegalStateException.class);
      assertThat(issuer.authenticator().authenticate(issuer.token().withoutClaim("sub").claim("sub", "c").sign())
          .subject()).isEqualTo("c");
    }
  }

  @Test
  void rejectsWhenOversizedTokenMetAnUnrelatedStatusThenFails() {
    try (FakeIssuer issuer = FakeIssuer.start()) {
      HostileToken oversized = issuer.hostileTokens().oversized();
      AuthResponse forbidden = new AuthResponse(403, List.of(), "{\"detail\":\"Credentials must be sent over HTTPS.\"}");
      assertThatThrownBy(() -> assertThat(forbidden).rejects(oversized)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("<403>").hasMessageContaining("Credentials must be sent over HTTPS.");
      assertThat(new AuthResponse(431, List.of(), "")).rejects(oversized);
      assertThatThrownBy(() -> assertThat(forbidden).hasStatus(200)).hasMessageContaining("must be sent over HTTPS");
    }
  }
}
