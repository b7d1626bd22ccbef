package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorSmokeTest {

  private final JwtAuthenticator authenticator = JwtAuthenticator.builder()
      .issuer(Tokens.ISSUER_A)
      .audience(Tokens.AUDIENCE)
      .keySource(StaticKeys.of(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1)))
      .clock(Clock.fixed(Instant.ofEpochSecond(Tokens.T0), ZoneOffset.UTC))
      .build();

  @Test
  void authenticateWhenFixtureTokenThenReturnsPrincipal() {
    AuthPrincipal principal = authenticator.authenticate(Tokens.fixture());

    assertThat(principal.subject()).isEqualTo("user-0001");
    assertThat(principal.issuer()).contains(Tokens.ISSUER_A);
    assertThat(principal.audience()).containsExactly(Tokens.AUDIENCE);
    assertThat(principal.clientId()).contains("client-0001");
    assertThat(principal.scopes()).containsExactly("read");
    assertThat(principal.credentialId()).contains("jti-0001");
    assertThat(principal.expiresAt()).contains(Instant.ofEpochSecond(Tokens.T0 + 300));
    assertThat(principal.authenticationMethod()).isEqualTo(AuthenticationMethod.JWT);
  }

  @Test
  void authenticateWhenSignatureTamperedThenRejectsWithBadSignature() {
    String token = Tokens.fixture();
    String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

    assertThatThrownBy(() -> authenticator.authenticate(tampered))
        .isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((CredentialRejectedException) e).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
  }
}
