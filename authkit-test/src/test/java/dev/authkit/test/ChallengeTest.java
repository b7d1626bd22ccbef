package dev.authkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChallengeTest {

  @Test
  void parseWhenAuthkitStyleChallengeThenReadsEveryParameter() {
    Challenge challenge = Challenge.parse("Bearer realm=\"api\", error=\"insufficient_scope\", "
        + "error_description=\"The credential does not grant the scope this resource requires.\", scope=\"orders:write orders:read\"");
    assertThat(challenge.scheme()).isEqualTo("Bearer");
    assertThat(challenge.realm()).contains("api");
    assertThat(challenge.error()).contains("insufficient_scope");
    assertThat(challenge.errorDescription()).hasValueSatisfying(d -> assertThat(d).startsWith("The credential does not grant"));
    assertThat(challenge.scopes()).containsExactly("orders:write", "orders:read");
    assertThat(challenge.param("REALM")).contains("api");
    assertThat(Challenge.parse("Bearer").params()).isEmpty();
    assertThat(Challenge.parse("ApiKey realm=\"api\"").error()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " Bearer", "Bearer realm=api", "Bearer realm=\"api\" error=\"x\"",
      "Bearer realm=\"a\\\"b\"", "Bearer realm=\"api\", realm=\"other\"", "Bearer realm=\"api", "Bearer,realm=\"api\"",
      "Bearer realm=\"caf\u00e9\"", "Bearer =\"x\""})
  void parseWhenMalformedThenRefused(String header) {
    assertThatThrownBy(() -> Challenge.parse(header)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed WWW-Authenticate challenge");
  }
}
