package dev.authkit.test.assertj;

import dev.authkit.test.Challenge;
import dev.authkit.test.HostileToken;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an HTTP response's status and challenges, for a {@code java.net.http.HttpResponse} or
 * authkit's own {@code AuthResponse}; obtain through {@link AuthKitAssertions}. Every
 * {@code WWW-Authenticate} value is parsed strictly ({@link Challenge#parse}); a malformed one fails
 * the assertion that reads it.
 *
 * <pre>{@code
 * HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
 * assertThat(response).hasStatus(401).bearerChallenge().hasRealm("api").hasError("invalid_token");
 * }</pre>
 */
public final class HttpResponseAssert extends AbstractAssert<HttpResponseAssert, HttpResponseAssert.Response> {

  /** The parts of a response these assertions read. */
  record Response(int status, List<Map.Entry<String, String>> headers, String description, String body) {
    List<String> values(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  HttpResponseAssert(Response actual) {
    super(actual, HttpResponseAssert.class);
  }

  /** The start of the body, which for authkit's refusals is the problem document saying why; tokens are never echoed there. */
  private String bodyHint() {
    String body = actual.body();
    if (body.isEmpty()) {
      return "";
    }
    return " body: " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }

  /** Verifies the status code. */
  public HttpResponseAssert hasStatus(int expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expected status <%s> but was <%s> (WWW-Authenticate %s)%s", expected, actual.status(),
          actual.values("WWW-Authenticate"), bodyHint());
    }
    return this;
  }

  /** Verifies the response carries no {@code WWW-Authenticate} header. */
  public HttpResponseAssert hasNoChallenge() {
    isNotNull();
    if (!actual.values("WWW-Authenticate").isEmpty()) {
      failWithMessage("Expected no WWW-Authenticate but was %s", actual.values("WWW-Authenticate"));
    }
    return this;
  }

  /**
   * Verifies the response refuses {@code hostile} as authkit does: 401 with a strictly parsed
   * {@code Bearer} challenge carrying {@code error="invalid_token"} (RFC 6750 §3.1); or, for a token
   * the container may refuse itself ({@link HostileToken#mayBeRefusedByContainer()}, the oversized
   * one), any 4xx.
   *
   * <pre>{@code
   * assertThat(get("/v1/orders", hostile.authorizationHeader())).rejects(hostile);
   * }</pre>
   *
   * @param hostile the token that was sent; not null
   * @return this
   */
  public HttpResponseAssert rejects(HostileToken hostile) {
    isNotNull();
    if (hostile.mayBeRefusedByContainer() && actual.status() != 401) {
      // Only the statuses containers use for an oversized request head count; a 403 or 404 would
      // mean the request was refused for some other reason and proves nothing about the token.
      if (actual.status() != 400 && actual.status() != 413 && actual.status() != 431) {
        failWithMessage("Expected the %s token to be refused with 401, or the container's own 400/413/431 for an"
            + " oversized request head, but the status was <%s>%s", hostile.name(), actual.status(), bodyHint());
      }
      return this;
    }
    if (actual.status() != 401) {
      failWithMessage("Expected the %s token to be refused with 401 (%s) but the status was <%s>%s", hostile.name(),
          hostile.expectedReason(), actual.status(), bodyHint());
    }
    bearerChallenge().hasError("invalid_token");
    return this;
  }

  /** Parses every challenge strictly and returns assertions on the {@code Bearer} one (RFC 6750 §3). */
  public ChallengeAssert bearerChallenge() {
    return challenge("Bearer");
  }

  /**
   * Parses every challenge strictly and returns assertions on the one with {@code scheme}.
   *
   * @param scheme e.g. {@code Bearer} or {@code ApiKey}; case-insensitive
   * @return assertions on that challenge
   */
  public ChallengeAssert challenge(String scheme) {
    isNotNull();
    List<Challenge> challenges;
    try {
      challenges = Challenge.parseAll(actual.values("WWW-Authenticate"));
    } catch (IllegalArgumentException e) {
      failWithMessage("Expected well-formed WWW-Authenticate challenges but %s", e.getMessage());
      throw e;
    }
    List<Challenge> matching = challenges.stream().filter(c -> c.scheme().equalsIgnoreCase(scheme)).toList();
    if (matching.size() != 1) {
      failWithMessage("Expected exactly one %s challenge but the response had %s", scheme, challenges);
    }
    return new ChallengeAssert(matching.get(0));
  }
}
