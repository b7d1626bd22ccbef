package dev.authkit.jwt;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.AuthEventListener;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.jwks.HttpFetcher;
import dev.authkit.internal.jwks.RemoteKeySet;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * An issuer's keys fetched from its JWK set URL ({@code jwks_uri}, RFC 7517 §5, RFC 8414 §2), or
 * found through discovery from the issuer URL, and cached with a fixed policy.
 *
 * <pre>{@code
 * JwkSetSource keys = JwkSetSource.fromIssuer("https://login.example.com").build();
 * keys.warmUp(); // optional: the first request then does not wait for the fetch
 *
 * JwtAuthenticator authenticator = JwtAuthenticator.builder()
 *     .issuer("https://login.example.com")
 *     .audience("api://orders")
 *     .keySource(keys)
 *     .build();
 * }</pre>
 *
 * <h2>Fetching</h2>
 * HTTPS only (plain {@code http://} only to a loopback host after
 * {@link Builder#insecureAllowHttpOnLoopback()}); connect timeout (default 2 s); a deadline for the
 * whole response, body included (default 5 s); a size cap enforced while the body streams in
 * (default 512 KiB); no redirects: any 3xx is a failure. Fetches run on daemon threads named
 * {@code authkit-jwks-*} that this source owns and {@link #close()} stops. Headers {@code jku},
 * {@code x5u}, {@code jwk} and {@code x5c} of tokens are never used: keys come only from the
 * configured URL (DESIGN decision 3).
 *
 * <h2>Discovery</h2>
 * {@link #fromIssuer(String)} reads {@code <issuer>/.well-known/openid-configuration} (OpenID
 * Connect Discovery 1.0 §4), and on a 4xx answer
 * {@code https://<host>/.well-known/oauth-authorization-server<path>} (RFC 8414 §3.1). The
 * document's {@code issuer} must equal the configured issuer exactly (trailing slash included),
 * and its {@code jwks_uri} obeys the HTTPS rule. Only {@code issuer} and {@code jwks_uri} are read:
 * algorithms are never taken from metadata. Discovery happens with the first fetch (not in
 * {@code build()}, so an application starts while its issuer is down) and its result is kept for
 * the life of the source.
 *
 * <h2>Caching</h2>
 * <ul>
 *   <li>Lifetime from {@code Cache-Control: max-age} (RFC 9111 §5.2.2.1), clamped to [1 min, 24 h];
 *       {@code no-store}/{@code no-cache} count as 0 and so give 1 min; 5 min without the header.
 *   <li>From 80% of the lifetime, a request starts a background refresh and does not wait for it.
 *       A request arriving after the lifetime (e.g. after an idle period) waits for the refresh,
 *       bounded by the deadline, unless the previous fetch failed.
 *   <li>A token whose {@code kid} the set lacks causes at most one refresh per cool-down (default
 *       30 s), and only one fetch is in flight at a time: concurrent callers wait for the same one.
 *       A {@code kid} still unknown after a refresh is remembered, without further fetches, until
 *       the next successful fetch.
 *   <li>When a fetch fails (refused, timed out, non-200, 3xx, not a JWK set, over the size cap), the
 *       last good set is served until {@code maxStale} (default 24 h) past its lifetime; after that,
 *       and before any successful fetch, {@link #keys()} throws {@code KEYS_UNAVAILABLE}. After a
 *       failure the next attempt waits for the cool-down.
 *   <li>A new set replaces the old one entirely when fetched: a removed key stops verifying at once.
 *       A valid but empty set ({@code {"keys":[]}}) also replaces it (see {@code docs/architecture.md}).
 * </ul>
 * Every key is then vetted by {@link JwtAuthenticator} (private, {@code oct}, weak RSA, off-curve,
 * non-signing keys are refused one by one); a key Nimbus cannot parse at all is dropped here alone,
 * with a {@code KEY_REJECTED} event, and never breaks the rest of the set.
 *
 * <h2>Events</h2>
 * Listeners added with {@link Builder#addEventListener} receive {@code KEY_SET_REFRESHED} when a
 * changed set is stored (severity WARNING when it has no usable key), {@code KEY_SET_FETCH_FAILED}
 * (reason {@code KEYS_UNAVAILABLE}) on each failed fetch, and {@code KEY_REJECTED} for unparseable keys.
 *
 * <p>Immutable configuration; thread-safe.
 */
public final class JwkSetSource implements KeySource {

  /** Default connect timeout: 2 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Default deadline for the whole response, body included: 5 seconds. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  /** Default size cap of a response body: 512 KiB (524,288 bytes). */
  public static final int DEFAULT_MAX_RESPONSE_SIZE = 512 * 1024;
  /** Default lifetime of a set served without {@code Cache-Control: max-age}: 5 minutes. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(5);
  /** Shortest lifetime, whatever {@code Cache-Control} says: 1 minute. */
  public static final Duration MIN_TIME_TO_LIVE = Duration.ofMinutes(1);
  /** Longest lifetime, whatever {@code Cache-Control} says: 24 hours. */
  public static final Duration MAX_TIME_TO_LIVE = Duration.ofHours(24);
  /** Default cool-down between refreshes for unknown {@code kid}s and after failures: 30 seconds. */
  public static final Duration DEFAULT_REFRESH_COOLDOWN = Duration.ofSeconds(30);
  /** Default time the last good set is served past its lifetime while fetches fail: 24 hours. */
  public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);

  private final RemoteKeySet remote;

  private JwkSetSource(RemoteKeySet remote) {
    this.remote = remote;
  }

  /**
   * Starts a source for a known JWK set URL.
   *
   * @param jwksUri the absolute {@code https://} URL of the JWK set (the issuer's {@code jwks_uri});
   *     not null
   * @return a builder
   * @throws NullPointerException if {@code jwksUri} is null
   */
  public static Builder fromJwksUri(URI jwksUri) {
    return new Builder(requireNonNull(jwksUri, "jwksUri"), null);
  }

  /**
   * Starts a source that finds the JWK set URL through discovery (OpenID Connect Discovery 1.0 §4,
   * then RFC 8414 §3).
   *
   * @param issuer the exact issuer identifier, e.g. {@code "https://login.example.com"} (the value
   *     of {@code iss}); an absolute {@code https://} URL without query or fragment; not null
   * @return a builder
   * @throws IllegalArgumentException if {@code issuer} is not such a URL
   */
  public static Builder fromIssuer(String issuer) {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer must be a non-blank URL, e.g. \"https://login.example.com\"");
    }
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("issuer is not a URL: " + e.getMessage(), e);
    }
    if (!uri.isAbsolute() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("issuer must be an absolute URL without query or fragment (RFC 8414 §2)");
    }
    return new Builder(null, issuer);
  }

  /**
   * Returns the current JWK set. Waits (bounded by the deadline) only when nothing usable is cached
   * yet or the set is past its lifetime with no failure on record; otherwise returns at once.
   *
   * @return the last good set; never null, may be empty
   * @throws VerificationUnavailableException {@code KEYS_UNAVAILABLE} when no set was ever fetched,
   *     the last good one is more than max-stale past its lifetime, or the source is closed
   */
  @Override
  public JWKSet keys() {
    return remote.keys();
  }

  /**
   * Refreshes for a token whose key the current set lacks, at most once per cool-down and
   * single-flight; see the class comment.
   *
   * @param keyId the token's {@code kid}, or null; used only as a cache key, never in a URL
   * @return the set to search again; never null
   * @throws VerificationUnavailableException as {@link #keys()}
   */
  @Override
  public JWKSet keysAfterUnknownKey(@Nullable String keyId) {
    return remote.keysAfterUnknownKey(keyId);
  }

  /**
   * Fetches the set now, if nothing is cached, so the first request does not pay for it. Waits for
   * the fetch (bounded by the deadlines); never throws on failure: the returned health says.
   *
   * @return the health after the attempt
   */
  public JwkSetHealth warmUp() {
    remote.warmUp();
    return health();
  }

  /**
   * Returns a snapshot of the last successful fetch, usable key count and last error.
   *
   * @return the snapshot; never null
   */
  public JwkSetHealth health() {
    RemoteKeySet.State state = remote.state();
    return new JwkSetHealth(state.lastSuccessfulFetch(), state.keyCount(), state.lastError(), state.lastErrorAt(),
        state.jwksUri(), state.fetchAttempts());
  }

  /** Stops the fetch threads; afterwards {@link #keys()} throws {@code KEYS_UNAVAILABLE}. Idempotent. */
  @Override
  public void close() {
    remote.close();
  }

  @Override
  public String toString() {
    return "JwkSetSource[" + remote.label() + "]";
  }

  /**
   * Configures a {@link JwkSetSource}. Each option may be set once (a second call throws
   * {@link IllegalStateException}); {@link #addEventListener} adds. Not thread-safe.
   */
  public static final class Builder {
    private final @Nullable URI jwksUri;
    private final @Nullable String issuer;
    private boolean allowHttpOnLoopback;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration responseTimeout;
    private @Nullable Integer maxResponseSize;
    private @Nullable SSLContext sslContext;
    private @Nullable Clock clock;
    private @Nullable Duration defaultTimeToLive;
    private @Nullable Duration refreshCooldown;
    private @Nullable Duration maxStale;
    private final List<AuthEventListener> listeners = new ArrayList<>();

    private Builder(@Nullable URI jwksUri, @Nullable String issuer) {
      this.jwksUri = jwksUri;
      this.issuer = issuer;
    }

    /**
     * Allows plain {@code http://} to a loopback host ({@code localhost}, {@code 127.0.0.0/8},
     * {@code ::1}), for local issuers in development and tests. Weakens security: keys travel
     * unauthenticated. Other hosts still need {@code https://}.
     *
     * @return this builder
     * @throws IllegalStateException if already called
     */
    public Builder insecureAllowHttpOnLoopback() {
      checkUnset(allowHttpOnLoopback, "insecureAllowHttpOnLoopback");
      this.allowHttpOnLoopback = true;
      return this;
    }

    /**
     * Sets the TCP and TLS connect timeout. Default 2 seconds.
     *
     * @param value from 1 ms to 1 minute
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder connectTimeout(Duration value) {
      checkUnset(connectTimeout, "connectTimeout");
      this.connectTimeout = range("connectTimeout", value, Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets the deadline for one whole response, from sending the request to the last body byte.
     * Default 5 seconds. Discovery adds one or two such requests before the first JWK set fetch.
     *
     * @param value from 1 ms to 1 minute
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder responseTimeout(Duration value) {
      checkUnset(responseTimeout, "responseTimeout");
      this.responseTimeout = range("responseTimeout", value, Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets the size cap of a response body, enforced while reading: the download is aborted as soon
     * as it passes the cap. Default 524,288 bytes (512 KiB).
     *
     * @param bytes from 1,024 to 16,777,216
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxResponseSize(int bytes) {
      checkUnset(maxResponseSize, "maxResponseSize");
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("maxResponseSize must be between 1024 and 16777216 bytes, was " + bytes);
      }
      this.maxResponseSize = bytes;
      return this;
    }

    /**
     * Sets the TLS configuration (trusted roots, client certificate). Default: the JDK's.
     *
     * @param value not null
     * @return this builder
     */
    public Builder sslContext(SSLContext value) {
      checkUnset(sslContext, "sslContext");
      this.sslContext = requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the time source for lifetimes, cool-downs, max-stale and event timestamps (network
     * timeouts use real time). Default {@link Clock#systemUTC()}.
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
     * Sets the lifetime of a set served without {@code Cache-Control: max-age}. Default 5 minutes.
     *
     * @param value from 1 minute to 24 hours
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder defaultTimeToLive(Duration value) {
      checkUnset(defaultTimeToLive, "defaultTimeToLive");
      this.defaultTimeToLive = range("defaultTimeToLive", value, MIN_TIME_TO_LIVE, MAX_TIME_TO_LIVE);
      return this;
    }

    /**
     * Sets the cool-down: the least time between two refreshes caused by unknown {@code kid}s, and
     * between a failed fetch and the next attempt. Default 30 seconds.
     *
     * @param value from 1 second to 1 hour
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder refreshCooldown(Duration value) {
      checkUnset(refreshCooldown, "refreshCooldown");
      this.refreshCooldown = range("refreshCooldown", value, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /**
     * Sets how long past its lifetime the last good set is served while fetches fail; after that
     * {@code KEYS_UNAVAILABLE}. Default 24 hours. Also bounds how long a key the issuer removed can
     * keep verifying while its endpoint is unreachable.
     *
     * @param value from zero to 7 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxStale(Duration value) {
      checkUnset(maxStale, "maxStale");
      this.maxStale = range("maxStale", value, Duration.ZERO, Duration.ofDays(7));
      return this;
    }

    /**
     * Adds a listener for {@code KEY_SET_REFRESHED}, {@code KEY_SET_FETCH_FAILED} and
     * {@code KEY_REJECTED} events; may be called more than once. Listeners run on authkit's fetch
     * threads.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder addEventListener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the source. Nothing is fetched yet (see {@link JwkSetSource#warmUp()}).
     *
     * @return the source; close it (or the authenticator using it) to stop its threads
     * @throws IllegalArgumentException if the JWK set URL or issuer URL breaks the HTTPS rule
     */
    public JwkSetSource build() {
      URI checked = jwksUri != null ? jwksUri : URI.create(requireNonNull(issuer));
      String problem = HttpFetcher.schemeProblem(checked, allowHttpOnLoopback);
      if (problem != null) {
        throw new IllegalArgumentException((jwksUri != null ? "jwksUri: " : "issuer: ") + problem);
      }
      RemoteKeySet.Config config = new RemoteKeySet.Config(jwksUri, issuer, allowHttpOnLoopback,
          connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout,
          responseTimeout == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeout,
          maxResponseSize == null ? DEFAULT_MAX_RESPONSE_SIZE : maxResponseSize,
          sslContext, clock == null ? Clock.systemUTC() : clock,
          defaultTimeToLive == null ? DEFAULT_TIME_TO_LIVE : defaultTimeToLive,
          MIN_TIME_TO_LIVE, MAX_TIME_TO_LIVE,
          refreshCooldown == null ? DEFAULT_REFRESH_COOLDOWN : refreshCooldown,
          maxStale == null ? DEFAULT_MAX_STALE : maxStale,
          List.copyOf(listeners));
      return new JwkSetSource(new RemoteKeySet(config));
    }

    private static Duration range(String option, Duration value, Duration min, Duration max) {
      requireNonNull(value, option);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }
  }
}
