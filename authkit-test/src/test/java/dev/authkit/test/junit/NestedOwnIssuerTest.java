package dev.authkit.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authkit.test.FakeIssuer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A @Nested class shares its outer issuer unless it carries its own @AuthKitTest. */
@AuthKitTest
class NestedOwnIssuerTest {

  @Test
  void outerWhenDefaultThenAudienceApi(FakeIssuer issuer) {
    assertThat(issuer.audience()).isEqualTo("api");
  }

  @Nested
  class Sharing {
    @Test
    void nestedWhenNoOwnAnnotationThenOuterIssuer(FakeIssuer issuer) {
      assertThat(issuer.audience()).isEqualTo("api");
    }
  }

  @Nested
  @AuthKitTest(audience = "nested-aud")
  class Own {
    @Test
    void nestedWhenOwnAnnotationThenOwnIssuerWithItsSettings(FakeIssuer issuer) {
      assertThat(issuer.audience()).isEqualTo("nested-aud");
    }
  }
}
