package dev.authkit.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authkit.AuthenticationException;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Soak (issue 10): worker threads validate a mix of valid tokens, hostile tokens and API keys
 * against one {@link JwtAuthenticator} whose JWK set endpoint (WireMock) rotates keys and fails at
 * random (500s, connection resets, 2 s delays past the response deadline, garbage bodies).
 *
 * <p>Time: the authenticators' clock runs {@value #SCALE} times faster than real time, so a 60 s run
 * covers 20 minutes of the key-set cache policy (1-minute lifetime from {@code max-age=60}, refresh
 * ahead from 48 s, 30 s cool-down after a failure). The endpoint's own behaviour (delays, response
 * deadline) happens in real time. A key is published every {@link #ROTATION} and signs tokens only
 * {@link #PUBLISH_AHEAD} later: longer than the lifetime plus the longest fault plus a cool-down
 * and two response deadlines, as a real issuer publishes ahead. Faults last at most
 * {@link #LONGEST_FAULT}, well under max-stale (10 minutes).
 *
 * <p>Asserts: no valid request rejected, no hostile one accepted, JWK set fetches within the
 * policy's bound, heap after a full GC growing less than 10% between the first and the last third,
 * and no {@code authkit-*} thread left after {@code close()}. Prints its figures and the random seed.
 *
 * <p>{@code -Dauthkit.soak.seconds=600} runs the long mode (default 60);
 * {@code -Dauthkit.soak.seed=<n>} replays a run's fault schedule and request mix.
 */
class SoakTest {

  static final int SCALE = 20;
  static final Duration TIME_TO_LIVE = Duration.ofSeconds(60);
  static final Duration COOLDOWN = JwkSetSource.DEFAULT_REFRESH_COOLDOWN;
  static final Duration MAX_STALE = Duration.ofMinutes(10);
  /** Real time the endpoint may take before authkit gives up on a fetch. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);
  static final Duration ROTATION = Duration.ofSeconds(120);
  static final Duration LONGEST_FAULT = Duration.ofSeconds(90);
  static final Duration PUBLISH_AHEAD = Duration.ofSeconds(330);
  static final Duration TOKEN_LIFETIME = Duration.ofSeconds(300);
  static final int WORKERS = 2;

  enum FaultKind { HTTP_500, CONNECTION_RESET, DELAY_2S, GARBAGE }

  @Test
  void soakWhenKeysRotateAndEndpointFailsThenNoFalseAcceptOrRejectAndBoundedResources() throws Exception {
    long seconds = Long.getLong("authkit.soak.seconds", 60);
    long seed = Long.getLong("authkit.soak.seed", System.nanoTime());
    System.out.printf("soak: %d s, seed %d (replay with -Dauthkit.soak.seed=%d)%n", seconds, seed, seed);
    Duration virtualRun = Duration.ofSeconds(seconds * SCALE);
    // Worst case from publication to the key being in the cache: the set was fetched just before;
    // it is refreshed after its lifetime; a fault stretch starts then; the attempt after it comes a
    // cool-down later; every failed attempt may take a whole response deadline.
    Duration worstCase = TIME_TO_LIVE.plus(LONGEST_FAULT).plus(COOLDOWN)
        .plus(RESPONSE_TIMEOUT.multipliedBy(2L * SCALE));
    assertThat(PUBLISH_AHEAD).as("publish ahead").isGreaterThan(worstCase);
    assertThat(LONGEST_FAULT).isLessThan(MAX_STALE);

    ScaledClock clock = new ScaledClock(Instant.ofEpochSecond(Tokens.T0), SCALE);
    Random random = new Random(seed);
    Issuer issuer = new Issuer(clock);
    FaultSchedule faults = new FaultSchedule(random, virtualRun);
    JwksEndpoint endpoint = new JwksEndpoint(issuer, faults, clock);
    WireMockServer server = new WireMockServer(options().dynamicPort().disableRequestJournal().containerThreads(10)
        .jettyStopTimeout(0L).extensions(endpoint));
    server.start();
    server.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withStatus(200)));

    JwkSetSource source = JwkSetSource.fromJwksUri(URI.create("http://127.0.0.1:" + server.port() + "/jwks"))
        .insecureAllowHttpOnLoopback().clock(clock).responseTimeout(RESPONSE_TIMEOUT).maxStale(MAX_STALE)
        .build();
    JwtAuthenticator jwt = JwtAuthenticator.builder().issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE)
        .keySource(source).clock(clock).build();
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    ApiKeyAuthenticator apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_soak").clock(clock).build();
    ApiKeyIssuer keyIssuer = ApiKeyIssuer.builder().prefix("sk_soak").store(store).clock(clock).invalidates(apiKeys)
        .build();
    List<String> goodKeys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      goodKeys.add(keyIssuer.newKey("service-" + i).scopes("read").issue().plaintext());
    }
    String revokedKey = keyIssuer.newKey("revoked").issue().plaintext();
    keyIssuer.revoke(revokedKey.split("_")[2]);
    List<String> badKeys = List.of(revokedKey,
        goodKeys.get(0).substring(0, goodKeys.get(0).length() - 1) + (goodKeys.get(0).endsWith("A") ? "B" : "A"),
        "sk_soak_AAAAAAAAAAAA_" + "A".repeat(28), "sk_live" + goodKeys.get(1).substring(7), "x".repeat(5000));

    // Set-up before the clock runs: every key the run can publish is generated now (RSA-2048 on a
    // cold, shared machine takes seconds), and the first key set is fetched with time standing still.
    int keysNeeded = (int) (virtualRun.toSeconds() / ROTATION.toSeconds()) + 2;
    for (int i = 0; i < keysNeeded; i++) {
      issuer.key(i);
    }
    long warmUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (source.warmUp().lastSuccessfulFetch().isEmpty() && System.nanoTime() < warmUpDeadline) {
      // A first fetch slower than the deadline on a loaded machine: let one cool-down pass, retry.
      clock.nudge(COOLDOWN.plusSeconds(1));
    }
    assertThat(source.health().lastSuccessfulFetch()).as("first key set fetched before the run").isPresent();
    clock.start();

    Counters counters = new Counters();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long firstThird = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) / 3;
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Random mine = new Random(seed + 1 + w);
      running.add(workers.submit(() -> {
        while (System.nanoTime() < deadline) {
          int pick = mine.nextInt(100);
          if (pick < 55) {
            String token = issuer.validToken();
            counters.expectAccept(() -> jwt.authenticate(token).subject(), "valid token of " + issuer.signingKid());
          } else if (pick < 80) {
            String token = issuer.hostileToken(mine);
            counters.expectReject(() -> jwt.authenticate(token).subject(), "hostile token");
          } else if (pick < 92) {
            String key = goodKeys.get(mine.nextInt(goodKeys.size()));
            counters.expectAccept(() -> apiKeys.authenticate(key).subject(), "valid API key");
          } else {
            String key = badKeys.get(mine.nextInt(badKeys.size()));
            counters.expectReject(() -> apiKeys.authenticate(key).subject(), "bad API key");
          }
          // Pacing, so the soak shares a small machine: not a wait for time.
          LockSupport.parkNanos(300_000);
        }
        return null;
      }));
    }
    long heapStart = 0;
    while (System.nanoTime() < firstThird) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    heapStart = heapAfterGc();
    for (Future<?> worker : running) {
      worker.get(seconds + 60, TimeUnit.SECONDS);
    }
    workers.shutdown();
    long heapEnd = heapAfterGc();
    Instant virtualEnd = clock.instant();
    long fetches = endpoint.requests.get();
    long healthAttempts = source.health().fetchAttempts();

    jwt.close();
    apiKeys.close();
    server.stop();
    List<Thread> leftovers = authkitThreads();
    for (Thread thread : leftovers) {
      thread.join(5_000);
    }
    leftovers = authkitThreads();

    Duration virtual = Duration.between(Instant.ofEpochSecond(Tokens.T0), virtualEnd);
    // Policy: a routine refresh at most every 48 s (80% of the lifetime) or, after a failure, every
    // cool-down; an unknown kid refreshes at most once per cool-down as well.
    long bound = virtual.toSeconds() / COOLDOWN.toSeconds() * 2 + 4;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("seed", seed);
    figures.put("real seconds", seconds);
    figures.put("virtual time", virtual);
    figures.put("requests", counters.total());
    figures.put("valid tokens", counters.validTokens.get());
    figures.put("hostile tokens", counters.hostileTokens.get());
    figures.put("API keys (good/bad)", counters.goodKeys.get() + "/" + counters.badKeys.get());
    figures.put("keys published (rotations)", issuer.published(virtualEnd));
    figures.put("keys that signed tokens", issuer.keysUsed.size());
    figures.put("fault stretches", faults.stretchesStarted(virtualEnd));
    figures.put("faulted responses", endpoint.faulted);
    figures.put("false accepts", counters.falseAccepts.get());
    figures.put("false rejects", counters.falseRejects.get());
    figures.put("JWK set fetches (server / health)", fetches + " / " + healthAttempts + " (bound " + bound + ")");
    figures.put("heap after GC, first third -> end (KiB)", heapStart / 1024 + " -> " + heapEnd / 1024);
    figures.put("authkit threads after close()", leftovers.size());
    figures.forEach((name, value) -> System.out.printf("soak: %-40s %s%n", name, value));

    assertThat(counters.problems).as("first problems").isEmpty();
    assertThat(counters.falseRejects.get()).isZero();
    assertThat(counters.falseAccepts.get()).isZero();
    assertThat(counters.validTokens.get()).isPositive();
    assertThat(issuer.keysUsed.size()).as("rotations that reached tokens").isGreaterThanOrEqualTo(
        (int) (virtual.minus(PUBLISH_AHEAD).toSeconds() / ROTATION.toSeconds()));
    assertThat(faults.stretchesStarted(virtualEnd)).isNotEmpty();
    assertThat(fetches).isPositive().isLessThanOrEqualTo(bound);
    assertThat(heapEnd).isLessThan((long) (heapStart * 1.10));
    assertThat(leftovers).extracting(Thread::getName).isEmpty();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static List<Thread> authkitThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("authkit-") && thread.isAlive()) {
        found.add(thread);
      }
    }
    return found;
  }

  /** A clock that runs {@code scale} times faster than the JVM's monotonic time. Thread-safe. */
  /**
   * Virtual time running {@code scale} times faster than real time, from {@link #start()} on;
   * before that it stands at the origin, so set-up (key generation, the first fetch on a cold JVM)
   * never eats into the schedule of rotations and faults.
   */
  static final class ScaledClock extends Clock {
    private volatile Instant origin;
    private volatile long startNanos = -1;
    private final int scale;

    ScaledClock(Instant origin, int scale) {
      this.origin = origin;
      this.scale = scale;
    }

    void start() {
      startNanos = System.nanoTime();
    }

    /** Moves a clock that has not started yet forward, as if set-up had taken that long. */
    void nudge(Duration by) {
      origin = origin.plus(by);
    }

    @Override
    public Instant instant() {
      long started = startNanos;
      return started < 0 ? origin : origin.plusNanos((System.nanoTime() - started) * scale);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * The identity provider: key {@code i} is published at {@code i × ROTATION}, signs tokens from
   * {@code PUBLISH_AHEAD} later until the next key takes over, and is withdrawn once its last token
   * has expired (lifetime plus skew plus a margin).
   */
  static final class Issuer {
    private final Clock clock;
    private final Map<Integer, RSAKey> keys = new ConcurrentHashMap<>();
    private final Map<Integer, String[]> tokens = new ConcurrentHashMap<>();
    final Map<String, Boolean> keysUsed = new ConcurrentHashMap<>();
    private final RSAKey attacker = TestKeys.X_RSA;

    Issuer(Clock clock) {
      this.clock = clock;
    }

    private long elapsed(Instant at) {
      return Duration.between(Instant.ofEpochSecond(Tokens.T0), at).toSeconds();
    }

    RSAKey key(int index) {
      return keys.computeIfAbsent(index, i -> TestKeys.rsa("soak-" + i, 2048, com.nimbusds.jose.JWSAlgorithm.RS256));
    }

    int signingIndex(Instant now) {
      long since = elapsed(now) - PUBLISH_AHEAD.toSeconds();
      return since < 0 ? -1 : (int) (since / ROTATION.toSeconds());
    }

    String signingKid() {
      return "soak-" + Math.max(0, signingIndex(clock.instant()));
    }

    int published(Instant now) {
      return (int) (elapsed(now) / ROTATION.toSeconds()) + 1;
    }

    /** The public keys on the endpoint at {@code now}. */
    JWKSet publishedSet(Instant now) {
      List<JWK> visible = new ArrayList<>();
      long t = elapsed(now);
      long keep = PUBLISH_AHEAD.toSeconds() + ROTATION.toSeconds() + TOKEN_LIFETIME.toSeconds() + 60 + 120;
      for (int i = 0; i < published(now); i++) {
        if (t < i * ROTATION.toSeconds() + keep || i == 0 && signingIndex(now) < 1) {
          visible.add(key(i).toPublicJWK());
        }
      }
      return new JWKSet(visible);
    }

    /** A token from the current signing key, minted at most 30 (virtual) seconds ago. */
    String validToken() {
      Instant now = clock.instant();
      int index = Math.max(0, signingIndex(now));
      long bucket = elapsed(now) / 30;
      String[] cached = tokens.get(index);
      if (cached != null && Long.parseLong(cached[0]) == bucket) {
        return cached[1];
      }
      Map<String, Object> claims = Tokens.fixtureClaims();
      claims.put("iat", now.getEpochSecond());
      claims.put("nbf", now.getEpochSecond() - 10);
      claims.put("exp", now.getEpochSecond() + TOKEN_LIFETIME.toSeconds());
      Map<String, Object> header = Tokens.fixtureHeader();
      header.put("kid", "soak-" + index);
      String token = Tokens.sign(key(index), Tokens.json(header), Tokens.json(claims));
      tokens.put(index, new String[] {Long.toString(bucket), token});
      keysUsed.put("soak-" + index, Boolean.TRUE);
      return token;
    }

    String hostileToken(Random random) {
      String valid = validToken();
      String[] parts = valid.split("\\.");
      Map<String, Object> header = Tokens.fixtureHeader();
      header.put("kid", signingKid());
      Map<String, Object> claims = Tokens.fixtureClaims();
      long now = clock.instant().getEpochSecond();
      claims.put("exp", now + 300);
      switch (random.nextInt(9)) {
        case 0:
          return Tokens.b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        case 1:
          return parts[0] + "." + parts[1] + "." + Tokens.b64(new byte[256]);
        case 2:
          return Tokens.sign(attacker, Tokens.json(header), Tokens.json(claims));
        case 3:
          header.put("kid", "random-" + random.nextInt(1_000_000));
          return Tokens.sign(attacker, Tokens.json(header), Tokens.json(claims));
        case 4:
          claims.put("exp", now - 400);
          return Tokens.sign(key(Math.max(0, signingIndex(clock.instant()))), Tokens.json(header), Tokens.json(claims));
        case 5:
          claims.put("aud", "api://someone-else");
          return Tokens.sign(key(Math.max(0, signingIndex(clock.instant()))), Tokens.json(header), Tokens.json(claims));
        case 6:
          return parts[0] + "." + Tokens.b64("{\"iss\":\"" + Tokens.ISSUER_A + "\",\"sub\":\"admin\"}") + "." + parts[2];
        case 7:
          return valid + "." + "A".repeat(17_000);
        default:
          return "Bearer." + random.nextInt() + ".garbage";
      }
    }
  }

  /** Fault stretches: gaps of 30–180 s, stretches of 10–90 s (virtual), each of one kind. */
  static final class FaultSchedule {
    private final List<long[]> stretches = new ArrayList<>();
    private final List<FaultKind> kinds = new ArrayList<>();

    FaultSchedule(Random random, Duration run) {
      long at = 60;
      while (at < run.toSeconds()) {
        at += 30 + random.nextInt(151);
        long length = 10 + random.nextInt((int) LONGEST_FAULT.toSeconds() - 9);
        stretches.add(new long[] {at, at + length});
        kinds.add(FaultKind.values()[random.nextInt(FaultKind.values().length)]);
        at += length;
      }
    }

    FaultKind at(long elapsedSeconds) {
      for (int i = 0; i < stretches.size(); i++) {
        if (elapsedSeconds >= stretches.get(i)[0] && elapsedSeconds < stretches.get(i)[1]) {
          return kinds.get(i);
        }
      }
      return null;
    }

    Map<FaultKind, Integer> stretchesStarted(Instant now) {
      long t = Duration.between(Instant.ofEpochSecond(Tokens.T0), now).toSeconds();
      Map<FaultKind, Integer> started = new EnumMap<>(FaultKind.class);
      for (int i = 0; i < stretches.size(); i++) {
        if (stretches.get(i)[0] < t) {
          started.merge(kinds.get(i), 1, Integer::sum);
        }
      }
      return started;
    }
  }

  /** Serves the issuer's current set, or the fault of the current stretch; counts requests. */
  static final class JwksEndpoint implements ResponseDefinitionTransformerV2 {
    private final Issuer issuer;
    private final FaultSchedule faults;
    private final Clock clock;
    final AtomicLong requests = new AtomicLong();
    final Map<FaultKind, AtomicInteger> faulted = new ConcurrentHashMap<>();

    JwksEndpoint(Issuer issuer, FaultSchedule faults, Clock clock) {
      this.issuer = issuer;
      this.faults = faults;
      this.clock = clock;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      requests.incrementAndGet();
      Instant now = clock.instant();
      FaultKind fault = faults.at(Duration.between(Instant.ofEpochSecond(Tokens.T0), now).toSeconds());
      ResponseDefinitionBuilder response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
          .withHeader("Cache-Control", "max-age=" + TIME_TO_LIVE.toSeconds());
      if (fault != null) {
        faulted.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
        Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> apply = switch (fault) {
          case HTTP_500 -> r -> r.withStatus(500).withBody("{\"error\":\"internal\"}");
          case CONNECTION_RESET -> r -> r.withFault(Fault.CONNECTION_RESET_BY_PEER);
          case DELAY_2S -> r -> r.withFixedDelay(2000).withBody(issuer.publishedSet(now).toString());
          case GARBAGE -> r -> r.withBody("<html><body>502 Bad Gateway</body></html>");
        };
        return apply.apply(response).build();
      }
      return response.withBody(issuer.publishedSet(now).toString()).build();
    }

    @Override
    public String getName() {
      return "soak-jwks";
    }
  }

  /** Outcome counts; the first few problems in words. */
  static final class Counters {
    final AtomicLong validTokens = new AtomicLong();
    final AtomicLong hostileTokens = new AtomicLong();
    final AtomicLong goodKeys = new AtomicLong();
    final AtomicLong badKeys = new AtomicLong();
    final AtomicLong falseAccepts = new AtomicLong();
    final AtomicLong falseRejects = new AtomicLong();
    final List<String> problems = new CopyOnWriteArrayList<>();

    long total() {
      return validTokens.get() + hostileTokens.get() + goodKeys.get() + badKeys.get();
    }

    void expectAccept(java.util.function.Supplier<String> call, String what) {
      (what.startsWith("valid token") ? validTokens : goodKeys).incrementAndGet();
      try {
        call.get();
      } catch (AuthenticationException e) {
        falseRejects.incrementAndGet();
        note(what + " rejected: " + e.reason() + " (" + e.getMessage() + ")");
      }
    }

    void expectReject(java.util.function.Supplier<String> call, String what) {
      (what.startsWith("hostile") ? hostileTokens : badKeys).incrementAndGet();
      try {
        String subject = call.get();
        falseAccepts.incrementAndGet();
        note(what + " accepted as " + subject);
      } catch (AuthenticationException expected) {
        // rejected, as it must be
      }
    }

    private void note(String problem) {
      if (problems.size() < 10) {
        problems.add(Instant.now() + " " + problem);
      }
    }
  }
}
