package dev.authkit.http;

import static java.util.Objects.requireNonNull;

import dev.authkit.Reason;
import dev.authkit.internal.http.ResponseTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP response authkit wants written when a request may not proceed: status, headers
 * ({@code WWW-Authenticate} challenges per RFC 6750 §3 and RFC 9110 §11.6.1, {@code Retry-After})
 * and an RFC 9457 {@code application/problem+json} body with fixed text chosen by reason. Adapters
 * write it as it is; never a stack trace, library message, claim value or token.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthResponse {

  /** The problem-details media type of {@link #body()} (RFC 9457 §3). */
  public static final String PROBLEM_JSON = "application/problem+json";

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final String body;

  /**
   * Creates a response; adapters receive these from {@link AuthKit}, they do not build them.
   *
   * @param status the HTTP status, 400 to 599
   * @param headers header name/value pairs in order; a name may repeat (one {@code WWW-Authenticate} per challenge)
   * @param body the problem+json document
   */
  public AuthResponse(int status, List<Map.Entry<String, String>> headers, String body) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
    this.headers = List.copyOf(requireNonNull(headers, "headers"));
    this.body = requireNonNull(body, "body");
  }

  /**
   * Returns the HTTP status authkit answers a failure with (DESIGN decision 8): 400 for
   * {@code MALFORMED_REQUEST} and {@code AMBIGUOUS_CREDENTIALS}; 403 for {@code HTTPS_REQUIRED},
   * {@code INSUFFICIENT_SCOPE}, {@code INSUFFICIENT_ROLE}, {@code ACCESS_DENIED}; 429 for
   * {@code RATE_LIMITED}; 503 for {@code KEYS_UNAVAILABLE} and {@code STORE_UNAVAILABLE}; 401 for
   * every other reason. For tests and documentation; adapters receive whole responses from {@link AuthKit}.
   *
   * @param reason not null
   * @return 400, 401, 403, 429 or 503
   */
  public static int statusOf(Reason reason) {
    return ResponseTable.status(requireNonNull(reason, "reason"));
  }

  /**
   * Returns the RFC 6750 §3.1 error code of the {@code WWW-Authenticate} challenge and problem body
   * authkit answers a failure with: {@code invalid_request} (400), {@code invalid_token} (401),
   * {@code insufficient_scope} (403 for {@code INSUFFICIENT_SCOPE}), or empty where the response has
   * no error code (other 403s, 429, 503).
   *
   * @param reason not null
   * @return the code, or empty
   */
  public static Optional<String> errorCodeOf(Reason reason) {
    return Optional.ofNullable(ResponseTable.error(requireNonNull(reason, "reason")));
  }

  /** Returns the HTTP status: 400, 401, 403, 429 or 503. */
  public int status() {
    return status;
  }

  /** Returns the headers to set, in order; names may repeat; unmodifiable. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /**
   * Returns the first value of a header.
   *
   * @param name case-insensitive; not null
   * @return the value, or empty
   */
  public Optional<String> header(String name) {
    return headers.stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst();
  }

  /** Returns the {@value #PROBLEM_JSON} body, UTF-8 text. */
  public String body() {
    return body;
  }

  /** Returns {@value #PROBLEM_JSON}. */
  public String contentType() {
    return PROBLEM_JSON;
  }

  @Override
  public String toString() {
    return "AuthResponse[" + status + ", " + headers + "]";
  }
}
