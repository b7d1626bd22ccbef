package dev.authkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.testing.AdapterScenarios.Scenario;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * The one assertion every adapter suite applies to a response of {@link AdapterScenarios}: status,
 * challenges (each parsed strictly with {@link Challenges}), problem body, {@code Retry-After}. Shared
 * so the servlet and JAX-RS suites check the same things the same way.
 */
public final class ScenarioAssertions {

  private ScenarioAssertions() {}

  /**
   * Asserts a response against a scenario.
   *
   * @param response what the adapter under test answered over HTTP
   * @param scenario the expected answer
   */
  public static void assertAnswers(RawHttp.Response response, Scenario scenario) throws ParseException {
    assertThat(response.status()).as(scenario.name()).isEqualTo(scenario.status());
    List<String> challenges = response.headers("WWW-Authenticate");
    challenges.forEach(Challenges::parse);
    if (!scenario.challenge()) {
      assertThat(challenges).as(scenario.name()).isEmpty();
    } else {
      assertThat(challenges).as(scenario.name()).isNotEmpty();
      List<Challenges.Challenge> parsed = challenges.stream().map(Challenges::parse).toList();
      assertThat(parsed.get(0).scheme()).isEqualTo("Bearer");
      parsed.forEach(c -> assertThat(c.params().get("realm")).isEqualTo("api"));
      if (scenario.status() == 401) {
        assertThat(parsed).extracting(Challenges.Challenge::scheme).containsExactly("Bearer", "ApiKey");
      }
      String error = parsed.stream().map(c -> c.params().get("error")).filter(e -> e != null).findFirst().orElse(null);
      assertThat(error).as(scenario.name()).isEqualTo(scenario.error());
      assertThat(parsed.get(0).params().get("scope")).as(scenario.name()).isEqualTo(scenario.scope());
    }
    if (scenario.status() >= 400 && !scenario.method().equals("HEAD")) {
      assertThat(response.headers("Content-Type")).singleElement().asString().startsWith("application/problem+json");
      Map<String, Object> problem = JSONObjectUtils.parse(response.body());
      assertThat(((Number) problem.get("status")).intValue()).isEqualTo(scenario.status());
      assertThat(problem.get("error")).isEqualTo(scenario.error());
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("eyJ");
    }
    if (scenario.status() == 503) {
      assertThat(response.headers("Retry-After")).containsExactly("30");
    }
    if (scenario.status() == 429) {
      assertThat(response.headers("Retry-After")).singleElement()
          .satisfies(v -> assertThat(Long.parseLong(v)).isBetween(1L, 3600L));
    }
  }

  /**
   * Asserts a BR-24 row: the status, and for a refusal the {@code error} of the challenge that has one.
   *
   * @param response what the adapter answered to {@code GET /v1/orders} with the row's header
   * @param row the expected outcome
   */
  public static void assertAnswers(RawHttp.Response response, AdapterScenarios.HeaderCase row) {
    assertThat(response.status()).as(row.toString()).isEqualTo(row.status());
    if (row.status() != 200) {
      String found = response.headers("WWW-Authenticate").stream().map(Challenges::parse)
          .map(c -> c.params().get("error")).filter(e -> e != null).findFirst().orElse(null);
      assertThat(found).as(row.toString()).isEqualTo(row.error());
    }
  }
}
