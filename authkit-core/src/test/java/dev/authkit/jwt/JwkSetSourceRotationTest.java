package dev.authkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BR-16 (kid flood, single-flight, rotation, removal) and a full key rotation, over real HTTPS. */
class JwkSetSourceRotationTest {

  private static final String PATH = "/a/jwks";
  private static final RSAKey A_RSA_3 = TestKeys.rsa("a-rsa-3", 2048, JWSAlgorithm.RS256);
  private static WireMockServer server;

  private final MutableClock clock = MutableClock.atT0();
  private ExecutorService pool;
  private JwtAuthenticator authenticator;

  @BeforeAll
  static void startServer() {
    server = JwksServers.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1, TestKeys.A_EC_1);
    pool = Executors.newFixedThreadPool(50);
    authenticator = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(JwkSetSource.fromJwksUri(JwksServers.https(server, PATH))
            .sslContext(TestTls.get().clientContext()).clock(clock).build())
        .clock(clock)
        .build();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    authenticator.close();
  }

  private String signedBy(RSAKey key, String kid) {
    return Tokens.at(key, kid, Tokens.ISSUER_A, clock.epochSecond());
  }

  private static int fetches() {
    return JwksServers.requests(server, PATH);
  }

  private Reason reasonOf(String token) {
    try {
      authenticator.authenticate(token);
      return null;
    } catch (AuthenticationException e) {
      return e.reason();
    }
  }

  @Test
  void authenticateWhenKidFloodThenFetchesBoundedAndValidTokensUnaffected() throws Exception {
    // Phase 1: warm-up.
    String valid = signedBy(TestKeys.A_RSA_1, "a-rsa-1");
    assertThat(authenticator.authenticate(valid).subject()).isEqualTo("user-0001");
    assertThat(fetches()).isEqualTo(1);

    // Phase 2: 1,000 random-kid tokens from 50 threads, interleaved with 200 valid ones.
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      flood.add(signedBy(TestKeys.X_RSA, UUID.randomUUID().toString()));
    }
    List<Callable<Reason>> calls = new ArrayList<>();
    AtomicLong slowestValidNanos = new AtomicLong();
    for (int i = 0; i < 1000; i++) {
      String token = flood.get(i);
      calls.add(() -> reasonOf(token));
      if (i % 5 == 0) {
        calls.add(() -> {
          long start = System.nanoTime();
          Reason reason = reasonOf(valid);
          slowestValidNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
          return reason == null ? null : reason;
        });
      }
    }
    Collections.shuffle(calls);
    long start = System.nanoTime();
    List<Future<Reason>> results = pool.invokeAll(calls);
    Duration stormTook = Duration.ofNanos(System.nanoTime() - start);

    int accepted = 0;
    int unknownKey = 0;
    for (Future<Reason> result : results) {
      Reason reason = result.get();
      if (reason == null) {
        accepted++;
      } else if (reason == Reason.UNKNOWN_KEY) {
        unknownKey++;
      }
    }
    assertThat(accepted).isEqualTo(200);
    assertThat(unknownKey).isEqualTo(1000);
    assertThat(fetches()).isLessThanOrEqualTo(2);
    assertThat(Duration.ofNanos(slowestValidNanos.get())).isLessThan(Duration.ofSeconds(1));
    System.out.printf("FIGURE kidFlood tokens=1000 valid=200 fetchesIncludingWarmUp=%d stormMs=%d slowestValidMs=%d%n",
        fetches(), stormTook.toMillis(), Duration.ofNanos(slowestValidNanos.get()).toMillis());

    // Still inside the cool-down: a flood of new random kids fetches nothing more.
    for (int i = 0; i < 100; i++) {
      assertThat(reasonOf(signedBy(TestKeys.X_RSA, UUID.randomUUID().toString()))).isEqualTo(Reason.UNKNOWN_KEY);
    }
    assertThat(fetches()).isLessThanOrEqualTo(2);
    int afterStorm = fetches();

    // Phase 3: the issuer publishes a-rsa-3 (answering slowly, so callers overlap the fetch); after
    // the cool-down 1,000 concurrent requests with the new kid cause exactly one fetch.
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(PATH)).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse().withFixedDelay(300)
            .withBody(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1, A_RSA_3).toString())));
    clock.advance(Duration.ofSeconds(31));
    String rotated = signedBy(A_RSA_3, "a-rsa-3");
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Reason>> concurrent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      concurrent.add(() -> {
        go.await();
        return reasonOf(rotated);
      });
    }
    List<Future<Reason>> futures = new ArrayList<>();
    for (Callable<Reason> call : concurrent) {
      futures.add(pool.submit(call));
    }
    go.countDown();
    for (Future<Reason> future : futures) {
      assertThat(future.get(10, TimeUnit.SECONDS)).isNull();
    }
    assertThat(fetches()).isEqualTo(afterStorm + 1);
    System.out.printf("FIGURE newKidConcurrent requests=1000 fetches=%d%n", fetches() - afterStorm);

    // Phase 4: the issuer drops a-rsa-1; once the refreshed set is fetched, V is rejected.
    JwksServers.serve(server, PATH, TestKeys.A_EC_1, A_RSA_3);
    clock.advance(Duration.ofMinutes(6));
    String old = signedBy(TestKeys.A_RSA_1, "a-rsa-1");
    assertThat(reasonOf(old)).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(reasonOf(signedBy(A_RSA_3, "a-rsa-3"))).isNull();
  }

  @Test
  void authenticateWhenUnknownKidRepeatedThenRememberedUntilNextRefresh() {
    authenticator.authenticate(signedBy(TestKeys.A_RSA_1, "a-rsa-1"));
    String stranger = signedBy(TestKeys.X_RSA, "x-1");

    assertThat(reasonOf(stranger)).isEqualTo(Reason.UNKNOWN_KEY); // refresh #2
    clock.advance(Duration.ofSeconds(31));
    assertThat(reasonOf(signedBy(TestKeys.X_RSA, "x-1"))).isEqualTo(Reason.UNKNOWN_KEY); // remembered: no fetch
    assertThat(fetches()).isEqualTo(2);

    // Positive control: another unknown kid after the cool-down does refresh.
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1, TestKeys.A_EC_1, A_RSA_3);
    assertThat(reasonOf(signedBy(A_RSA_3, "a-rsa-3"))).isNull();
    assertThat(fetches()).isEqualTo(3);
  }

  @Test
  void authenticateWhenIssuerRotatesKeysThenNoValidTokenRejectedAndRemovedKeyStops() {
    List<Reason> wrongRejections = new ArrayList<>();
    // Step 1: only a-rsa-1 is in use.
    for (int i = 0; i < 10; i++) {
      expectAccepted(signedBy(TestKeys.A_RSA_1, "a-rsa-1"), wrongRejections);
      clock.advance(Duration.ofSeconds(20));
    }
    // Step 2: the issuer pre-publishes a-rsa-3 and keeps signing with a-rsa-1 for a while;
    // routine refresh-ahead picks the new key up without any unknown-kid fetch.
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1, TestKeys.A_EC_1, A_RSA_3);
    for (int i = 0; i < 30; i++) {
      expectAccepted(signedBy(TestKeys.A_RSA_1, "a-rsa-1"), wrongRejections);
      clock.advance(Duration.ofSeconds(20));
    }
    awaitFetchesAtLeast(2);
    // Step 3: the issuer signs with a-rsa-3; tokens signed earlier with a-rsa-1 are still valid.
    for (int i = 0; i < 10; i++) {
      expectAccepted(signedBy(A_RSA_3, "a-rsa-3"), wrongRejections);
      expectAccepted(signedBy(TestKeys.A_RSA_1, "a-rsa-1"), wrongRejections);
      clock.advance(Duration.ofSeconds(5));
    }
    // Step 4: the issuer removes a-rsa-1; after the next fetch it no longer verifies.
    JwksServers.serve(server, PATH, TestKeys.A_EC_1, A_RSA_3);
    clock.advance(Duration.ofMinutes(6));
    expectAccepted(signedBy(A_RSA_3, "a-rsa-3"), wrongRejections);
    assertThat(wrongRejections).isEmpty();
    assertThatThrownBy(() -> authenticator.authenticate(signedBy(TestKeys.A_RSA_1, "a-rsa-1")))
        .isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.UNKNOWN_KEY);
  }

  private void expectAccepted(String token, List<Reason> wrongRejections) {
    Reason reason = reasonOf(token);
    if (reason != null) {
      wrongRejections.add(reason);
    }
  }

  private static void awaitFetchesAtLeast(int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fetches() < expected && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // poll for the background thread's work
    }
    assertThat(fetches()).isGreaterThanOrEqualTo(expected);
  }
}
