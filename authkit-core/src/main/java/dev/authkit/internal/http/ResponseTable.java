package dev.authkit.internal.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authkit.Reason;
import dev.authkit.http.AuthResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * DESIGN decision 8 as code: the one table from a failure to status, challenge and problem body,
 * used by both adapters. Text is fixed per reason and free of {@code "} and {@code \}, as RFC 6750
 * §3 requires of {@code error_description}. Immutable and thread-safe; not an API.
 */
public final class ResponseTable {

  /** One row: status, RFC 6750 error code (null: no challenge error), fixed description. */
  private record Row(int status, @Nullable String error, String description) {}

  private static final Map<Reason, Row> ROWS = new EnumMap<>(Reason.class);

  static {
    Row invalidToken = new Row(401, "invalid_token", "The access token is invalid.");
    for (Reason reason : Reason.values()) {
      ROWS.put(reason, invalidToken);
    }
    ROWS.put(Reason.MALFORMED_REQUEST, new Row(400, "invalid_request", "The credential header is malformed."));
    ROWS.put(Reason.AMBIGUOUS_CREDENTIALS, new Row(400, "invalid_request", "The request carries more than one credential."));
    ROWS.put(Reason.EXPIRED, new Row(401, "invalid_token", "The access token has expired."));
    ROWS.put(Reason.NOT_YET_VALID, new Row(401, "invalid_token", "The access token is not valid yet."));
    ROWS.put(Reason.ISSUED_IN_FUTURE, new Row(401, "invalid_token", "The access token is not valid yet."));
    ROWS.put(Reason.REVOKED, new Row(401, "invalid_token", "The credential has been revoked."));
    ROWS.put(Reason.INVALID_API_KEY, new Row(401, "invalid_token", "The API key is invalid."));
    ROWS.put(Reason.API_KEY_EXPIRED, new Row(401, "invalid_token", "The API key has expired."));
    ROWS.put(Reason.RATE_LIMITED, new Row(429, null, "Too many requests for this API key."));
    ROWS.put(Reason.HTTPS_REQUIRED, new Row(403, null, "Credentials must be sent over HTTPS."));
    ROWS.put(Reason.INSUFFICIENT_SCOPE, new Row(403, "insufficient_scope",
        "The credential does not grant the scope this resource requires."));
    ROWS.put(Reason.INSUFFICIENT_ROLE, new Row(403, null, "The caller lacks a role this resource requires."));
    ROWS.put(Reason.ACCESS_DENIED, new Row(403, null, "Access to this resource is denied."));
    ROWS.put(Reason.KEYS_UNAVAILABLE, new Row(503, null, "Authentication is temporarily unavailable."));
    ROWS.put(Reason.STORE_UNAVAILABLE, new Row(503, null, "Authentication is temporarily unavailable."));
  }

  private static final Set<Reason> API_KEY_REASONS = Set.of(Reason.INVALID_API_KEY, Reason.API_KEY_EXPIRED);

  private final String realm;
  private final boolean apiKeyChallenge;
  private final @Nullable String resourceMetadata;
  private final Duration unavailableRetryAfter;

  /**
   * @param realm the challenge realm, already checked to be a safe quoted-string body
   * @param apiKeyChallenge whether 401s also carry {@code ApiKey realm="..."}
   * @param resourceMetadata the RFC 9728 metadata URL for the {@code resource_metadata} parameter, or null
   * @param unavailableRetryAfter the {@code Retry-After} of 503 responses
   */
  public ResponseTable(String realm, boolean apiKeyChallenge, @Nullable String resourceMetadata,
      Duration unavailableRetryAfter) {
    this.realm = realm;
    this.apiKeyChallenge = apiKeyChallenge;
    this.resourceMetadata = resourceMetadata;
    this.unavailableRetryAfter = unavailableRetryAfter;
  }

  /** Returns the fixed client-facing text of a reason. */
  public static String description(Reason reason) {
    return ROWS.get(reason).description();
  }

  /** Returns the status for a reason. */
  public static int status(Reason reason) {
    return ROWS.get(reason).status();
  }

  /** Returns the RFC 6750 §3.1 error code for a reason, or null when its response carries none. */
  public static @Nullable String error(Reason reason) {
    return ROWS.get(reason).error();
  }

  /** 401 with bare challenges (RFC 6750 §3.1: no error code when no credential was sent). */
  public AuthResponse authenticationRequired() {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("WWW-Authenticate", challenge("Bearer", null, null, null)));
    if (apiKeyChallenge) {
      headers.add(Map.entry("WWW-Authenticate", challenge("ApiKey", null, null, null)));
    }
    return new AuthResponse(401, headers, problem(401, "Unauthorized", "Authentication is required.", null));
  }

  /**
   * The response for a failure.
   *
   * @param reason why
   * @param requiredScopes for {@code INSUFFICIENT_SCOPE}: the scopes the resource needs
   * @param retryAfter for 429: when the key may retry; null otherwise
   * @param apiKeyCredential whether the failed credential was an API key: its error then rides on
   *     the {@code ApiKey} challenge
   */
  public AuthResponse failure(Reason reason, Set<String> requiredScopes, @Nullable Duration retryAfter,
      boolean apiKeyCredential) {
    Row row = ROWS.get(reason);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    String scope = reason == Reason.INSUFFICIENT_SCOPE && !requiredScopes.isEmpty()
        ? String.join(" ", requiredScopes) : null;
    if (row.status() == 401 || row.status() == 400) {
      boolean apiKeyFailure = (apiKeyCredential || API_KEY_REASONS.contains(reason)) && apiKeyChallenge;
      headers.add(Map.entry("WWW-Authenticate", apiKeyFailure ? challenge("Bearer", null, null, null)
          : challenge("Bearer", row.error(), row.description(), null)));
      if (apiKeyChallenge) {
        headers.add(Map.entry("WWW-Authenticate", apiKeyFailure
            ? challenge("ApiKey", row.error(), row.description(), null) : challenge("ApiKey", null, null, null)));
      }
    } else if (reason == Reason.INSUFFICIENT_SCOPE) {
      headers.add(Map.entry("WWW-Authenticate", challenge("Bearer", row.error(), row.description(), scope)));
    }
    if (row.status() == 429 || row.status() == 503) {
      Duration wait = row.status() == 503 || retryAfter == null ? unavailableRetryAfter : retryAfter;
      headers.add(Map.entry("Retry-After", Long.toString(Math.max(1, ceilSeconds(wait)))));
    }
    return new AuthResponse(row.status(), headers, problem(row.status(), title(row.status()), row.description(),
        row.error()));
  }

  private String challenge(String scheme, @Nullable String error, @Nullable String description, @Nullable String scope) {
    StringBuilder out = new StringBuilder(scheme).append(" realm=\"").append(realm).append('"');
    if (resourceMetadata != null && scheme.equals("Bearer")) {
      out.append(", resource_metadata=\"").append(resourceMetadata).append('"');
    }
    if (error != null) {
      out.append(", error=\"").append(error).append('"');
      out.append(", error_description=\"").append(description).append('"');
    }
    if (scope != null) {
      out.append(", scope=\"").append(scope).append('"');
    }
    return out.toString();
  }

  private static String problem(int status, String title, String detail, @Nullable String error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (error != null) {
      body.put("error", error);
    }
    return JSONObjectUtils.toJSONString(body);
  }

  private static String title(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 429:
        return "Too Many Requests";
      default:
        return "Service Unavailable";
    }
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }
}
