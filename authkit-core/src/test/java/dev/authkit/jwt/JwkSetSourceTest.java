package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.AuthEvent;
import dev.authkit.AuthenticationException;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.TestTls;
import dev.authkit.testing.Tokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JwkSetSource} over real HTTPS and HTTP (WireMock): transport rules, cache policy, health, events. */
class JwkSetSourceTest {

  private static final String PATH = "/a/jwks";
  private static WireMockServer server;

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private JwkSetSource source;
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
  void serveKeys() {
    server.resetAll();
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1, TestKeys.A_EC_1);
  }

  @AfterEach
  void close() {
    if (authenticator != null) {
      authenticator.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private JwkSetSource.Builder https() {
    return JwkSetSource.fromJwksUri(JwksServers.https(server, PATH))
        .sslContext(TestTls.get().clientContext())
        .clock(clock)
        .addEventListener(events::add);
  }

  private JwtAuthenticator authenticatorFor(JwkSetSource keys) {
    this.source = keys;
    this.authenticator = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(keys)
        .clock(clock)
        .build();
    return authenticator;
  }

  private String token() {
    return Tokens.at(TestKeys.A_RSA_1, "a-rsa-1", Tokens.ISSUER_A, clock.epochSecond());
  }

  @Test
  void authenticateWhenKeysServedOverHttpsThenAccepts() {
    JwtAuthenticator auth = authenticatorFor(https().build());

    assertThat(auth.authenticate(token()).subject()).isEqualTo("user-0001");
    assertThat(auth.authenticate(Tokens.at(TestKeys.A_EC_1, "a-ec-1", Tokens.ISSUER_A, clock.epochSecond())).subject())
        .isEqualTo("user-0001");
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);
    assertThat(source.health().keyCount()).isEqualTo(2);
    assertThat(source.health().lastSuccessfulFetch()).contains(clock.instant());
    assertThat(source.health().lastError()).isEmpty();
    assertThat(events).extracting(AuthEvent::type).containsExactly(AuthEvent.Type.KEY_SET_REFRESHED);
  }

  @Test
  void buildWhenPlainHttpToRemoteHostThenRefused() {
    assertThatThrownBy(() -> JwkSetSource.fromJwksUri(URI.create("http://issuer-a.example/jwks")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not https");
    assertThatThrownBy(() -> JwkSetSource.fromJwksUri(URI.create("http://issuer-a.example/jwks"))
        .insecureAllowHttpOnLoopback().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback");
    assertThatThrownBy(() -> JwkSetSource.fromJwksUri(URI.create("file:///etc/passwd")).build())
        .isInstanceOf(IllegalArgumentException.class);
    // Positive control: https to any host is accepted at build time.
    JwkSetSource.fromJwksUri(URI.create("https://issuer-a.example/jwks")).build().close();
  }

  @Test
  void authenticateWhenPlainHttpToLoopbackThenOnlyWithInsecureSwitch() {
    assertThatThrownBy(() -> JwkSetSource.fromJwksUri(JwksServers.http(server, PATH)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("insecureAllowHttpOnLoopback");

    JwtAuthenticator auth = authenticatorFor(JwkSetSource.fromJwksUri(JwksServers.http(server, PATH))
        .insecureAllowHttpOnLoopback().clock(clock).build());

    assertThat(auth.authenticate(token()).subject()).isEqualTo("user-0001");
  }

  @Test
  void authenticateWhenServerCertificateNotTrustedThenKeysUnavailable() {
    // The JDK's default trust store does not know the test CA (BR-17 j).
    JwtAuthenticator auth = authenticatorFor(JwkSetSource.fromJwksUri(JwksServers.https(server, PATH))
        .clock(clock).addEventListener(events::add).build());

    assertThatThrownBy(() -> auth.authenticate(token()))
        .isInstanceOf(VerificationUnavailableException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(source.health().lastError()).hasValueSatisfying(error -> assertThat(error).contains("TLS"));
    assertThat(events).extracting(AuthEvent::type).contains(AuthEvent.Type.KEY_SET_FETCH_FAILED);
  }

  @Test
  void keysWhenWrongHostNameThenRefused() {
    // The certificate names localhost and 127.0.0.1; 127.0.0.2 is loopback but not named (BR-17 j).
    URI wrongHost = URI.create("https://127.0.0.2:" + server.httpsPort() + PATH);
    JwkSetSource keys = JwkSetSource.fromJwksUri(wrongHost).sslContext(TestTls.get().clientContext())
        .clock(clock).build();
    this.source = keys;

    assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class);
    // Positive control: the IP SAN is accepted.
    try (JwkSetSource byIp = JwkSetSource.fromJwksUri(URI.create("https://127.0.0.1:" + server.httpsPort() + PATH))
        .sslContext(TestTls.get().clientContext()).clock(clock).build()) {
      assertThat(byIp.keys().getKeys()).hasSize(2);
    }
  }

  @Test
  void keysWhenMaxAgeGivenThenCachedForClampedLifetime() {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse()
        .withHeader("Cache-Control", "public, max-age=7200")
        .withBody(TestKeys.publicSet(TestKeys.A_RSA_1).toString())));
    JwkSetSource keys = https().build();
    this.source = keys;

    keys.keys();
    clock.advance(Duration.ofMinutes(95)); // before 80% of 2 h
    keys.keys();
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);

    clock.advance(Duration.ofMinutes(30)); // past 80%: a background refresh starts
    keys.keys();
    awaitRequests(PATH, 2);
  }

  @Test
  void keysWhenNoStoreThenCachedForOneMinute() {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse()
        .withHeader("Cache-Control", "no-store")
        .withBody(TestKeys.publicSet(TestKeys.A_RSA_1).toString())));
    JwkSetSource keys = https().build();
    this.source = keys;

    keys.keys();
    clock.advance(Duration.ofSeconds(47)); // under 80% of the 1 min minimum
    keys.keys();
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(14)); // past the minute: this request waits for the new set
    keys.keys();
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
  }

  @Test
  void keysWhenNoCacheControlThenFiveMinutes() {
    JwkSetSource keys = https().build();
    this.source = keys;

    keys.keys();
    clock.advance(Duration.ofSeconds(239));
    keys.keys();
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(62)); // 5 min 1 s
    keys.keys();
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
  }

  @Test
  void keysWhenInRefreshWindowAndEndpointSlowThenDoesNotWait() {
    JwtAuthenticator auth = authenticatorFor(https().build());
    auth.authenticate(token());
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withFixedDelay(3_000)
        .withBody(TestKeys.publicSet(TestKeys.A_RSA_1, TestKeys.A_EC_1).toString())));
    clock.advance(Duration.ofSeconds(250)); // 83% of 5 min

    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      auth.authenticate(token());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(1));
    awaitRequests(PATH, 2); // exactly one background refresh for the 20 requests
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
  }

  @Test
  void keysWhenResponseTimeoutShortenedThenSlowAnswerFailsWithinIt() {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withFixedDelay(3_000)
        .withBody(TestKeys.publicSet(TestKeys.A_RSA_1).toString())));
    JwkSetSource keys = https().responseTimeout(Duration.ofMillis(400)).build();
    this.source = keys;

    long start = System.nanoTime();
    assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(350)).isLessThan(Duration.ofMillis(1_500));
    assertThat(keys.health().lastError()).hasValueSatisfying(error -> assertThat(error).contains("400 ms"));
  }

  @Test
  void keysWhenServerAcceptsButNeverAnswersTlsThenFailsWithinDeadline() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = new Thread(() -> {
        List<java.net.Socket> held = new java.util.ArrayList<>();
        try {
          while (true) {
            held.add(silent.accept()); // accept, then say nothing: the TLS handshake never completes
          }
        } catch (java.io.IOException closed) {
          held.forEach(socket -> {
            try {
              socket.close();
            } catch (java.io.IOException ignored) {
              // closing anyway
            }
          });
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
      JwkSetSource keys = JwkSetSource.fromJwksUri(URI.create("https://127.0.0.1:" + silent.getLocalPort() + PATH))
          .sslContext(TestTls.get().clientContext()).clock(clock)
          .connectTimeout(Duration.ofMillis(300)).responseTimeout(Duration.ofSeconds(1)).build();
      this.source = keys;

      long start = System.nanoTime();
      assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
    }
  }

  @Test
  void warmUpWhenCalledThenFetchesBeforeFirstRequest() {
    JwkSetSource keys = https().build();
    this.source = keys;
    assertThat(keys.health().lastSuccessfulFetch()).isEmpty();
    assertThat(JwksServers.requests(server, PATH)).isZero();

    JwkSetHealth health = keys.warmUp();

    assertThat(health.lastSuccessfulFetch()).contains(clock.instant());
    assertThat(health.keyCount()).isEqualTo(2);
    assertThat(health.jwksUri()).contains(JwksServers.https(server, PATH));
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);
  }

  @Test
  void warmUpWhenEndpointDownThenReportsWithoutThrowing() {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    JwkSetSource keys = https().build();
    this.source = keys;

    JwkSetHealth health = keys.warmUp();

    assertThat(health.lastSuccessfulFetch()).isEmpty();
    assertThat(health.lastError()).hasValueSatisfying(error -> assertThat(error).contains("HTTP 503"));
    assertThat(health.lastErrorAt()).contains(clock.instant());
  }

  @Test
  void keysWhenTooManyRequestsWithRetryAfterThenNoAttemptBeforeIt() {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    JwkSetSource keys = https().build();
    this.source = keys;
    assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class);
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1);

    clock.advance(Duration.ofSeconds(60)); // past the 30 s cool-down, before Retry-After
    assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class);
    assertThatThrownBy(() -> keys.keysAfterUnknownKey("a-rsa-1")).isInstanceOf(VerificationUnavailableException.class);
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(61));
    assertThat(keys.keys().getKeys()).hasSize(1);
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
  }

  @Test
  void keysWhenEmptySetFetchedThenReplacesNonEmptySet() {
    JwtAuthenticator auth = authenticatorFor(https().build());
    auth.authenticate(token());
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withBody("{\"keys\":[]}")));
    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> auth.authenticate(token()))
        .isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(source.health().keyCount()).isZero();
    assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_SET_REFRESHED)
        .extracting(AuthEvent::severity).containsExactly(AuthEvent.Severity.INFO, AuthEvent.Severity.WARNING);
  }

  @Test
  void keysWhenSameDocumentFetchedAgainThenNoNewRefreshEvent() {
    JwkSetSource keys = https().build();
    this.source = keys;
    var first = keys.keys();
    clock.advance(Duration.ofMinutes(6));

    var second = keys.keys();

    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
    assertThat(second).isSameAs(first);
    assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_SET_REFRESHED).hasSize(1);
  }

  @Test
  void closeWhenCalledThenThreadsStopAndKeysUnavailable() throws InterruptedException {
    JwkSetSource keys = https().build();
    keys.keys();
    assertThat(threadNames()).anyMatch(name -> name.startsWith("authkit-jwks-"));

    keys.close();
    keys.close();

    assertThatThrownBy(keys::keys).isInstanceOf(VerificationUnavailableException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (threadNames().stream().anyMatch(name -> name.startsWith("authkit-jwks-")) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // poll for the background thread's work
    }
    assertThat(threadNames()).noneMatch(name -> name.startsWith("authkit-jwks-"));
  }

  @Test
  void builderWhenOptionSetTwiceThenRefused() {
    JwkSetSource.Builder builder = https();
    assertThatThrownBy(() -> builder.clock(clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock was already set");
    assertThatThrownBy(() -> https().maxResponseSize(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> https().defaultTimeToLive(Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }

  private static void awaitRequests(String path, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (JwksServers.requests(server, path) < expected && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // poll for the background thread's work
    }
    assertThat(JwksServers.requests(server, path)).isEqualTo(expected);
  }
}
