package dev.authkit.test.junit;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;

import dev.authkit.Reason;
import dev.authkit.test.FakeIssuer;
import dev.authkit.test.HostileToken;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link AuthKitTest} as a user writes it, run directly by Surefire. */
@AuthKitTest
class AuthKitTestAnnotationTest {

  private final FakeIssuer issuer;

  AuthKitTestAnnotationTest(FakeIssuer issuer) {
    this.issuer = issuer;
  }

  static List<HostileToken> hostileTokens(FakeIssuer issuer) {
    return issuer.allHostileTokens();
  }

  @Test
  void authenticateWhenDefaultTokenThenAccepted() {
    assertThat(issuer.authenticator().authenticate(issuer.token().scopes("orders:read").sign()))
        .hasScopes("orders:read");
  }

  @Test
  void authenticateWhenExpiredThenExpired(FakeIssuer injected) {
    assertThat(injected).isSameAs(issuer);
    assertThatRejection(() -> issuer.authenticator().authenticate(issuer.hostileTokens().expired().token()))
        .hasReason(Reason.EXPIRED).hasErrorCode("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTokens")   // the factory's FakeIssuer parameter is injected too
  void authenticateWhenHostileTokenThenRejectedWithItsReason(HostileToken hostile) {
    assertThat(issuer.authenticator().authenticate(issuer.token().sign())).isNotNull();
    assertThatRejection(() -> issuer.authenticator().authenticate(hostile.token()))
        .hasReason(hostile.expectedReason()).hasStatus(401);
  }
}
