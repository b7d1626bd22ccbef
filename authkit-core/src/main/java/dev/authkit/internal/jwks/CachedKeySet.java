package dev.authkit.internal.jwks;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The one cache entry of a remote key set: either the last good set with its timeline, or the
 * failure of a first fetch (kept until a retry is allowed). Immutable.
 *
 * <p>Timeline of a good set: fetched, refresh ahead from {@code refreshAt} (80% of its lifetime),
 * fresh until {@code expiresAt}, served stale while fetches fail until {@code usableUntil}
 * ({@code expiresAt + maxStale}), then evicted.
 */
public final class CachedKeySet {

  private final @Nullable JWKSet keys;
  private final byte @Nullable [] digest;
  private final int usableKeys;
  private final Instant fetchedAt;
  private final Instant refreshAt;
  private final Instant expiresAt;
  private final Instant evictAt;
  private final @Nullable String error;

  private CachedKeySet(@Nullable JWKSet keys, byte @Nullable [] digest, int usableKeys, Instant fetchedAt,
      Instant refreshAt, Instant expiresAt, Instant evictAt, @Nullable String error) {
    this.keys = keys;
    this.digest = digest;
    this.usableKeys = usableKeys;
    this.fetchedAt = fetchedAt;
    this.refreshAt = refreshAt;
    this.expiresAt = expiresAt;
    this.evictAt = evictAt;
    this.error = error;
  }

  static CachedKeySet good(JWKSet keys, byte[] digest, int usableKeys, Instant fetchedAt,
      java.time.Duration timeToLive, java.time.Duration maxStale) {
    Instant expiresAt = fetchedAt.plus(timeToLive);
    Instant refreshAt = fetchedAt.plus(timeToLive.multipliedBy(4).dividedBy(5));
    return new CachedKeySet(keys, digest, usableKeys, fetchedAt, refreshAt, expiresAt, expiresAt.plus(maxStale), null);
  }

  static CachedKeySet failed(String error, Instant failedAt, Instant retryAt) {
    return new CachedKeySet(null, null, 0, failedAt, retryAt, retryAt, retryAt, error);
  }

  /** Returns the set, or null for a failed first fetch. */
  public @Nullable JWKSet keys() {
    return keys;
  }

  byte @Nullable [] digest() {
    return digest;
  }

  int usableKeys() {
    return usableKeys;
  }

  Instant fetchedAt() {
    return fetchedAt;
  }

  Instant refreshAt() {
    return refreshAt;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  Instant evictAt() {
    return evictAt;
  }

  @Nullable String error() {
    return error;
  }

  @Override
  public String toString() {
    return keys == null ? "CachedKeySet[failed at " + fetchedAt + "]"
        : "CachedKeySet[" + keys.size() + " keys, fetched " + fetchedAt + ", expires " + expiresAt + "]";
  }
}
