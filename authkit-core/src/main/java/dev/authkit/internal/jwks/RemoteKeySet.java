package dev.authkit.internal.jwks;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.AuthEvent;
import dev.authkit.AuthEventListener;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.EventPublisher;
import dev.authkit.internal.Redaction;
import dev.authkit.internal.jwt.VettedKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code JwkSetSource}: one remote JWK set, fetched on authkit's own threads and
 * kept in a Caffeine cache whose ticker reads the injected {@link Clock}. Thread-safe.
 *
 * <p>Policy (see {@code docs/architecture.md}, "JWK sets"): lifetime from {@code Cache-Control}
 * clamped to [min, max]; refresh ahead from 80% of the lifetime, in the background; a set past its
 * lifetime is refreshed while the caller waits (bounded) unless the previous fetch failed, in which
 * case the stale set is served at once; after a failed fetch the next attempt waits for the
 * cool-down; the last good set is served until {@code expiresAt + maxStale}; an unknown {@code kid}
 * refreshes at most once per cool-down, single-flight, and a {@code kid} still unknown after a
 * refresh is remembered until the next successful fetch.
 */
public final class RemoteKeySet implements AutoCloseable {

  /** Everything the builder configured. */
  public record Config(@Nullable URI jwksUri, @Nullable String issuer, boolean allowHttpOnLoopback,
      Duration connectTimeout, Duration responseTimeout, int maxResponseSize, @Nullable SSLContext sslContext,
      Clock clock, Duration defaultTimeToLive, Duration minTimeToLive, Duration maxTimeToLive,
      Duration refreshCooldown, Duration maxStale, List<AuthEventListener> listeners) {}

  /** A health snapshot. */
  public record State(@Nullable Instant lastSuccessfulFetch, int keyCount, @Nullable String lastError,
      @Nullable Instant lastErrorAt, @Nullable URI jwksUri, long fetchAttempts) {}

  private record Fetched(URI uri, HttpFetcher.Response response) {}

  private record UnknownKeyRefresh(Instant startedAt, CompletableFuture<CachedKeySet> result) {}

  private static final Logger LOG = LoggerFactory.getLogger("dev.authkit.jwt.JwkSetSource");
  private static final String KEY = "jwks";
  private static final int MAX_REMEMBERED_UNKNOWN_KEY_IDS = 10_000;
  /** A server's Retry-After is honoured up to this long. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final Config config;
  private final Clock clock;
  private final String label;
  private final EventPublisher events;
  private final ThreadPoolExecutor executor;
  private final HttpFetcher http;
  private final AsyncLoadingCache<String, CachedKeySet> cache;
  private final Cache<String, Boolean> unknownKeyIds;
  private final Duration awaitLimit;
  private final AtomicReference<@Nullable CompletableFuture<CachedKeySet>> inFlight = new AtomicReference<>();
  private final AtomicReference<@Nullable UnknownKeyRefresh> unknownKeyRefresh = new AtomicReference<>();
  private final AtomicLong fetchAttempts = new AtomicLong();
  private volatile @Nullable Instant lastFailureAt;
  private volatile @Nullable Instant nextRetryAt;
  private volatile @Nullable URI discoveredJwksUri;
  private volatile @Nullable Instant lastSuccessfulFetch;
  private volatile int keyCount;
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant lastErrorAt;
  private volatile boolean closed;

  public RemoteKeySet(Config config) {
    this.config = config;
    this.clock = config.clock();
    this.label = config.jwksUri() != null ? Redaction.url(config.jwksUri()) : "issuer " + config.issuer();
    this.events = new EventPublisher(config.listeners());
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "authkit-jwks-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    this.http = new HttpFetcher(executor, config.connectTimeout(), config.responseTimeout(),
        config.maxResponseSize(), config.sslContext(), config.allowHttpOnLoopback());
    // Discovery may take two requests before the JWK set itself; each has its own deadline.
    this.awaitLimit = config.responseTimeout().multipliedBy(3).plusSeconds(1);
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.cache = Caffeine.newBuilder()
        .executor(executor)
        .ticker(ticker)
        .expireAfter(new EvictAt())
        .buildAsync(new Loader());
    this.unknownKeyIds = Caffeine.newBuilder()
        .maximumSize(MAX_REMEMBERED_UNKNOWN_KEY_IDS)
        .executor(Runnable::run)
        .build();
  }

  /** Returns the current set; see the class comment for when this waits. */
  public JWKSet keys() {
    return current().keys();
  }

  /** Returns the set to search again after a token named a key the current set lacks. */
  public JWKSet keysAfterUnknownKey(@Nullable String keyId) {
    CachedKeySet entry = current();
    JWKSet keys = entry.keys();
    if (keyId != null && unknownKeyIds.getIfPresent(keyId) != null) {
      return keys;
    }
    CompletableFuture<CachedKeySet> pending;
    while (true) {
      Instant now = clock.instant();
      UnknownKeyRefresh last = unknownKeyRefresh.get();
      if (!retryAllowed(now)) {
        // The last fetch failed moments ago (or the server asked to wait): no new attempt yet.
        return keys;
      }
      if (last != null && now.isBefore(last.startedAt().plus(config.refreshCooldown()))) {
        if (last.result().isDone()) {
          // Cool-down: the set refreshed for an earlier unknown kid is what the cache holds now.
          return keys;
        }
        pending = last.result();
        break;
      }
      CompletableFuture<CachedKeySet> mine = new CompletableFuture<>();
      if (unknownKeyRefresh.compareAndSet(last, new UnknownKeyRefresh(now, mine))) {
        refresh().whenComplete((value, failure) -> {
          if (failure != null) {
            mine.completeExceptionally(failure);
          } else {
            mine.complete(value);
          }
        });
        pending = mine;
        break;
      }
    }
    CachedKeySet refreshed = awaitQuietly(pending);
    if (refreshed == null || refreshed.keys() == null) {
      return keys;
    }
    JWKSet result = refreshed.keys();
    if (keyId != null && result.getKeyByKeyId(keyId) == null) {
      unknownKeyIds.put(keyId, Boolean.TRUE);
    }
    return result;
  }

  /** Fetches now if nothing is cached, waiting (bounded); never throws for a failed fetch. */
  public State warmUp() {
    try {
      current();
    } catch (VerificationUnavailableException notYet) {
      // The failure is in the state; a readiness check reads it from there.
    }
    return state();
  }

  /** Returns a snapshot for metrics and readiness checks. */
  public State state() {
    return new State(lastSuccessfulFetch, keyCount, lastError, lastErrorAt,
        config.jwksUri() != null ? config.jwksUri() : discoveredJwksUri, fetchAttempts.get());
  }

  /** Stops authkit's fetch threads; later calls fail with {@code KEYS_UNAVAILABLE}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }

  public String label() {
    return label;
  }

  private CachedKeySet current() {
    if (closed) {
      throw unavailable("the JWK set source is closed");
    }
    CachedKeySet entry = await(cache.get(KEY));
    if (entry.keys() == null) {
      throw unavailable("no JWK set could be fetched from " + label + ": " + entry.error());
    }
    Instant now = clock.instant();
    if (!now.isBefore(entry.expiresAt())) {
      if (lastFailureAt == null) {
        // Past its lifetime with no failure on record (e.g. after an idle period): wait for the
        // new set, so a key removed meanwhile does not verify; on failure the stale set is served.
        CachedKeySet refreshed = awaitQuietly(refresh());
        if (refreshed != null && refreshed.keys() != null) {
          entry = refreshed;
        }
      } else if (retryAllowed(now)) {
        refresh();
      }
    } else if (!now.isBefore(entry.refreshAt()) && retryAllowed(now)) {
      refresh();
    }
    return entry;
  }

  private boolean retryAllowed(Instant now) {
    Instant retryAt = nextRetryAt;
    return retryAt == null || !now.isBefore(retryAt);
  }

  /** Starts a refresh, or joins the one in flight (single-flight). */
  private CompletableFuture<CachedKeySet> refresh() {
    while (true) {
      CompletableFuture<CachedKeySet> current = inFlight.get();
      if (current != null && !current.isDone()) {
        return current;
      }
      CompletableFuture<CachedKeySet> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(current, mine)) {
        try {
          cache.synchronous().refresh(KEY).whenComplete((value, failure) -> {
            if (failure != null) {
              mine.completeExceptionally(failure);
            } else {
              mine.complete(value);
            }
          });
        } catch (RuntimeException rejected) {
          mine.completeExceptionally(rejected);
        }
        return mine;
      }
    }
  }

  private CachedKeySet await(CompletableFuture<CachedKeySet> future) {
    try {
      return future.get(awaitLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unavailable("fetching the JWK set from " + label + " did not finish within " + awaitLimit.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for the JWK set from " + label);
    } catch (ExecutionException | CompletionException e) {
      throw unavailable("fetching the JWK set from " + label + " failed: " + e.getCause().getClass().getName());
    }
  }

  private @Nullable CachedKeySet awaitQuietly(CompletableFuture<CachedKeySet> future) {
    try {
      return await(future);
    } catch (VerificationUnavailableException e) {
      return null;
    }
  }

  private static VerificationUnavailableException unavailable(String message) {
    return new VerificationUnavailableException(Reason.KEYS_UNAVAILABLE, message);
  }

  private CompletableFuture<CachedKeySet> fetch(@Nullable CachedKeySet old) {
    if (closed) {
      return CompletableFuture.completedFuture(old != null ? old
          : CachedKeySet.failed("closed", clock.instant(), clock.instant().plus(config.refreshCooldown())));
    }
    fetchAttempts.incrementAndGet();
    // A set's age counts from the request, not the answer (RFC 9111 §4.2.3), so a slow answer
    // cannot make an old set look fresh.
    Instant requestedAt = clock.instant();
    CompletableFuture<URI> location;
    URI known = config.jwksUri() != null ? config.jwksUri() : discoveredJwksUri;
    if (known != null) {
      location = CompletableFuture.completedFuture(known);
    } else {
      location = Discovery.jwksUri(http, String.valueOf(config.issuer()), config.allowHttpOnLoopback())
          .thenApply(uri -> {
            discoveredJwksUri = uri;
            LOG.info("Discovered jwks_uri {} for issuer {}", Redaction.url(uri), config.issuer());
            return uri;
          });
    }
    return location.thenCompose(uri -> http.get(uri).thenApply(response -> new Fetched(uri, response)))
        .handle((fetched, failure) -> {
          if (failure != null) {
            return failed(old, message(failure), retryAfter(failure), clock.instant());
          }
          try {
            return succeeded(old, KeySetDocument.parse(fetched.response().body()),
                CacheControl.maxAge(fetched.response().headers()), requestedAt);
          } catch (FetchException e) {
            return failed(old, "GET " + Redaction.url(fetched.uri()) + ": " + e.getMessage(), null, clock.instant());
          } catch (RuntimeException e) {
            // A library fault on hostile input is a failed fetch like any other, never a lost entry.
            return failed(old, "GET " + Redaction.url(fetched.uri()) + ": the body could not be processed ("
                + e.getClass().getName() + ")", null, clock.instant());
          }
        });
  }

  private static @Nullable Duration retryAfter(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof FetchException ? ((FetchException) cause).retryAfter().orElse(null) : null;
  }

  private static String message(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof FetchException ? cause.getMessage() : "failed: " + cause.getClass().getName();
  }

  private CachedKeySet succeeded(@Nullable CachedKeySet old, KeySetDocument.Parsed parsed,
      Optional<Duration> maxAge, Instant requestedAt) {
    Instant now = clock.instant();
    Duration ttl = clamp(maxAge.orElse(config.defaultTimeToLive()));
    boolean unchanged = old != null && old.keys() != null && Arrays.equals(old.digest(), parsed.digest());
    JWKSet keys;
    int usable;
    if (unchanged) {
      // Same document: keep the same instance, so the authenticator does not vet (and warn) again.
      keys = old.keys();
      usable = old.usableKeys();
    } else {
      keys = parsed.keys();
      // The authenticator vets again and reports each refused key; here only the count is needed.
      usable = VettedKeys.vet(keys, (key, rejection) -> { }).size();
      for (KeySetDocument.Dropped dropped : parsed.dropped()) {
        LOG.warn("Key {} of the JWK set at {} dropped: {}", dropped.keyId() == null ? "(no kid)" : dropped.keyId(),
            label, dropped.why());
        events.publish(AuthEvent.builder(AuthEvent.Type.KEY_REJECTED, now)
            .severity(dropped.severity())
            .reason(Reason.KEY_REJECTED)
            .issuer(config.issuer())
            .keyId(dropped.keyId())
            .detail(dropped.why())
            .build());
      }
    }
    CachedKeySet entry = CachedKeySet.good(keys, parsed.digest(), usable, requestedAt, ttl, config.maxStale());
    lastFailureAt = null;
    nextRetryAt = null;
    lastSuccessfulFetch = now;
    keyCount = usable;
    unknownKeyIds.invalidateAll();
    if (unchanged) {
      LOG.debug("JWK set at {} unchanged; cached for {}", label, ttl);
    } else {
      String detail = keys.size() + " keys (" + usable + " usable) from " + label + ", cached for " + ttl;
      if (usable == 0) {
        LOG.warn("JWK set refreshed with no usable key: {}", detail);
      } else {
        LOG.info("JWK set refreshed: {}", detail);
      }
      events.publish(AuthEvent.builder(AuthEvent.Type.KEY_SET_REFRESHED, now)
          .severity(usable == 0 ? AuthEvent.Severity.WARNING : AuthEvent.Severity.INFO)
          .issuer(config.issuer())
          .detail(detail)
          .build());
    }
    return entry;
  }

  private CachedKeySet failed(@Nullable CachedKeySet old, String error, @Nullable Duration retryAfter, Instant now) {
    Duration wait = config.refreshCooldown();
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
    Instant retryAt = now.plus(wait);
    lastFailureAt = now;
    nextRetryAt = retryAt;
    lastError = error;
    lastErrorAt = now;
    String serving = old == null || old.keys() == null ? "no key set to serve"
        : "serving the set fetched at " + old.fetchedAt() + " until " + old.evictAt();
    LOG.warn("JWK set fetch failed ({}): {}", serving, error);
    events.publish(AuthEvent.builder(AuthEvent.Type.KEY_SET_FETCH_FAILED, now)
        .severity(AuthEvent.Severity.WARNING)
        .reason(Reason.KEYS_UNAVAILABLE)
        .issuer(config.issuer())
        .detail(error + "; " + serving)
        .build());
    if (old != null && old.keys() != null) {
      return old;
    }
    return CachedKeySet.failed(error, now, retryAt);
  }

  private Duration clamp(Duration ttl) {
    if (ttl.compareTo(config.minTimeToLive()) < 0) {
      return config.minTimeToLive();
    }
    return ttl.compareTo(config.maxTimeToLive()) > 0 ? config.maxTimeToLive() : ttl;
  }

  @Override
  public String toString() {
    return "RemoteKeySet[" + label + "]";
  }

  /** Caffeine loader: a fetch never completes exceptionally, so Caffeine never logs or drops on its own. */
  private final class Loader implements AsyncCacheLoader<String, CachedKeySet> {
    @Override
    public CompletableFuture<CachedKeySet> asyncLoad(String key, Executor executor) {
      return fetch(null);
    }

    @Override
    public CompletableFuture<CachedKeySet> asyncReload(String key, CachedKeySet old, Executor executor) {
      return fetch(old);
    }
  }

  /** Each entry lives until its own instant: a good set until {@code expiresAt + maxStale}, a failure until retry. */
  private static final class EvictAt implements Expiry<String, CachedKeySet> {
    private long until(CachedKeySet value, long currentTime) {
      Instant at = value.evictAt();
      long target = at.getEpochSecond() * 1_000_000_000L + at.getNano();
      return Math.max(0, target - currentTime);
    }

    @Override
    public long expireAfterCreate(String key, CachedKeySet value, long currentTime) {
      return until(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, CachedKeySet value, long currentTime, long currentDuration) {
      return until(value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, CachedKeySet value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
