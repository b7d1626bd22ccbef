package dev.authkit.test;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.Reason;
import dev.authkit.jwt.JwtAuthenticator;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue against authkit-core's real {@link JwtAuthenticator} (discovery, JWK set over HTTP):
 * every entry, for every key type, is rejected with its documented reason, next to the default token
 * of the same set-up being accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTokensTest {

  private FakeIssuer issuer;
  private FakeIssuer otherIssuer;

  @BeforeAll
  void start() {
    issuer = FakeIssuer.start();
    otherIssuer = FakeIssuer.builder().algorithms(JWSAlgorithm.RS256).start();
  }

  @AfterAll
  void stop() {
    issuer.close();
    otherIssuer.close();
  }

  Stream<Arguments> catalogue() {
    return issuer.algorithms().stream().flatMap(algorithm -> issuer.token().algorithm(algorithm).hostileTokens().all()
        .stream().map(hostile -> Arguments.of(algorithm.getName(), hostile)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("catalogue")
  void authenticateWhenHostileTokenThenRejectedWithDocumentedReason(String algorithm, HostileToken hostile) {
    JwtAuthenticator authenticator = issuer.authenticator();
    assertThat(authenticator.authenticate(issuer.token().algorithm(JWSAlgorithm.parse(algorithm)).sign())).isNotNull();
    assertThatRejection(() -> authenticator.authenticate(hostile.token()))
        .isRejection().hasReason(hostile.expectedReason()).hasStatus(401).hasErrorCode("invalid_token");
  }

  @Test
  void allWhenListedThenEveryNamedMethodAppearsOnceWithItsName() {
    List<HostileToken> all = issuer.allHostileTokens();
    List<String> methods = Arrays.stream(HostileTokens.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0
            && m.getReturnType() == HostileToken.class)
        .map(Method::getName).toList();
    assertThat(all).extracting(HostileToken::name).containsExactlyInAnyOrderElementsOf(methods).doesNotHaveDuplicates()
        .hasSize(18);
    assertThat(all).allSatisfy(hostile -> {
      assertThat(hostile.toString()).isEqualTo(hostile.name()).doesNotContain(".");
      assertThat(hostile.authorizationHeader()).isEqualTo("Bearer " + hostile.token());
      assertThat(hostile.description()).isNotBlank();
      assertThat(hostile.mayBeRefusedByContainer()).isEqualTo(hostile.name().equals("oversized"));
    });
  }

  @Test
  void oversizedWhenMintedThenLongerThan16KiBAndOthersFitInAHeader() {
    HostileTokens catalogue = issuer.hostileTokens();
    assertThat(catalogue.oversized().token().length()).isGreaterThan(16 * 1024);
    assertThat(catalogue.all()).filteredOn(h -> !h.name().equals("oversized"))
        .allSatisfy(h -> assertThat(h.token().length()).isLessThan(4 * 1024));
    assertThat(catalogue.encrypted().token().split("\\.", -1)).hasSize(5);
    assertThat(catalogue.unsigned().token()).endsWith(".");
  }

  @Test
  void hostileTokensWhenBuiltFromCustomTokenThenKeepItsAudienceAndScopes() {
    try (FakeIssuer orders = FakeIssuer.builder().audience("orders").algorithms(JWSAlgorithm.ES256).start()) {
      TokenBuilder base = orders.token().audience("orders").scopes("orders:read").subject("user_42");
      HostileTokens catalogue = base.hostileTokens();
      // the one defect is the only difference: the same claims re-signed verify
      assertThat(orders.authenticator().authenticate(orders.token().audience("orders").scopes("orders:read").sign()))
          .hasScopes("orders:read");
      assertThatRejection(() -> orders.authenticator().authenticate(catalogue.expired().token())).hasReason(Reason.EXPIRED);
      assertThatRejection(() -> orders.authenticator().authenticate(catalogue.wrongAudience().token()))
          .hasReason(Reason.AUDIENCE_MISMATCH);
      String payload = new String(java.util.Base64.getUrlDecoder().decode(catalogue.expired().token().split("\\.")[1]));
      assertThat(payload).contains("\"aud\":\"orders\"", "\"scope\":\"orders:read\"", "\"sub\":\"user_42\"");
    }
  }

  @Test
  void keyFromIssuerWhenAppTrustsBothIssuersThenStillUnknownKey() {
    try (JwtAuthenticator both = issuer.authenticatorBuilder()
        .trustedIssuer(dev.authkit.jwt.TrustedIssuer.builder(otherIssuer.issuer()).audience("api")
            .keySource(otherIssuer.jwkSetSource().build()).build())
        .build()) {
      assertThat(both.authenticate(issuer.token().sign())).hasIssuer(issuer.issuer());
      assertThat(both.authenticate(otherIssuer.token().sign())).hasIssuer(otherIssuer.issuer());
      HostileToken crossed = issuer.hostileTokens().keyFromIssuer(otherIssuer);
      assertThat(crossed.name()).isEqualTo("keyFromIssuer");
      assertThatRejection(() -> both.authenticate(crossed.token())).hasReason(crossed.expectedReason())
          .hasReason(Reason.UNKNOWN_KEY);
    }
  }
}
