package dev.authkit.internal.jwks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {

  private static HttpHeaders headers(String value) {
    return HttpHeaders.of(value.isEmpty() ? Map.of() : Map.of("Cache-Control", List.of(value)), (a, b) -> true);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "public, max-age=3600          | 3600",
      "max-age=\"60\"                | 60",
      "MAX-AGE=120, must-revalidate  | 120",
      "no-store                      | 0",
      "max-age=600, no-cache         | 0",
      "max-age=0                     | 0",
      "max-age=-5                    | -1",
      "max-age=abc                   | -1",
      "max-age=99999999999999999999  | -1",
      "private                       | -1",
      "''                            | -1"})
  void maxAgeWhenHeaderGivenThenParsed(String value, long seconds) {
    assertThat(CacheControl.maxAge(headers(value.equals("''") ? "" : value)))
        .isEqualTo(seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofSeconds(seconds)));
  }
}
