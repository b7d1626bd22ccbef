package dev.authkit.jwt;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link JwkSetSource}'s state, for metrics and readiness checks: when the JWK set
 * was last fetched successfully, how many of its keys are usable, and the last error.
 *
 * <pre>{@code
 * JwkSetHealth health = source.health();
 * boolean ready = health.lastSuccessfulFetch().isPresent() && health.keyCount() > 0;
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JwkSetHealth {

  private final @Nullable Instant lastSuccessfulFetch;
  private final int keyCount;
  private final @Nullable String lastError;
  private final @Nullable Instant lastErrorAt;
  private final @Nullable URI jwksUri;
  private final long fetchAttempts;

  JwkSetHealth(@Nullable Instant lastSuccessfulFetch, int keyCount, @Nullable String lastError,
      @Nullable Instant lastErrorAt, @Nullable URI jwksUri, long fetchAttempts) {
    this.lastSuccessfulFetch = lastSuccessfulFetch;
    this.keyCount = keyCount;
    this.lastError = lastError;
    this.lastErrorAt = lastErrorAt;
    this.jwksUri = jwksUri;
    this.fetchAttempts = fetchAttempts;
  }

  /** Returns when the JWK set was last fetched and parsed successfully (source clock); empty before the first success. */
  public Optional<Instant> lastSuccessfulFetch() {
    return Optional.ofNullable(lastSuccessfulFetch);
  }

  /**
   * Returns how many keys of the last good set pass authkit's key policy (private, {@code oct},
   * weak, off-curve and non-signing keys are not counted); 0 before the first success.
   */
  public int keyCount() {
    return keyCount;
  }

  /** Returns the last fetch failure, as text written by authkit (no response body); kept after later successes. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** Returns when {@link #lastError()} happened (source clock). */
  public Optional<Instant> lastErrorAt() {
    return Optional.ofNullable(lastErrorAt);
  }

  /** Returns the JWK set URL: the configured one, or the discovered one once discovery succeeded. */
  public Optional<URI> jwksUri() {
    return Optional.ofNullable(jwksUri);
  }

  /**
   * Returns how many fetches were started so far; one fetch is the JWK set request, preceded by
   * discovery's one or two requests until discovery has succeeded once.
   */
  public long fetchAttempts() {
    return fetchAttempts;
  }

  /** For logs: the JWK set URL's query, if any, shows as {@code ?…} (it may carry a credential, CASES.md BR-28). */
  @Override
  public String toString() {
    return "JwkSetHealth[lastSuccessfulFetch=" + lastSuccessfulFetch + ", keyCount=" + keyCount
        + ", lastError=" + lastError + ", lastErrorAt=" + lastErrorAt + ", jwksUri="
        + (jwksUri == null ? null : dev.authkit.internal.Redaction.url(jwksUri))
        + ", fetchAttempts=" + fetchAttempts + "]";
  }
}
