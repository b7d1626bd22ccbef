package dev.authkit.apikey;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.CacheReads;
import dev.authkit.internal.EventPublisher;
import dev.authkit.internal.PrincipalFields;
import dev.authkit.internal.Principals;
import dev.authkit.internal.Redaction;
import dev.authkit.internal.apikey.ApiKeyFormat;
import dev.authkit.internal.apikey.ClockTime;
import dev.authkit.internal.apikey.LastUsedBatcher;
import dev.authkit.internal.apikey.RateLimiter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies API keys ({@code <prefix>_<keyId>_<secret><checksum>}, DESIGN decision 9) and turns each
 * into an {@link AuthPrincipal} with method {@link AuthenticationMethod#API_KEY}.
 *
 * <pre>{@code
 * ApiKeyStore store = new JdbcApiKeyStore(dataSource);
 * ApiKeyAuthenticator keys = ApiKeyAuthenticator.builder()
 *     .store(store)
 *     .prefixes("sk_live")
 *     .defaultRateLimit(ApiKeyRateLimit.of(100, Duration.ofSeconds(1)))
 *     .build();
 * AuthPrincipal caller = keys.authenticate(headerValue); // or throws AuthenticationException
 * }</pre>
 *
 * <p>Checks, in order: length, layout and CRC32 checksum, and an accepted prefix (all offline: a
 * mistyped or invented key never reaches the store); lookup by the public key id (cached); the
 * stored hash compared in constant time with the hash of the presented key; expiry; revocation;
 * rate limit. Then the principal carries the record's subject, tenant, scopes and roles, the key id
 * as {@code credentialId} and the expiry as {@code expiresAt}.
 *
 * <p><b>Cache and revocation bound.</b> Records are cached for {@link #DEFAULT_CACHE_TTL} (30 s) after
 * loading; unknown key ids are cached for {@link #DEFAULT_NEGATIVE_CACHE_TTL} (5 s), so repeating a
 * well-formed unknown key does not reach the store again. A revocation or rotation made through an
 * {@link ApiKeyIssuer} that {@linkplain ApiKeyIssuer.Builder#invalidates(ApiKeyAuthenticator) invalidates}
 * this authenticator is effective at once here; on every other instance it is effective at most one
 * cache TTL later. A cold verification makes one store query; a warm one makes none.
 *
 * <p><b>Last used.</b> Batched: successes are noted in memory and written with one
 * {@link ApiKeyStore#recordLastUsed} call per {@link #DEFAULT_LAST_USED_FLUSH_INTERVAL} (60 s), carried
 * by the first successful verification after the interval, and on {@link #flushLastUsed()} and
 * {@link #close()}. A failed flush is logged at WARN and retried with the next one. The instant is
 * kept to the second (the first success within a second stands for it), so concurrent requests with
 * one key do not all write the same in-memory entry.
 *
 * <p><b>Rate limits.</b> The record's own {@link ApiKeyRateLimit}, else {@link Builder#defaultRateLimit},
 * else none. Buckets are local to this instance unless a Bucket4j {@link ProxyManager} is given
 * ({@link Builder#rateLimitProxyManager}), which shares them between instances.
 *
 * <p>Immutable configuration, thread-safe after {@link Builder#build()}.
 */
public final class ApiKeyAuthenticator implements AutoCloseable {

  /** Default time a loaded record is cached, and so the revocation bound across instances: 30 seconds. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
  /** Largest allowed cache TTL: 5 minutes. */
  public static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);
  /** Default time an unknown key id is remembered as unknown: 5 seconds. */
  public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(5);
  /** Default number of cached key ids (known and unknown): 100,000. */
  public static final long DEFAULT_MAX_CACHE_SIZE = 100_000;
  /** Default interval between last-used flushes: 60 seconds. */
  public static final Duration DEFAULT_LAST_USED_FLUSH_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

  private final ApiKeyStore store;
  private final Set<String> prefixes;
  private final ApiKeyHashing hashing;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Duration negativeCacheTtl;
  private final @Nullable Cache<String, Optional<ApiKeyRecord>> records;
  private final @Nullable ApiKeyRateLimit defaultRateLimit;
  private final RateLimiter rateLimiter;
  private final boolean sharedBuckets;
  private final LastUsedBatcher lastUsed;
  private final EventPublisher events;

  private ApiKeyAuthenticator(Builder b) {
    this.store = requireNonNull(b.store);
    this.prefixes = Set.copyOf(b.prefixes);
    this.hashing = b.hashing == null ? ApiKeyHashing.sha256() : b.hashing;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.cacheTtl = b.cacheTtl == null ? DEFAULT_CACHE_TTL : b.cacheTtl;
    Duration negative = b.negativeCacheTtl == null ? DEFAULT_NEGATIVE_CACHE_TTL : b.negativeCacheTtl;
    this.negativeCacheTtl = negative.compareTo(cacheTtl) > 0 ? cacheTtl : negative;
    ClockTime time = new ClockTime(clock);
    this.records = cacheTtl.isZero() ? null : Caffeine.newBuilder()
        .ticker(time)
        .maximumSize(b.maxCacheSize == null ? DEFAULT_MAX_CACHE_SIZE : b.maxCacheSize)
        .expireAfter(new RecordExpiry(cacheTtl.toNanos(), negativeCacheTtl.toNanos()))
        .build();
    this.defaultRateLimit = b.defaultRateLimit;
    this.rateLimiter = new RateLimiter(b.proxyManager, time);
    this.sharedBuckets = b.proxyManager != null;
    this.lastUsed = new LastUsedBatcher(
        b.lastUsedFlushInterval == null ? DEFAULT_LAST_USED_FLUSH_INTERVAL : b.lastUsedFlushInterval,
        clock.instant(), store::recordLastUsed);
    this.events = new EventPublisher(b.listeners);
  }

  /** Returns the accepted key prefixes (without the trailing {@code _}); unmodifiable, never empty. */
  public Set<String> prefixes() {
    return prefixes;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies an API key and returns its caller.
   *
   * @param key the presented key, e.g. the value of the API-key header; may be null or anything at
   *     all (empty, blank, 10 KB, non-ASCII): every bad input ends in a typed rejection
   * @return the verified caller; never null
   * @throws CredentialRejectedException {@code INVALID_API_KEY} (bad length, layout, checksum or
   *     prefix; unknown key id; hash mismatch), {@code API_KEY_EXPIRED} (at or after its expiry,
   *     including the end of a rotation grace period), {@code REVOKED}, {@code RATE_LIMITED} (with
   *     {@link CredentialRejectedException#retryAfter()})
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE} when the store (or the shared
   *     rate-limit backend) cannot be reached; the key may be fine (503)
   */
  public AuthPrincipal authenticate(@Nullable String key) {
    String[] keyId = new String[1];
    try {
      AuthPrincipal principal = verify(key, keyId);
      if (events.hasListeners()) {
        events.publish(AuthEvent.builder(AuthEvent.Type.AUTHENTICATION_SUCCEEDED, clock.instant())
            .authenticationMethod(AuthenticationMethod.API_KEY)
            .subject(principal.subject())
            .keyId(keyId[0])
            .credentialFingerprint(Redaction.fingerprint(key))
            .build());
      }
      return principal;
    } catch (AuthenticationException failure) {
      reportFailure(key, keyId[0], failure);
      throw failure;
    } catch (RuntimeException unexpected) {
      CredentialRejectedException failure = new CredentialRejectedException(Reason.INVALID_API_KEY,
          "the API key could not be processed: " + unexpected.getClass().getName());
      reportFailure(key, keyId[0], failure);
      throw failure;
    }
  }

  /**
   * Drops a key id from this instance's cache, so the next verification reads the store. Called by
   * {@link ApiKeyIssuer} on revocation and rotation for the authenticators it notifies.
   *
   * @param keyId any string; unknown ids are ignored
   */
  public void invalidate(String keyId) {
    if (records != null) {
      records.invalidate(requireNonNull(keyId, "keyId"));
    }
  }

  /**
   * Writes pending last-used times to the store now.
   *
   * @throws VerificationUnavailableException never: a failure is logged and retried with the next flush
   */
  public void flushLastUsed() {
    lastUsed.flush();
  }

  /** Flushes pending last-used times. The authenticator stays usable. Idempotent. */
  @Override
  public void close() {
    lastUsed.flush();
  }

  /** Returns the cache TTL, which bounds how long a revocation takes to reach this instance; never null. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  @Override
  public String toString() {
    return "ApiKeyAuthenticator[prefixes=" + prefixes + ", " + hashing + ", cacheTtl=" + cacheTtl
        + ", negativeCacheTtl=" + negativeCacheTtl + ", defaultRateLimit=" + defaultRateLimit
        + ", sharedBuckets=" + sharedBuckets + ", store=" + store.getClass().getSimpleName() + "]";
  }

  private AuthPrincipal verify(@Nullable String key, String[] keyIdOut) {
    if (key == null || key.isEmpty()) {
      throw reject(Reason.INVALID_API_KEY, "no API key");
    }
    if (key.length() > ApiKeyFormat.MAX_KEY_LENGTH) {
      throw reject(Reason.INVALID_API_KEY, "the API key is longer than " + ApiKeyFormat.MAX_KEY_LENGTH + " characters");
    }
    ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key);
    if (parsed == null) {
      throw reject(Reason.INVALID_API_KEY, "the API key is not in the key format or its checksum is wrong");
    }
    if (!prefixes.contains(parsed.prefix())) {
      throw reject(Reason.INVALID_API_KEY, "the API key's prefix is not accepted here");
    }
    String keyId = parsed.keyId();
    keyIdOut[0] = keyId;
    ApiKeyRecord record = lookup(keyId).orElseThrow(() -> reject(Reason.INVALID_API_KEY, "unknown API key id"));
    // The secret is never a lookup key: the record is found by its public id, then the hashes are
    // compared in constant time (BR-26).
    if (!hashing.matches(key, record.secretHashUnsafe()) || !record.prefix().equals(parsed.prefix())) {
      throw reject(Reason.INVALID_API_KEY, "the API key does not match its stored hash");
    }
    Instant now = clock.instant();
    if (record.expiresAt().isPresent() && !now.isBefore(record.expiresAt().get())) {
      throw reject(Reason.API_KEY_EXPIRED, "the API key expired");
    }
    if (record.revokedAt().isPresent()) {
      throw reject(Reason.REVOKED, "the API key is revoked");
    }
    ApiKeyRateLimit limit = record.rateLimit().orElse(defaultRateLimit);
    if (limit != null) {
      long waitNanos = consume(keyId, limit);
      if (waitNanos != RateLimiter.ALLOWED) {
        throw new CredentialRejectedException(Reason.RATE_LIMITED, "the API key is over its rate limit of " + limit,
            Duration.ofNanos(waitNanos));
      }
    }
    lastUsed.record(keyId, now);
    PrincipalFields fields = new PrincipalFields();
    fields.subject = record.subject();
    fields.tenant = record.tenant().orElse(null);
    fields.scopes = record.scopes();
    fields.roles = record.roles();
    fields.authenticationMethod = AuthenticationMethod.API_KEY;
    fields.credentialId = keyId;
    fields.expiresAt = record.expiresAt().orElse(null);
    return Principals.create(fields);
  }

  private Optional<ApiKeyRecord> lookup(String keyId) {
    if (records == null) {
      return load(keyId);
    }
    // A hit without Caffeine's per-hit writes, so threads using one key scale (see CacheReads); a
    // miss loads once for all threads asking for the same key (single flight).
    Optional<ApiKeyRecord> found = CacheReads.get(records, keyId);
    if (found == null) {
      found = records.get(keyId, this::load);
    }
    return requireNonNull(found);
  }

  private Optional<ApiKeyRecord> load(String keyId) {
    Optional<ApiKeyRecord> found;
    try {
      found = store.find(keyId);
    } catch (VerificationUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new VerificationUnavailableException(Reason.STORE_UNAVAILABLE,
          "the API-key store failed: " + e.getClass().getName());
    }
    if (found == null || found.isPresent() && !found.get().keyId().equals(keyId)) {
      throw new VerificationUnavailableException(Reason.STORE_UNAVAILABLE,
          "the API-key store returned an inconsistent answer for a key id");
    }
    return found;
  }

  private long consume(String keyId, ApiKeyRateLimit limit) {
    try {
      return rateLimiter.tryConsume(keyId, limit.capacity(), limit.period());
    } catch (RuntimeException e) {
      throw new VerificationUnavailableException(Reason.STORE_UNAVAILABLE,
          "the rate-limit backend failed: " + e.getClass().getName());
    }
  }

  private void reportFailure(@Nullable String key, @Nullable String keyId, AuthenticationException failure) {
    boolean debug = LOG.isDebugEnabled();
    if (!debug && !events.hasListeners()) {
      return;
    }
    String fingerprint = fingerprint(key);
    if (debug) {
      LOG.debug("API key rejected: {} ({}) keyId={} credential={}", failure.reason(), failure.getMessage(),
          keyId == null ? "-" : keyId, fingerprint);
    }
    if (events.hasListeners()) {
      boolean unavailable = failure instanceof VerificationUnavailableException;
      events.publish(AuthEvent.builder(unavailable ? AuthEvent.Type.VERIFICATION_UNAVAILABLE
              : AuthEvent.Type.AUTHENTICATION_FAILED, clock.instant())
          .severity(unavailable ? AuthEvent.Severity.WARNING : AuthEvent.Severity.INFO)
          .reason(failure.reason())
          .authenticationMethod(AuthenticationMethod.API_KEY)
          .keyId(keyId)
          .credentialFingerprint(fingerprint)
          .detail(failure.getMessage())
          .build());
    }
  }

  private static String fingerprint(@Nullable String key) {
    return Redaction.fingerprint(key, ApiKeyFormat.MAX_KEY_LENGTH);
  }

  private static CredentialRejectedException reject(Reason reason, String message) {
    return new CredentialRejectedException(reason, message);
  }

  /** Known records live for the cache TTL, unknown ids for the negative TTL; reads do not extend either. */
  private static final class RecordExpiry implements Expiry<String, Optional<ApiKeyRecord>> {
    private final long positiveNanos;
    private final long negativeNanos;

    RecordExpiry(long positiveNanos, long negativeNanos) {
      this.positiveNanos = positiveNanos;
      this.negativeNanos = negativeNanos;
    }

    @Override
    public long expireAfterCreate(String key, Optional<ApiKeyRecord> value, long currentTime) {
      return value.isPresent() ? positiveNanos : negativeNanos;
    }

    @Override
    public long expireAfterUpdate(String key, Optional<ApiKeyRecord> value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Optional<ApiKeyRecord> value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Configures an {@link ApiKeyAuthenticator}; each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable ApiKeyStore store;
    private final Set<String> prefixes = new LinkedHashSet<>();
    private @Nullable ApiKeyHashing hashing;
    private @Nullable Clock clock;
    private @Nullable Duration cacheTtl;
    private @Nullable Duration negativeCacheTtl;
    private @Nullable Long maxCacheSize;
    private @Nullable ApiKeyRateLimit defaultRateLimit;
    private @Nullable ProxyManager<String> proxyManager;
    private @Nullable Duration lastUsedFlushInterval;
    private final List<AuthEventListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets where records are looked up. Required.
     *
     * @param value not null
     * @return this builder
     */
    public Builder store(ApiKeyStore value) {
      checkUnset(store, "store");
      this.store = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the accepted key prefixes, e.g. {@code "sk_live"}; a key with another prefix is
     * {@code INVALID_API_KEY} without a store lookup. Required.
     *
     * @param values one or more prefixes: letters, digits and {@code _}, starting with a letter, not
     *     ending with {@code _}, at most 32 characters
     * @return this builder
     * @throws IllegalArgumentException if a prefix is invalid or none is given
     */
    public Builder prefixes(String... values) {
      checkUnset(!prefixes.isEmpty(), "prefixes");
      requireNonNull(values, "values");
      if (values.length == 0) {
        throw new IllegalArgumentException("at least one prefix is required");
      }
      for (String value : values) {
        if (!ApiKeyFormat.isValidPrefix(value)) {
          throw new IllegalArgumentException("invalid prefix: must be 1-32 characters of [A-Za-z0-9_], starting with a"
              + " letter and not ending with '_'");
        }
        prefixes.add(value);
      }
      return this;
    }

    /**
     * Sets how keys are hashed; must be the issuer's. Default {@link ApiKeyHashing#sha256()}.
     *
     * @param value not null
     * @return this builder
     */
    public Builder hashing(ApiKeyHashing value) {
      checkUnset(hashing, "hashing");
      this.hashing = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the time source for expiry, caches, buckets and events. Default {@link Clock#systemUTC()}.
     *
     * @param value not null
     * @return this builder
     */
    public Builder clock(Clock value) {
      checkUnset(clock, "clock");
      this.clock = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how long a loaded record is cached; this bounds how long a revocation made on another
     * instance takes to reach this one. Zero disables the cache (one store query per verification).
     * Default 30 seconds.
     *
     * @param value from zero to 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if negative or over 5 minutes
     */
    public Builder cacheTtl(Duration value) {
      checkUnset(cacheTtl, "cacheTtl");
      this.cacheTtl = range(value, "cacheTtl");
      return this;
    }

    /**
     * Sets how long an unknown key id is remembered as unknown, so a repeated well-formed unknown
     * key does not reach the store; capped at the cache TTL. A key issued on another instance can be
     * refused for this long if it was presented before it existed. Default 5 seconds.
     *
     * @param value from zero to 5 minutes
     * @return this builder
     */
    public Builder negativeCacheTtl(Duration value) {
      checkUnset(negativeCacheTtl, "negativeCacheTtl");
      this.negativeCacheTtl = range(value, "negativeCacheTtl");
      return this;
    }

    /**
     * Sets how many key ids (known and unknown) the cache holds. Default 100,000.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxCacheSize(long value) {
      checkUnset(maxCacheSize, "maxCacheSize");
      if (value < 1) {
        throw new IllegalArgumentException("maxCacheSize must be at least 1, was " + value);
      }
      this.maxCacheSize = value;
      return this;
    }

    /**
     * Sets the rate limit for keys whose record has none. Default: no limit.
     *
     * @param value not null
     * @return this builder
     */
    public Builder defaultRateLimit(ApiKeyRateLimit value) {
      checkUnset(defaultRateLimit, "defaultRateLimit");
      this.defaultRateLimit = requireNonNull(value, "value");
      return this;
    }

    /**
     * Shares rate-limit buckets between instances through a Bucket4j {@link ProxyManager} keyed by
     * the API key id, e.g. the PostgreSQL one:
     * {@code Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).primaryKeyMapper(PrimaryKeyMapper.STRING)
     * .table("authkit_rate_limit_bucket").build()} (table in the shipped PostgreSQL DDL). Each
     * limited verification then makes one round trip to that backend. Default: local buckets.
     *
     * @param value not null
     * @return this builder
     */
    public Builder rateLimitProxyManager(ProxyManager<String> value) {
      checkUnset(proxyManager, "rateLimitProxyManager");
      this.proxyManager = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets how often last-used times are written to the store (batched). Default 60 seconds.
     *
     * @param value from 1 second to 1 day
     * @return this builder
     */
    public Builder lastUsedFlushInterval(Duration value) {
      checkUnset(lastUsedFlushInterval, "lastUsedFlushInterval");
      requireNonNull(value, "value");
      if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("lastUsedFlushInterval must be between 1 s and 1 day, was " + value);
      }
      this.lastUsedFlushInterval = value;
      return this;
    }

    /**
     * Adds a listener for {@link AuthEvent}s; may be called more than once.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder addEventListener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @return an immutable, thread-safe authenticator
     * @throws IllegalStateException naming every missing item (store, prefixes)
     */
    public ApiKeyAuthenticator build() {
      List<String> missing = new ArrayList<>();
      if (store == null) {
        missing.add("store must be configured: call store(..)");
      }
      if (prefixes.isEmpty()) {
        missing.add("prefixes must be configured: call prefixes(..)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("ApiKeyAuthenticator is incomplete: " + String.join("; ", missing));
      }
      return new ApiKeyAuthenticator(this);
    }

    private static Duration range(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isNegative() || value.compareTo(MAX_CACHE_TTL) > 0) {
        throw new IllegalArgumentException(name + " must be between 0 and " + MAX_CACHE_TTL + ", was " + value);
      }
      return value;
    }
  }
}
