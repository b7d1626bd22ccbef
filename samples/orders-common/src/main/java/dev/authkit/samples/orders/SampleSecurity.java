package dev.authkit.samples.orders;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.http.AuthKit;
import dev.authkit.jwt.JwkSetHealth;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.test.FakeIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials side of a sample: who issues tokens, which API keys exist, and how the
 * {@link AuthKit} is built. Development mode starts a {@link FakeIssuer} (loopback, free port, keys
 * an ES256 key made at start-up) and mints demo tokens valid for {@link #DEV_TOKEN_LIFETIME}; real mode finds a
 * real issuer's keys by discovery, with production rules. Both modes keep API keys in memory (one
 * demo key for tenant {@code tenant-a}, {@link #DEMO_KEY_RATE_LIMIT}). Thread-safe; close it to stop
 * the issuer and the key-set threads.
 */
public final class SampleSecurity implements AutoCloseable {

  /** The audience of development-mode tokens. */
  public static final String DEV_AUDIENCE = "orders-api";
  /** How long development-mode demo tokens stay valid, so pasted commands keep working: 12 hours. */
  public static final Duration DEV_TOKEN_LIFETIME = Duration.ofHours(12);
  /** The prefix of the sample's API keys. */
  public static final String API_KEY_PREFIX = "sk_demo";
  /** The demo API key's own rate limit: 60 requests per minute; over it, 429 with {@code Retry-After}. */
  public static final ApiKeyRateLimit DEMO_KEY_RATE_LIMIT = ApiKeyRateLimit.of(60, Duration.ofMinutes(1));

  private static final Logger LOG = LoggerFactory.getLogger(SampleSecurity.class);

  private final SampleOptions options;
  private final @Nullable FakeIssuer devIssuer;
  private final @Nullable JwkSetSource realKeys;
  private final JwtAuthenticator jwt;
  private final ApiKeyAuthenticator apiKeys;
  private final ApiKeyIssuer apiKeyIssuer;
  private final String demoApiKey;
  private final @Nullable String devToken;
  private final @Nullable String devTokenWithoutScope;

  private SampleSecurity(SampleOptions options) {
    this.options = options;
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    this.apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes(API_KEY_PREFIX)
        .defaultRateLimit(ApiKeyRateLimit.of(600, Duration.ofMinutes(1))).build();
    this.apiKeyIssuer = ApiKeyIssuer.builder().prefix(API_KEY_PREFIX).store(store).invalidates(apiKeys).build();
    this.demoApiKey = apiKeyIssuer.newKey("reporting-service").tenant("tenant-a").scopes("orders:read")
        .rateLimit(DEMO_KEY_RATE_LIMIT).issue().plaintext();
    if (options.devMode()) {
      LOG.warn("DEVELOPMENT MODE - DEVELOPMENT ONLY: an embedded issuer mints tokens for anyone who asks, and "
          + "credentials are accepted over plain HTTP from loopback. Never expose this; run with --issuer/--audience "
          + "for a real identity provider.");
      FakeIssuer issuer = FakeIssuer.builder().audience(DEV_AUDIENCE).algorithms(JWSAlgorithm.ES256).start();
      this.devIssuer = issuer;
      this.realKeys = null;
      this.jwt = issuer.authenticator();
      this.devToken = issuer.token().subject("alice").tenant("tenant-a")
          .scopes("orders:read", "orders:write").roles("admin").expiresIn(DEV_TOKEN_LIFETIME).sign();
      this.devTokenWithoutScope = issuer.token().subject("bob").tenant("tenant-b")
          .scopes("profile").expiresIn(DEV_TOKEN_LIFETIME).sign();
    } else {
      String issuer = Objects.requireNonNull(options.issuer());
      JwkSetSource.Builder keys = JwkSetSource.fromIssuer(issuer);
      if (options.insecureAllowHttpOnLoopback()) {
        LOG.warn("--insecure-allow-http-on-loopback: keys may be fetched over plain HTTP from a loopback issuer. "
            + "For local test identity providers only.");
        keys.insecureAllowHttpOnLoopback();
      }
      this.devIssuer = null;
      this.realKeys = keys.build();
      this.jwt = JwtAuthenticator.builder().issuer(issuer).audience(Objects.requireNonNull(options.audience()))
          .keySource(realKeys).build();
      JwkSetHealth health = realKeys.warmUp();
      LOG.info("issuer {}: {}", issuer, health);
      this.devToken = null;
      this.devTokenWithoutScope = null;
    }
  }

  /**
   * Starts the credentials side for these options.
   *
   * @param options the parsed command line
   * @return the running set-up
   * @throws IllegalArgumentException when the real issuer's configuration is refused (e.g. plain HTTP)
   */
  public static SampleSecurity start(SampleOptions options) {
    return new SampleSecurity(options);
  }

  /**
   * Returns an {@link AuthKit} builder with JWTs, API keys and the transport rules of the mode set;
   * the sample adds its access rules (or none, when annotations decide).
   */
  public AuthKit.Builder authKitBuilder() {
    AuthKit.Builder builder = AuthKit.builder().jwt(jwt).apiKeys(apiKeys);
    if (options.devMode()) {
      builder.insecureAllowHttpFromLoopback();
    } else {
      if (options.insecureAllowHttpFromLoopback()) {
        LOG.warn("--insecure-allow-http-from-loopback: credentials are accepted over plain HTTP from loopback "
            + "callers. For local testing only.");
        builder.insecureAllowHttpFromLoopback();
      }
      if (!options.trustedProxies().isEmpty()) {
        builder.trustedProxies(options.trustedProxies().toArray(String[]::new));
      }
    }
    return builder;
  }

  /** Returns whether this is development mode. */
  public boolean devMode() {
    return devIssuer != null;
  }

  /** Returns the issuer identifier tokens must carry. */
  public String issuer() {
    return devIssuer != null ? devIssuer.issuer() : Objects.requireNonNull(options.issuer());
  }

  /** Returns the audience tokens must carry. */
  public String audience() {
    return devIssuer != null ? DEV_AUDIENCE : Objects.requireNonNull(options.audience());
  }

  /** Returns the issuer of API keys, to add keys with a tenant, scopes and rate limit. */
  public ApiKeyIssuer apiKeyIssuer() {
    return apiKeyIssuer;
  }

  /** Returns the demo API key (tenant {@code tenant-a}, scope {@code orders:read}); exists only in this process. */
  public String demoApiKey() {
    return demoApiKey;
  }

  /**
   * Returns the ready-to-paste requests for the start-up banner: in development mode a valid token
   * (200), a token without {@code orders:read} (403), the API key (200) and no credential (401); in
   * real mode the API key (200 over HTTPS; 403 when shown for plain HTTP without the loopback switch)
   * and no credential (401).
   *
   * @param base the sample's base URI, e.g. {@code http://127.0.0.1:8080}
   * @return the examples, in that order
   */
  public List<Example> examples(URI base) {
    String orders = base.resolve("/v1/orders").toString();
    List<Example> examples = new ArrayList<>();
    if (devToken != null && devTokenWithoutScope != null) {
      examples.add(new Example(200, "token for alice (tenant-a; scopes orders:read orders:write; role admin)",
          "curl -i -H 'Authorization: Bearer " + devToken + "' " + orders));
      examples.add(new Example(403, "token for bob (tenant-b; scope profile only): insufficient_scope",
          "curl -i -H 'Authorization: Bearer " + devTokenWithoutScope + "' " + orders));
    }
    boolean plainHttpRefused = !options.devMode() && !options.insecureAllowHttpFromLoopback()
        && "http".equalsIgnoreCase(base.getScheme());
    examples.add(new Example(plainHttpRefused ? 403 : 200, "API key of reporting-service (tenant-a; scope orders:read;"
        + " 60 requests/minute)" + (plainHttpRefused ? ": over plain HTTP in real mode credentials are refused (HTTPS"
        + " required); 200 through your TLS proxy" : ""),
        "curl -i -H 'X-API-Key: " + demoApiKey + "' " + orders));
    examples.add(new Example(401, "no credential", "curl -i " + orders));
    return List.copyOf(examples);
  }

  /** Returns the development token with every scope and role admin, or null in real mode. */
  public @Nullable String devToken() {
    return devToken;
  }

  @Override
  public void close() {
    apiKeys.close();
    if (devIssuer != null) {
      devIssuer.close();
    } else {
      jwt.close();
      if (realKeys != null) {
        realKeys.close();
      }
    }
  }

  /**
   * One ready-to-paste request.
   *
   * @param expectedStatus the HTTP status it gets
   * @param description what it shows
   * @param curl the command
   */
  public record Example(int expectedStatus, String description, String curl) {}
}
