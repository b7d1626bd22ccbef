package dev.authkit.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.http.RequestView;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AccessRuleTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
      "/v1/orders, /v1/orders, true",
      "/v1/orders, /v1/orders/, false",
      "/v1/orders, /v1/orders/42, false",
      "/v1/orders, /v1/Orders, false",
      "/v1/orders, /v1/order, false",
      "/v1/orders, /v1, false",
      "/v1/orders/*, /v1/orders/42, true",
      "/v1/orders/*, /v1/orders, false",
      "/v1/orders/*, /v1/orders/, false",
      "/v1/orders/*, /v1/orders/42/items, false",
      "/v1/admin/**, /v1/admin, true",
      "/v1/admin/**, /v1/admin/stats, true",
      "/v1/admin/**, /v1/admin/a/b/c, true",
      "/v1/admin/**, /v1/administrator, false",
      "/**, /anything/at/all, true",
      "/, /, true",
      "/, /x, false",
      "/health, /health, true",
      "/health, /healthz, false"})
  void matchesWhenPathComparedThenSegmentSemantics(String pattern, String path, boolean expected) {
    AccessRule rule = AccessRule.of(Set.of(), pattern, Requirement.permitAll());
    assertThat(rule.matches(RequestView.builder("GET", path).build())).isEqualTo(expected);
  }

  @Test
  void matchesWhenMethodDiffersThenNoMatch() {
    AccessRule rule = AccessRule.of(Set.of("POST"), "/v1/orders", Requirement.permitAll());
    assertThat(rule.matches(RequestView.builder("POST", "/v1/orders").build())).isTrue();
    assertThat(rule.matches(RequestView.builder("GET", "/v1/orders").build())).isFalse();
    assertThat(rule.matches(RequestView.builder("post", "/v1/orders").build())).isFalse();
    assertThat(rule.matches(RequestView.builder("HEAD", "/v1/orders").build())).isFalse();
  }

  @Test
  void matchesWhenHeadAndRuleIsForGetThenMatches() {
    AccessRule get = AccessRule.of(Set.of("GET"), "/v1/orders", Requirement.allScopes("orders:read"));
    assertThat(get.matches(RequestView.builder("HEAD", "/v1/orders").build())).isTrue();
    assertThat(get.matches(RequestView.builder("GET", "/v1/orders").build())).isTrue();
    assertThat(get.matches(RequestView.builder("OPTIONS", "/v1/orders").build())).isFalse();
  }

  @Test
  void ofWhenPatternInvalidThenRefused() {
    assertThatThrownBy(() -> AccessRule.of(Set.of(), "v1", Requirement.permitAll()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessRule.of(Set.of(), "/a/**/b", Requirement.permitAll()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requirementForWhenNoRuleMatchesThenAuthenticatedAndFirstMatchWins() {
    AccessRules rules = AccessRules.builder()
        .permitAll("/health")
        .rule("GET", "/v1/orders/**", Requirement.allScopes("orders:read"))
        .rule("/v1/**", Requirement.denyAll())
        .build();
    assertThat(rules.requirementFor(RequestView.builder("GET", "/health").build(), false).isPermitAll()).isTrue();
    assertThat(rules.requirementFor(RequestView.builder("GET", "/v1/orders/1").build(), false).allScopes())
        .containsExactly("orders:read");
    assertThat(rules.requirementFor(RequestView.builder("DELETE", "/v1/orders/1").build(), false).isDenyAll()).isTrue();
    Requirement unmatched = rules.requirementFor(RequestView.builder("GET", "/other").build(), false);
    assertThat(unmatched.isPermitAll()).isFalse();
    assertThat(unmatched.isDenyAll()).isFalse();
    assertThat(unmatched.allScopes()).isEmpty();
    assertThat(rules.scopesNamed()).containsExactly("orders:read");
  }

  @Test
  void requirementForWhenCorsPreflightThenLetThroughOnlyIfEnabledAndWithoutCredential() {
    RequestView preflight = RequestView.builder("OPTIONS", "/v1/orders")
        .header("Access-Control-Request-Method", "POST").header("Origin", "https://app.example").build();
    AccessRules strict = AccessRules.builder().build();
    AccessRules cors = AccessRules.builder().permitCorsPreflight().build();
    assertThat(strict.requirementFor(preflight, false).isPermitAll()).isFalse();
    assertThat(cors.requirementFor(preflight, false).isPermitAll()).isTrue();
    assertThat(cors.requirementFor(preflight, true).isPermitAll()).isFalse();
    RequestView plainOptions = RequestView.builder("OPTIONS", "/v1/orders").build();
    assertThat(cors.requirementFor(plainOptions, false).isPermitAll()).isFalse();
  }

  @Test
  void matchingRequirementWhenRuleMatchesThenItsRequirementElseEmpty() {
    AccessRules rules = AccessRules.builder()
        .rule("GET", "/v1/orders/**", Requirement.allScopes("orders:read"))
        .rule("/v1/**", Requirement.denyAll())
        .permitCorsPreflight()
        .build();
    assertThat(rules.matchingRequirement(RequestView.builder("GET", "/v1/orders").build(), true))
        .get().extracting(Requirement::allScopes).isEqualTo(Set.of("orders:read"));
    assertThat(rules.matchingRequirement(RequestView.builder("DELETE", "/v1/orders").build(), true))
        .get().satisfies(r -> assertThat(r.isDenyAll()).isTrue());
    assertThat(rules.matchingRequirement(RequestView.builder("GET", "/other").build(), true)).isEmpty();
    assertThat(AccessRules.authenticatedOnly().matchingRequirement(RequestView.builder("GET", "/v1").build(), false))
        .isEmpty();
    RequestView preflight = RequestView.builder("OPTIONS", "/other").header("Access-Control-Request-Method", "GET").build();
    assertThat(rules.isLetThroughPreflight(preflight, false)).isTrue();
    assertThat(rules.isLetThroughPreflight(preflight, true)).isFalse();
    assertThat(rules.matchingRequirement(preflight, false)).get().satisfies(r -> assertThat(r.isPermitAll()).isTrue());
    assertThat(rules.matchingRequirement(preflight, true)).isEmpty();
  }
}
