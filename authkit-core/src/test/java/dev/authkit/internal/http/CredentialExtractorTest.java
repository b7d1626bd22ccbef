package dev.authkit.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.http.RequestView;
import dev.authkit.internal.http.CredentialExtractor.Kind;
import dev.authkit.testing.Tokens;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The core half of CASES.md BR-24: the Bearer header table, before any token is verified. */
class CredentialExtractorTest {

  private static final String V = Tokens.fixture();
  private final CredentialExtractor extractor = new CredentialExtractor(List.of("sk_live"), "X-API-Key", true);

  private static RequestView withAuthorization(String... values) {
    RequestView.Builder builder = RequestView.builder("GET", "/v1/orders");
    for (String value : values) {
      builder.header("Authorization", value);
    }
    return builder.build();
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("Bearer " + V),
        Arguments.of("bearer " + V),
        Arguments.of("BEARER " + V),
        Arguments.of("Bearer  " + V),
        Arguments.of("Bearer " + V + "  "),
        Arguments.of("Bearer " + V + "\t"),
        Arguments.of(" Bearer " + V));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void extractWhenBearerHeaderWellFormedThenTokenExactlyAsSent(String header) {
    CredentialExtractor.Credential credential = extractor.extract(withAuthorization(header));
    assertThat(credential.kind()).isEqualTo(Kind.BEARER_JWT);
    assertThat(credential.value()).isEqualTo(V);
  }

  static Stream<String> brokenGrammar() {
    String[] parts = V.split("\\.");
    return Stream.of(
        "Bearer\t" + V,
        "Bearer " + V + " x",
        "Bearer " + V + "###",
        "Bearer " + V + ",",
        "Bearer\u00a0" + V,
        "Bearer " + V + "\u00a0",
        "Bearer " + parts[0] + "\uff0e" + parts[1] + "." + parts[2],
        "Bearer",
        "Bearer ",
        "",
        "   ",
        "Bearer    ",
        "Bearer=" + V,
        "Bearer " + V + ", Bearer " + V,
        "Bearer " + V + "%3D",
        "Bearer \"" + V + "\"");
  }

  @ParameterizedTest
  @MethodSource("brokenGrammar")
  void extractWhenBearerHeaderBreaksGrammarThenMalformedRequest(String header) {
    assertThat(extractor.extract(withAuthorization("Bearer " + V)).kind()).isEqualTo(Kind.BEARER_JWT);
    assertThatThrownBy(() -> extractor.extract(withAuthorization(header)))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.MALFORMED_REQUEST));
  }

  @Test
  void extractWhenB64tokenHasPlusSlashOrPaddingThenPassedOnForTheVerifierToReject() {
    String padded = V.replace(".", "=.");
    assertThat(extractor.extract(withAuthorization("Bearer " + V.replace('-', '+').replace('_', '/'))).kind())
        .isEqualTo(Kind.BEARER_JWT);
    assertThat(extractor.extract(withAuthorization("Bearer " + padded)).value()).isEqualTo(padded);
    assertThat(extractor.extract(withAuthorization("Bearer " + V + "==")).value()).isEqualTo(V + "==");
  }

  @Test
  void extractWhenOtherSchemeOrNoSchemeThenNoCredential() {
    assertThat(extractor.extract(withAuthorization("Token " + V)).kind()).isEqualTo(Kind.NONE);
    assertThat(extractor.extract(withAuthorization(V)).kind()).isEqualTo(Kind.NONE);
    assertThat(extractor.extract(withAuthorization("Basic dXNlcjpwYXNz")).kind()).isEqualTo(Kind.NONE);
    assertThat(extractor.extract(withAuthorization("BearerX " + V)).kind()).isEqualTo(Kind.NONE);
    assertThat(extractor.extract(RequestView.builder("GET", "/").build()).kind()).isEqualTo(Kind.NONE);
  }

  @Test
  void extractWhenTwoAuthorizationHeadersThenAmbiguous() {
    assertThatThrownBy(() -> extractor.extract(withAuthorization("Bearer " + V, "Bearer " + V)))
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.AMBIGUOUS_CREDENTIALS));
  }

  @Test
  void extractWhenBearerAndApiKeyHeaderThenAmbiguous() {
    RequestView both = RequestView.builder("GET", "/").header("Authorization", "Bearer " + V)
        .header("x-api-key", "sk_live_abc").build();
    assertThatThrownBy(() -> extractor.extract(both))
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.AMBIGUOUS_CREDENTIALS));
    RequestView basicAndKey = RequestView.builder("GET", "/").header("Authorization", "Basic dXNlcjpwYXNz")
        .header("X-API-Key", "sk_live_abc").build();
    assertThat(extractor.extract(basicAndKey).kind()).isEqualTo(Kind.HEADER_API_KEY);
  }

  @Test
  void extractWhenBearerValueHasApiKeyPrefixThenApiKey() {
    assertThat(extractor.extract(withAuthorization("Bearer sk_live_abc123")).kind()).isEqualTo(Kind.BEARER_API_KEY);
    assertThat(extractor.extract(withAuthorization("Bearer sk_livex_abc123")).kind()).isEqualTo(Kind.BEARER_JWT);
  }

  @Test
  void extractWhenApiKeyHeaderEmptyOrRepeatedThenRejected() {
    assertThatThrownBy(() -> extractor.extract(RequestView.builder("GET", "/").header("X-API-Key", "  ").build()))
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.MALFORMED_REQUEST));
    assertThatThrownBy(() -> extractor.extract(RequestView.builder("GET", "/").header("X-API-Key", "a")
        .header("X-API-Key", "b").build()))
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(Reason.AMBIGUOUS_CREDENTIALS));
  }

  @Test
  void extractWhenQueryOrFormTokenThenIgnored() {
    RequestView query = RequestView.builder("GET", "/v1/orders").header("Content-Type",
        "application/x-www-form-urlencoded").build();
    assertThat(extractor.extract(query).kind()).isEqualTo(Kind.NONE);
  }
}
