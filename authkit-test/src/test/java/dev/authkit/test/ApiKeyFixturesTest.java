package dev.authkit.test;

import static dev.authkit.test.assertj.AuthKitAssertions.assertThat;
import static dev.authkit.test.assertj.AuthKitAssertions.assertThatRejection;

import dev.authkit.AuthenticationMethod;
import dev.authkit.Reason;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiKeyFixturesTest {

  private final ApiKeyFixtures apiKeys = ApiKeyFixtures.create();

  @AfterEach
  void close() {
    apiKeys.close();
  }

  @Test
  void keyWhenIssuedThenAcceptedWithItsScopes() {
    String key = apiKeys.key("billing-service", "invoices:read");
    assertThat(key).startsWith("sk_test_");
    assertThat(apiKeys.authenticator().authenticate(key)).hasSubject("billing-service").hasExactlyScopes("invoices:read")
        .wasAuthenticatedBy(AuthenticationMethod.API_KEY);
    assertThat(apiKeys.store().size()).isEqualTo(1);
  }

  @Test
  void badKeysWhenPresentedThenEachRejectedWithItsReasonNextToAGoodKey() {
    String good = apiKeys.key("svc");
    assertThat(apiKeys.authenticator().authenticate(good)).hasSubject("svc");
    assertThatRejection(() -> apiKeys.authenticator().authenticate(apiKeys.revokedKey())).hasReason(Reason.REVOKED);
    assertThatRejection(() -> apiKeys.authenticator().authenticate(apiKeys.expiredKey())).hasReason(Reason.API_KEY_EXPIRED);
    assertThatRejection(() -> apiKeys.authenticator().authenticate(apiKeys.malformedKey())).hasReason(Reason.INVALID_API_KEY);
    assertThatRejection(() -> apiKeys.authenticator().authenticate(apiKeys.unknownKey())).hasReason(Reason.INVALID_API_KEY);
    assertThat(apiKeys.authenticator().authenticate(good)).hasSubject("svc");
  }

  @Test
  void issuerWhenKeyHasTenantAndRolesThenPrincipalCarriesThem() {
    try (ApiKeyFixtures live = ApiKeyFixtures.create("sk_live", Clock.systemUTC())) {
      String key = live.issuer().newKey("reporting").tenant("t1").roles("auditor").issue().plaintext();
      assertThat(live.authenticator().authenticate(key)).hasTenant("t1").hasRole("auditor");
      AuthKit authKit = AuthKit.builder().apiKeys(live.authenticator()).insecureAllowHttpFromLoopback().build();
      RequestView request = RequestView.builder("GET", "/reports").scheme("http").remoteAddress("127.0.0.1")
          .header("X-API-Key", key).build();
      assertThat(authKit.handle(request).caller()).isPresent();
      RequestView malformed = RequestView.builder("GET", "/reports").scheme("http").remoteAddress("127.0.0.1")
          .header("X-API-Key", live.malformedKey()).build();
      assertThat(authKit.handle(malformed).responseToWrite().orElseThrow()).hasStatus(401).challenge("ApiKey")
          .hasError("invalid_token");
    }
  }
}
