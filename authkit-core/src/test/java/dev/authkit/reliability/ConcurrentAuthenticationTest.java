package dev.authkit.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.AuthResult;
import dev.authkit.AuthenticationException;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import dev.authkit.jdbc.JdbcApiKeyStore;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.testing.CountingDataSource;
import dev.authkit.testing.Databases;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared instances under concurrency: one {@link JwtAuthenticator} (its {@link JwkSetSource} over
 * WireMock, re-fetched whenever its 1-minute lifetime runs out), one {@link ApiKeyAuthenticator}
 * (JDBC store over H2, 30 s record cache) and one {@link AuthKit} over both, hammered from 8
 * threads while the injected clock moves forward (every thread advances it as it goes, so the key
 * set and the key cache expire and reload again and again, mid-traffic). Every outcome must equal
 * the outcome computed single-threaded before, and fetches and lookups stay within the cache bounds.
 */
class ConcurrentAuthenticationTest {

  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 600;
  /** Each thread moves the clock by this much every {@link #ADVANCE_EVERY} calls. */
  private static final Duration STEP = Duration.ofSeconds(2);
  private static final int ADVANCE_EVERY = 10;

  private final MutableClock clock = MutableClock.atT0();
  private WireMockServer server;
  private JwtAuthenticator jwt;
  private ApiKeyAuthenticator apiKeys;
  private AuthKit authKit;
  private CountingDataSource database;

  @BeforeEach
  void setUp() {
    server = JwksServers.start();
    server.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withHeader("Cache-Control", "max-age=60").withBody(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1).toString())));
    jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(JwkSetSource.fromJwksUri(JwksServers.http(server, "/jwks")).insecureAllowHttpOnLoopback()
            .clock(clock).build())
        .clock(clock).build();
    database = new CountingDataSource(Databases.h2());
    JdbcApiKeyStore store = new JdbcApiKeyStore(database);
    apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_test").clock(clock).build();
    authKit = AuthKit.builder().jwt(jwt).apiKeys(apiKeys).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    jwt.close();
    apiKeys.close();
    server.stop();
  }

  @Test
  void authenticateWhenManyThreadsWhileCachesRefreshThenSameResultsAsSingleThreaded() throws Exception {
    ApiKeyIssuer issuer = ApiKeyIssuer.builder().prefix("sk_test").store(new JdbcApiKeyStore(database)).clock(clock)
        .invalidates(apiKeys).build();
    List<IssuedApiKey> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(issuer.newKey("service-" + i).scopes("read").issue());
    }
    IssuedApiKey revoked = issuer.newKey("service-revoked").issue();
    issuer.revoke(revoked.keyId());

    long farFuture = Tokens.T0 + 86_400;
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String subject = "user-" + i;
      cases.add(jwtCase(Tokens.fixtureWithClaims(c -> { c.put("sub", subject); c.put("exp", farFuture); })));
    }
    cases.add(jwtCase(Tokens.sign(TestKeys.A_EC_1, "{\"alg\":\"ES256\",\"kid\":\"a-ec-1\"}", Tokens.json(withExp(farFuture)))));
    cases.add(jwtCase(Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600))));
    cases.add(jwtCase(Tokens.sign(TestKeys.X_RSA, Tokens.json(Tokens.fixtureHeader()), Tokens.json(withExp(farFuture)))));
    cases.add(jwtCase(Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("kid", "rotated-away"))));
    cases.add(jwtCase(Tokens.fixtureWithClaims(c -> { c.put("aud", "api://other"); c.put("exp", farFuture); })));
    cases.add(jwtCase("not.a.token"));
    for (IssuedApiKey key : keys) {
      cases.add(keyCase(key.plaintext()));
      cases.add(requestCase("X-API-Key", key.plaintext()));
    }
    cases.add(keyCase(revoked.plaintext()));
    String other = keys.get(0).plaintext();
    cases.add(keyCase(other.substring(0, other.length() - 1) + (other.endsWith("A") ? "B" : "A")));
    cases.add(requestCase("Authorization", "Bearer " + Tokens.fixtureWithClaims(c -> c.put("exp", farFuture))));
    cases.add(requestCase("Authorization", "Bearer " + keys.get(1).plaintext()));
    cases.add(requestCase("Authorization", "Bearer not-a-token#"));

    // Single-threaded truth, before the clock moves.
    List<String> expected = new ArrayList<>();
    for (Case c : cases) {
      expected.add(c.call.get());
    }
    assertThat(expected).anyMatch(e -> e.startsWith("OK user-")).anyMatch(e -> e.startsWith("OK service-"))
        .contains("FAIL EXPIRED", "FAIL BAD_SIGNATURE", "FAIL UNKNOWN_KEY", "FAIL AUDIENCE_MISMATCH", "FAIL REVOKED",
            "FAIL INVALID_API_KEY", "FAIL MALFORMED", "FAIL MALFORMED_REQUEST");
    int fetchesBefore = JwksServers.requests(server, "/jwks");
    database.reset();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger mismatches = new AtomicInteger();
    List<String> firstMismatches = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = 1000 + t;
      workers.add(pool.submit((Callable<Integer>) () -> {
        Random random = new Random(seed);
        start.await();
        for (int i = 1; i <= CALLS_PER_THREAD; i++) {
          int index = random.nextInt(cases.size());
          String actual = cases.get(index).call.get();
          if (!actual.equals(expected.get(index))) {
            mismatches.incrementAndGet();
            if (firstMismatches.size() < 5) {
              firstMismatches.add(cases.get(index).name + ": expected " + expected.get(index) + ", got " + actual);
            }
          }
          if (i % ADVANCE_EVERY == 0) {
            clock.advance(STEP);
          }
        }
        return CALLS_PER_THREAD;
      }));
    }
    start.countDown();
    int calls = 0;
    for (Future<Integer> worker : workers) {
      calls += worker.get(5, java.util.concurrent.TimeUnit.MINUTES);
    }
    pool.shutdown();

    Duration moved = STEP.multipliedBy((long) THREADS * CALLS_PER_THREAD / ADVANCE_EVERY);
    int fetches = JwksServers.requests(server, "/jwks") - fetchesBefore;
    int lookups = database.statements();
    System.out.printf("concurrency: %d calls on %d threads, clock moved %s, JWK set fetches %d, store statements %d,"
        + " mismatches %d%n", calls, THREADS, moved, fetches, lookups, mismatches.get());
    assertThat(firstMismatches).isEmpty();
    assertThat(mismatches.get()).isZero();
    // The set's lifetime is 60 s and it refreshes from 80% of it: at least one fetch per minute the
    // clock moved, at most one per 48 s plus one per 30 s cool-down for the unknown kid.
    long minutes = moved.toMinutes();
    assertThat(fetches).isBetween((int) (minutes / 2), (int) (moved.toSeconds() / 48 + moved.toSeconds() / 30 + 2));
    // Records live 30 s (unknown ids 5 s): lookups follow the clock, not the traffic.
    assertThat(lookups).isPositive().isLessThan(calls / 4);
  }

  private static Map<String, Object> withExp(long exp) {
    Map<String, Object> claims = Tokens.fixtureClaims();
    claims.put("exp", exp);
    return claims;
  }

  private record Case(String name, Supplier<String> call) {}

  private Case jwtCase(String token) {
    return new Case("jwt " + token.length(), () -> {
      try {
        return "OK " + jwt.authenticate(token).subject();
      } catch (AuthenticationException e) {
        return "FAIL " + e.reason();
      }
    });
  }

  private Case keyCase(String key) {
    return new Case("key " + key.substring(0, 12), () -> {
      try {
        return "OK " + apiKeys.authenticate(key).subject();
      } catch (AuthenticationException e) {
        return "FAIL " + e.reason();
      }
    });
  }

  private Case requestCase(String header, String value) {
    return new Case("request " + header, () -> {
      AuthResult result = authKit.authenticate(RequestView.builder("GET", "/v1/orders").header(header, value).build());
      if (result instanceof AuthResult.Authenticated authenticated) {
        return "OK " + authenticated.principal().subject();
      }
      return result instanceof AuthResult.Failed failed ? "FAIL " + failed.reason() : "ANONYMOUS";
    });
  }
}
