package dev.authkit.test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.Objects.requireNonNull;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authkit.http.AuthKit;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.test.internal.Jose;
import dev.authkit.test.internal.SigningKey;
import dev.authkit.test.internal.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OAuth 2.0 / OpenID Connect issuer for tests and local development: generates its signing
 * keys at start-up (RSA, EC, Ed25519; nothing is ever written to or read from the repository),
 * serves its discovery document ({@code /.well-known/openid-configuration}, OIDC Discovery 1.0 §4)
 * and JWK set (RFC 7517 §5) over real HTTP or HTTPS from WireMock on a loopback port, and mints
 * access tokens (RFC 9068) and {@linkplain #hostileTokens() hostile tokens} on request. Your
 * application verifies them through authkit's real path: discovery, JWK set fetch, cache, signature
 * and claim checks.
 *
 * <pre>{@code
 * try (FakeIssuer issuer = FakeIssuer.start()) {
 *   JwtAuthenticator authenticator = issuer.authenticator();      // discovery + JWK set over HTTP
 *   String token = issuer.token().subject("user_42").scopes("orders:read").sign();
 *   AuthPrincipal caller = authenticator.authenticate(token);
 *
 *   issuer.rotateKeys();                                           // publish a new key, keep the old
 *   issuer.jwksUnavailable();                                      // the JWK set answers 503
 * }
 * }</pre>
 *
 * <p>Defaults: plain HTTP on {@code 127.0.0.1}, a free port, issuer {@code http://127.0.0.1:<port>},
 * JWK set at {@code <issuer>/jwks}, one key for each of RS256, ES256 and EdDSA, tokens signed RS256
 * for audience {@value #DEFAULT_AUDIENCE}. Only loopback is ever bound: this is development and test
 * equipment, and it says so in its start-up log line. With {@link Builder#https()}, a certificate for
 * {@code localhost} and {@code 127.0.0.1} is generated at start-up; {@link #sslContext()} trusts it.
 *
 * <p>Thread-safe: tokens may be minted and commands given from any thread. {@link #close()} stops the
 * server and closes the {@link #authenticator()} it handed out.
 */
public final class FakeIssuer implements AutoCloseable {

  /** Audience of minted tokens and of {@link #authenticator()} unless {@link Builder#audience} says otherwise: {@code api}. */
  public static final String DEFAULT_AUDIENCE = "api";
  /** Subject of minted tokens unless {@link TokenBuilder#subject} says otherwise: {@code test-user}. */
  public static final String DEFAULT_SUBJECT = "test-user";
  /** {@code client_id} of minted tokens unless {@link TokenBuilder#clientId} says otherwise: {@code test-client}. */
  public static final String DEFAULT_CLIENT_ID = "test-client";
  /** Lifetime of minted tokens unless {@link TokenBuilder#expiresIn} says otherwise: 5 minutes. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);
  /** Refresh cool-down of the key sources this issuer hands out: 1 second (production default 30 s). */
  public static final Duration TEST_REFRESH_COOLDOWN = Duration.ofSeconds(1);
  /** Algorithms (one key each) unless {@link Builder#algorithms} says otherwise: RS256, ES256, EdDSA; the first signs by default. */
  public static final List<JWSAlgorithm> DEFAULT_ALGORITHMS =
      List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  private static final Logger LOG = LoggerFactory.getLogger(FakeIssuer.class);
  private static final UUID JWKS_STUB = UUID.fromString("6f0b7d5e-3c1a-4e8e-9b1f-0a7e2c4d9b11");
  private static final String LOOPBACK = "127.0.0.1";

  /** What {@link #rotateKeys(OldKeys)} does with the keys it replaces. */
  public enum OldKeys {
    /** The old keys stay in the JWK set: tokens they signed keep verifying (a normal, graceful rotation). */
    KEEP,
    /** The old keys leave the JWK set: tokens they signed fail with {@code UNKNOWN_KEY} once the set is refetched. */
    DROP
  }

  private final WireMockServer server;
  private final String issuer;
  private final URI jwksUri;
  private final String path;
  private final @Nullable TlsMaterial tls;
  private final List<JWSAlgorithm> algorithms;
  private final String audience;
  private final Clock clock;
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private final AtomicInteger discoveryRequests = new AtomicInteger();
  private final Map<String, SigningKey> outsideKeys = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final AtomicInteger keyGeneration = new AtomicInteger();
  private volatile Map<JWSAlgorithm, SigningKey> currentKeys;
  private volatile List<SigningKey> publishedKeys;
  private JwksMode jwksMode = JwksMode.NORMAL;
  private Duration jwksDelay = Duration.ZERO;
  private String jwksBody = "";
  private @Nullable JwtAuthenticator sharedAuthenticator;
  private @Nullable AuthKit sharedAuthKit;
  private boolean closed;

  private FakeIssuer(Builder builder) {
    this.algorithms = builder.algorithms == null ? DEFAULT_ALGORITHMS : builder.algorithms;
    this.audience = builder.audience == null ? DEFAULT_AUDIENCE : builder.audience;
    this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
    this.path = builder.path == null ? "" : builder.path;
    this.currentKeys = generateKeys();
    this.publishedKeys = List.copyOf(currentKeys.values());
    this.tls = builder.https ? TlsMaterial.generate() : null;
    int port = builder.port == null ? 0 : builder.port;
    WireMockConfiguration options = options().bindAddress(LOOPBACK).disableRequestJournal().containerThreads(12)
        .jettyAcceptors(1).jettyStopTimeout(0L).gzipDisabled(true).notifier(new Slf4jNotifier(false));
    Path keyStoreFile = null;
    if (tls != null) {
      keyStoreFile = tls.writeServerKeyStore();
      options.httpDisabled(true).keystorePath(keyStoreFile.toString()).keystoreType("PKCS12")
          .keystorePassword(tls.password()).keyManagerPassword(tls.password());
      if (port == 0) {
        options.dynamicHttpsPort();
      } else {
        options.httpsPort(port);
      }
    } else if (port == 0) {
      options.dynamicPort();
    } else {
      options.port(port);
    }
    this.server = new WireMockServer(options);
    try {
      server.start();
    } catch (RuntimeException e) {
      server.stop();
      throw new IllegalStateException("cannot start the FakeIssuer on " + LOOPBACK + ":" + port + ": "
          + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    } finally {
      deleteQuietly(keyStoreFile);
    }
    int boundPort = tls != null ? server.httpsPort() : server.port();
    this.issuer = (tls != null ? "https://" : "http://") + LOOPBACK + ":" + boundPort + path;
    this.jwksUri = URI.create(issuer + "/jwks");
    server.addMockServiceRequestListener((request, response) -> {
      String requested = URI.create(request.getUrl()).getRawPath();
      if (requested.equals(jwksUri.getRawPath())) {
        jwksRequests.incrementAndGet();
      } else if (requested.equals(path + "/.well-known/openid-configuration")) {
        discoveryRequests.incrementAndGet();
      }
    });
    server.stubFor(get(urlPathEqualTo(path + "/.well-known/openid-configuration")).willReturn(json(discovery())));
    server.stubFor(jwksMapping().willReturn(json(jwkSetJson())));
    LOG.info("FakeIssuer {} started: DEVELOPMENT AND TESTS ONLY (loopback only, keys generated at start-up, tokens "
        + "minted on request); discovery {}/.well-known/openid-configuration, JWK set {}", issuer, issuer, jwksUri);
  }

  /**
   * Starts an issuer with the defaults: plain HTTP on a free loopback port, RS256 + ES256 + EdDSA keys,
   * audience {@value #DEFAULT_AUDIENCE}.
   *
   * <pre>{@code
   * try (FakeIssuer issuer = FakeIssuer.start()) { ... }
   * }</pre>
   *
   * @return the running issuer; close it when done
   */
  public static FakeIssuer start() {
    return builder().start();
  }

  /**
   * Starts a configuration.
   *
   * <pre>{@code
   * FakeIssuer issuer = FakeIssuer.builder()
   *     .port(9000).path("/realms/dev").https()
   *     .algorithms(JWSAlgorithm.ES256).audience("orders-api")
   *     .start();
   * }</pre>
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the issuer identifier, the {@code iss} of minted tokens, e.g. {@code http://127.0.0.1:41234/realms/dev}; never ends with {@code /}. */
  public String issuer() {
    return issuer;
  }

  /** Returns {@link #issuer()} as a URI. */
  public URI issuerUri() {
    return URI.create(issuer);
  }

  /** Returns the JWK set URL ({@code jwks_uri}): {@code <issuer>/jwks}. */
  public URI jwksUri() {
    return jwksUri;
  }

  /** Returns the OpenID Connect discovery document URL: {@code <issuer>/.well-known/openid-configuration}. */
  public URI discoveryUri() {
    return URI.create(issuer + "/.well-known/openid-configuration");
  }

  /** Returns the bound port (on {@code 127.0.0.1}). */
  public int port() {
    return issuerUri().getPort();
  }

  /** Returns whether this issuer serves HTTPS (see {@link Builder#https()}). */
  public boolean isHttps() {
    return tls != null;
  }

  /** Returns the audience minted tokens carry by default and {@link #authenticator()} accepts. */
  public String audience() {
    return audience;
  }

  /** Returns the algorithms this issuer has keys for; the first signs tokens by default; unmodifiable. */
  public List<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  /** Returns the time source used for {@code iat}, {@code exp} and the hostile tokens' times. */
  public Clock clock() {
    return clock;
  }

  /**
   * Starts a token with defaults that the issuer's {@link #authenticator()} accepts: {@code iss} this
   * issuer, {@code sub} {@value #DEFAULT_SUBJECT}, {@code aud} {@link #audience()}, {@code client_id}
   * {@value #DEFAULT_CLIENT_ID}, {@code iat} now, {@code exp} in 5 minutes, a random {@code jti};
   * header {@code typ: at+jwt} and the current key's {@code kid}; signed with the first algorithm.
   *
   * <pre>{@code
   * String token = issuer.token().subject("user_42").scopes("orders:read").roles("admin")
   *     .audience("api").expiresIn(Duration.ofMinutes(5)).claim("tid", "t1").sign();
   * }</pre>
   *
   * @return a new builder; not thread-safe
   */
  public TokenBuilder token() {
    return new TokenBuilder(this);
  }

  /**
   * Returns the hostile-token catalogue built from the default token ({@link #token()} unchanged).
   * To start from your own claims (say, your app's audience and a scope it needs), call
   * {@link TokenBuilder#hostileTokens()}.
   *
   * @return the catalogue; each call mints fresh tokens at the clock's current time
   */
  public HostileTokens hostileTokens() {
    return token().hostileTokens();
  }

  /**
   * Returns every hostile token of {@link #hostileTokens()}, each with its name and the {@code Reason}
   * authkit gives it; see {@link HostileTokens} for the list.
   *
   * <pre>{@code
   * @ParameterizedTest @MethodSource("hostile")
   * void rejects(HostileToken token) { assertThat(call(token.authorizationHeader()).statusCode()).isEqualTo(401); }
   * static List<HostileToken> hostile() { return issuer.allHostileTokens(); }
   * }</pre>
   *
   * @return the entries, in the catalogue's order; unmodifiable
   */
  public List<HostileToken> allHostileTokens() {
    return hostileTokens().all();
  }

  /**
   * Returns an authenticator that verifies this issuer's tokens through the real path: a
   * {@link JwkSetSource} that finds the JWK set by discovery over HTTP(S), issuer and audience as
   * configured, authkit's defaults for everything else. Created once, shared, and closed by
   * {@link #close()}.
   *
   * @return the shared authenticator; thread-safe
   * @throws IllegalStateException if this issuer is closed
   */
  public JwtAuthenticator authenticator() {
    synchronized (lock) {
      checkOpen();
      if (sharedAuthenticator == null) {
        sharedAuthenticator = authenticatorBuilder().build();
      }
      return sharedAuthenticator;
    }
  }

  /**
   * Returns a builder with this issuer, {@link #audience()} and a new {@link #jwkSetSource()}
   * already set, for adding your own options (clock, claim mapper, required claims...). The
   * authenticator you build is yours to close.
   *
   * <pre>{@code
   * JwtAuthenticator authenticator = issuer.authenticatorBuilder().requireAccessTokenType().build();
   * }</pre>
   *
   * @return a new builder
   */
  public JwtAuthenticator.Builder authenticatorBuilder() {
    return JwtAuthenticator.builder().issuer(issuer).audience(audience).keySource(jwkSetSource().build());
  }

  /**
   * Returns a JWK set source builder for this issuer, found by discovery ({@link JwkSetSource#fromIssuer}):
   * with {@code insecureAllowHttpOnLoopback()} for plain HTTP, or {@link #sslContext()} for HTTPS.
   *
   * @return a new builder; add options (clock, refresh cool-down...) before {@code build()}
   */
  public JwkSetSource.Builder jwkSetSource() {
    // A one-second refresh cool-down (production default 30 s), so a test that sent an unknown kid
    // sees a rotation a second later rather than half a minute later.
    JwkSetSource.Builder builder = JwkSetSource.fromIssuer(issuer).refreshCooldown(TEST_REFRESH_COOLDOWN).clock(clock);
    return tls != null ? builder.sslContext(tls.clientContext()) : builder.insecureAllowHttpOnLoopback();
  }

  /**
   * Returns a request-level {@link AuthKit} around {@link #authenticator()}, with the default access
   * rules (every request needs a valid token) and {@code insecureAllowHttpFromLoopback()}, so a test
   * server on {@code http://127.0.0.1} can use it as it is. Created once and shared.
   *
   * @return the shared facade; thread-safe
   */
  public AuthKit authKit() {
    synchronized (lock) {
      checkOpen();
      if (sharedAuthKit == null) {
        sharedAuthKit = authKitBuilder().insecureAllowHttpFromLoopback().build();
      }
      return sharedAuthKit;
    }
  }

  /**
   * Returns an {@link AuthKit} builder with {@code jwt(authenticator())} set; add your access rules.
   *
   * @return a new builder
   */
  public AuthKit.Builder authKitBuilder() {
    return AuthKit.builder().jwt(authenticator());
  }

  /**
   * Returns the {@code authkit.*} configuration an application under test reads (init-parameters,
   * system properties; see {@code AuthKitConfiguration}): {@code authkit.issuer},
   * {@code authkit.audience}, {@code authkit.jwks-uri}, and for plain HTTP
   * {@code authkit.insecure-allow-http-on-loopback=true} (keys over http from this loopback issuer)
   * and {@code authkit.insecure-allow-http-from-loopback=true} (credentials over http from loopback
   * test clients). Development and tests only. An HTTPS issuer's certificate must also be
   * trusted by the application: use {@link #sslContext()} or {@link #trustStore()} in code.
   *
   * @return the keys and values; unmodifiable, in a stable order
   */
  public Map<String, String> configuration() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("authkit.issuer", issuer);
    values.put("authkit.audience", audience);
    values.put("authkit.jwks-uri", jwksUri.toString());
    if (tls == null) {
      values.put("authkit.insecure-allow-http-on-loopback", "true");
      values.put("authkit.insecure-allow-http-from-loopback", "true");
    }
    return java.util.Collections.unmodifiableMap(values);
  }

  /**
   * Returns a TLS context for clients that trusts this issuer's run-time certificate only (not the
   * JDK's default CAs).
   *
   * @return a new context
   * @throws IllegalStateException if this issuer serves plain HTTP
   */
  public SSLContext sslContext() {
    return requireTls().clientContext();
  }

  /**
   * Returns a PKCS12 trust store holding this issuer's run-time CA certificate.
   *
   * @return a new key store (no password needed to read certificates)
   * @throws IllegalStateException if this issuer serves plain HTTP
   */
  public KeyStore trustStore() {
    return requireTls().trustStore();
  }

  /**
   * Rotates keys the graceful way: a new key per algorithm is published and signs new tokens; the old
   * keys stay in the JWK set. Same as {@code rotateKeys(OldKeys.KEEP)}.
   */
  public void rotateKeys() {
    rotateKeys(OldKeys.KEEP);
  }

  /**
   * Generates a new key per algorithm, which signs every token minted from now on, and publishes it.
   * Verifiers see the new key when they next fetch the JWK set (authkit fetches at once for an
   * unknown {@code kid}, at most once per refresh cool-down).
   *
   * @param oldKeys {@link OldKeys#KEEP} to keep the replaced keys published, {@link OldKeys#DROP} to
   *     remove every earlier key; not null
   */
  public void rotateKeys(OldKeys oldKeys) {
    requireNonNull(oldKeys, "oldKeys");
    synchronized (lock) {
      checkOpen();
      Map<JWSAlgorithm, SigningKey> fresh = generateKeys();
      List<SigningKey> published = new ArrayList<>(fresh.values());
      if (oldKeys == OldKeys.KEEP) {
        published.addAll(publishedKeys);
      }
      currentKeys = fresh;
      publishedKeys = List.copyOf(published);
      server.editStub(jwksMapping().willReturn(jwksResponse()));
    }
  }

  /** Returns the {@code kid}s the JWK set publishes now, newest first; unmodifiable. */
  public List<String> publishedKeyIds() {
    return publishedKeys.stream().map(SigningKey::keyId).toList();
  }

  /**
   * Makes the JWK set endpoint answer {@code 503 Service Unavailable} (no {@code Retry-After}) until
   * {@link #jwksRestore()}; a {@link #rotateKeys} meanwhile is published only after the restore.
   */
  public void jwksUnavailable() {
    setJwksMode(JwksMode.UNAVAILABLE, Duration.ZERO, "");
  }

  /**
   * Makes the JWK set endpoint answer correctly but only after {@code delay}, until
   * {@link #jwksRestore()}; authkit's default response deadline is 5 s.
   *
   * @param delay zero or positive, at most 1 minute
   */
  public void jwksSlow(Duration delay) {
    requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("delay must be between 0 and 1 minute, was " + delay);
    }
    setJwksMode(JwksMode.SLOW, delay, "");
  }

  /**
   * Makes the JWK set endpoint answer {@code 200} with {@code body} as {@code application/json},
   * whatever it is (garbage, {@code {"keys":[]}}, a private key...), until {@link #jwksRestore()}.
   *
   * @param body the exact response body; not null
   */
  public void jwksServes(String body) {
    setJwksMode(JwksMode.CUSTOM, Duration.ZERO, requireNonNull(body, "body"));
  }

  /** Makes the JWK set endpoint serve the published keys again after a failure command. */
  public void jwksRestore() {
    setJwksMode(JwksMode.NORMAL, Duration.ZERO, "");
  }

  /** Returns how many requests reached the JWK set URL since start (any method, any answer). */
  public int jwksRequestCount() {
    return jwksRequests.get();
  }

  /** Returns how many requests reached the discovery document URL since start. */
  public int discoveryRequestCount() {
    return discoveryRequests.get();
  }

  /** Returns the current public JWK set document as served (when no failure command is active). */
  public String jwkSetJson() {
    List<JWK> keys = publishedKeys.stream().map(SigningKey::publicJwk).toList();
    return new JWKSet(keys).toString(true);
  }

  /**
   * Stops the server and closes the shared {@link #authenticator()}. Idempotent. Tokens already minted
   * stay valid strings, but nothing can fetch this issuer's keys any more.
   */
  @Override
  public void close() {
    JwtAuthenticator authenticator;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      authenticator = sharedAuthenticator;
    }
    try {
      if (authenticator != null) {
        authenticator.close();
      }
    } finally {
      server.stop();
      LOG.info("FakeIssuer {} stopped", issuer);
    }
  }

  @Override
  public String toString() {
    return "FakeIssuer[" + issuer + ", algorithms=" + algorithms + ", audience=" + audience + "]";
  }

  // --- used by TokenBuilder and HostileTokens ---

  SigningKey currentKey(JWSAlgorithm algorithm) {
    SigningKey key = currentKeys.get(algorithm);
    if (key == null) {
      throw new IllegalArgumentException("this issuer has no " + algorithm + " key; its algorithms are " + algorithms
          + " (see FakeIssuer.Builder.algorithms)");
    }
    return key;
  }

  /** A key of the same algorithm that no issuer publishes, made once per issuer and algorithm. */
  SigningKey attackerKey(JWSAlgorithm algorithm) {
    return outsideKey("attacker", algorithm);
  }

  /** A key of the same algorithm standing for another issuer's, made once per issuer and algorithm. */
  SigningKey otherIssuerKey(JWSAlgorithm algorithm) {
    return outsideKey("other-issuer", algorithm);
  }

  private SigningKey outsideKey(String role, JWSAlgorithm algorithm) {
    return outsideKeys.computeIfAbsent(role + "-" + algorithm.getName(),
        kid -> SigningKey.generate(kid.toLowerCase(java.util.Locale.ROOT), algorithm));
  }

  private Map<JWSAlgorithm, SigningKey> generateKeys() {
    int generation = keyGeneration.incrementAndGet();
    Map<JWSAlgorithm, SigningKey> keys = new LinkedHashMap<>();
    for (JWSAlgorithm algorithm : algorithms) {
      String kid = algorithm.getName().toLowerCase(java.util.Locale.ROOT) + "-" + generation + "-"
          + UUID.randomUUID().toString().substring(0, 8);
      keys.put(algorithm, SigningKey.generate(kid, algorithm));
    }
    return java.util.Collections.unmodifiableMap(keys);
  }

  private String discovery() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("jwks_uri", jwksUri.toString());
    document.put("response_types_supported", List.of("code"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", algorithms.stream().map(JWSAlgorithm::getName).toList());
    return Jose.json(document);
  }

  private MappingBuilder jwksMapping() {
    return get(urlPathEqualTo(jwksUri.getRawPath())).withId(JWKS_STUB);
  }

  private enum JwksMode { NORMAL, UNAVAILABLE, SLOW, CUSTOM }

  private void setJwksMode(JwksMode mode, Duration delay, String body) {
    synchronized (lock) {
      checkOpen();
      jwksMode = mode;
      jwksDelay = delay;
      jwksBody = body;
      server.editStub(jwksMapping().willReturn(jwksResponse()));
    }
  }

  /** The JWK set response for the current mode and keys; a failure command survives a rotation. */
  private ResponseDefinitionBuilder jwksResponse() {
    switch (jwksMode) {
      case UNAVAILABLE:
        return aResponse().withStatus(503).withBody("unavailable");
      case SLOW:
        return json(jwkSetJson()).withFixedDelay((int) jwksDelay.toMillis());
      case CUSTOM:
        return json(jwksBody);
      default:
        return json(jwkSetJson());
    }
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("Cache-Control", "max-age=300").withBody(body);
  }

  private TlsMaterial requireTls() {
    if (tls == null) {
      throw new IllegalStateException("this issuer serves plain HTTP; start it with FakeIssuer.builder().https()");
    }
    return tls;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this FakeIssuer is closed");
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.debug("could not delete the temporary key store: {}", e.getClass().getName());
      }
    }
  }

  /**
   * Configures a {@link FakeIssuer}. Each option may be set once (a second call throws
   * {@link IllegalStateException}). Not thread-safe.
   */
  public static final class Builder {
    private @Nullable Integer port;
    private @Nullable String path;
    private boolean https;
    private @Nullable List<JWSAlgorithm> algorithms;
    private @Nullable String audience;
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * Sets the port on {@code 127.0.0.1}. Default 0: a free port chosen by the system.
     *
     * @param value 0 to 65535
     * @return this builder
     */
    public Builder port(int value) {
      checkUnset(port, "port");
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * Sets the issuer's path, as Keycloak's {@code /realms/<name>}. Default: none (the issuer is the origin).
     *
     * @param value starts with {@code /}, does not end with {@code /} nor hold {@code //}; letters, digits and {@code -._~/} only
     * @return this builder
     */
    public Builder path(String value) {
      checkUnset(path, "path");
      requireNonNull(value, "value");
      if (!value.isEmpty() && (!value.startsWith("/") || value.endsWith("/") || value.contains("//")
          || !value.matches("[A-Za-z0-9._~/-]+"))) {
        throw new IllegalArgumentException("path must start with '/', not end with '/', and use only A-Z a-z 0-9 . _ ~ - /; was "
            + value);
      }
      this.path = value;
      return this;
    }

    /**
     * Serves HTTPS instead of HTTP, with a certificate for {@code localhost} and {@code 127.0.0.1}
     * from a CA generated at start-up; clients trust it through {@link FakeIssuer#sslContext()}.
     *
     * @return this builder
     */
    public Builder https() {
      checkUnset(https ? Boolean.TRUE : null, "https");
      this.https = true;
      return this;
    }

    /**
     * Sets the algorithms to generate one key each for; the first signs tokens by default. Default
     * RS256, ES256, EdDSA.
     *
     * @param values one or more of RS256/384/512, PS256/384/512, ES256/384/512, EdDSA (Ed25519); no duplicates
     * @return this builder
     */
    public Builder algorithms(JWSAlgorithm... values) {
      checkUnset(algorithms, "algorithms");
      requireNonNull(values, "values");
      if (values.length == 0) {
        throw new IllegalArgumentException("algorithms needs at least one algorithm");
      }
      List<JWSAlgorithm> list = List.copyOf(Arrays.asList(values));
      for (JWSAlgorithm algorithm : list) {
        if (!SigningKey.SUPPORTED.contains(algorithm)) {
          throw new IllegalArgumentException("unsupported algorithm " + algorithm + "; supported: " + SigningKey.SUPPORTED);
        }
      }
      if (list.stream().distinct().count() != list.size()) {
        throw new IllegalArgumentException("algorithms must not repeat: " + list);
      }
      this.algorithms = list;
      return this;
    }

    /**
     * Sets the audience of minted tokens and of {@link FakeIssuer#authenticator()}. Default {@code api}.
     *
     * @param value not blank
     * @return this builder
     */
    public Builder audience(String value) {
      checkUnset(audience, "audience");
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("audience must not be blank");
      }
      this.audience = value;
      return this;
    }

    /**
     * Sets the clock for {@code iat}, {@code exp} and the hostile tokens' times. Default {@link Clock#systemUTC()}.
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
     * Generates the keys (and certificate), binds the port and starts serving.
     *
     * @return the running issuer; close it when done
     * @throws IllegalStateException if the port cannot be bound
     */
    public FakeIssuer start() {
      return new FakeIssuer(this);
    }

    private static void checkUnset(@Nullable Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }
}
