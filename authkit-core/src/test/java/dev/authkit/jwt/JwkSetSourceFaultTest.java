package dev.authkit.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
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
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BR-17: every fault of a JWK set endpoint, over real HTTPS. For each: the failing fetch ends within
 * the deadline, the last good keys keep verifying until max-stale (24 h past the 5 min lifetime),
 * then {@code KEYS_UNAVAILABLE}; a token for an unknown key is never accepted meanwhile.
 */
class JwkSetSourceFaultTest {

  private static final String PATH = "/a/jwks";
  private static final String OTHER = "/a/other-jwks";
  private static final String BIG = "x".repeat(10 * 1024 * 1024);
  /** The default 5 s deadline, plus scheduling slack on a busy 2-core machine. */
  private static final Duration BOUND = Duration.ofMillis(6_500);

  /** The faults of BR-17 and the issue, each installed on a server that served a good set before. */
  enum EndpointFault {
    CONNECTION_REFUSED((server, port) -> server.stop()),
    DELAY_30_SECONDS(stub(aResponse().withFixedDelay(30_000).withBody("{\"keys\":[]}"))),
    CONNECTION_RESET(stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
    EMPTY_RESPONSE(stub(aResponse().withFault(Fault.EMPTY_RESPONSE))),
    RANDOM_DATA_THEN_CLOSE(stub(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE))),
    STATUS_500(stub(aResponse().withStatus(500).withBody("{\"keys\":[]}"))),
    STATUS_404(stub(aResponse().withStatus(404))),
    STATUS_429(stub(aResponse().withStatus(429).withHeader("Retry-After", "120"))),
    HTML_200(stub(aResponse().withHeader("Content-Type", "text/html").withBody("<html>login</html>"))),
    NOT_JSON(stub(aResponse().withBody("hello"))),
    JSON_STRING(stub(aResponse().withBody("\"hello\""))),
    KEYS_NOT_ARRAY(stub(aResponse().withBody("{\"keys\":\"x\"}"))),
    EMPTY_OBJECT(stub(aResponse().withBody("{}"))),
    BODY_10_MB(stub(aResponse().withBody(BIG))),
    BODY_10_MB_CHUNKED_WITHOUT_LENGTH(stub(aResponse().withBody(BIG).withChunkedDribbleDelay(40, 2_000))),
    ENDLESS_CHUNKED_BODY(stub(aResponse().withBody("{\"keys\":[" + " ".repeat(1024 * 1024)).withChunkedDribbleDelay(20_000, 200_000))),
    REDIRECT_SAME_HOST((server, port) -> redirect(server, "https://localhost:" + port + OTHER)),
    REDIRECT_OTHER_HOST((server, port) -> redirect(server, "https://other.example/jwks")),
    REDIRECT_TO_HTTP((server, port) -> redirect(server, "http://localhost:" + server.port() + OTHER)),
    REDIRECT_LOOP((server, port) -> redirect(server, "https://localhost:" + port + PATH));

    final BiConsumer<WireMockServer, Integer> install;

    EndpointFault(BiConsumer<WireMockServer, Integer> install) {
      this.install = install;
    }
  }

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private WireMockServer server;
  private JwtAuthenticator authenticator;

  @AfterEach
  void stop() {
    if (authenticator != null) {
      authenticator.close();
    }
    if (server != null && server.isRunning()) {
      server.stop();
    }
  }

  private static BiConsumer<WireMockServer, Integer> stub(ResponseDefinitionBuilder response) {
    return (server, port) -> server.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
  }

  private static void redirect(WireMockServer server, String location) {
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(302).withHeader("Location", location)));
  }

  private JwtAuthenticator authenticator(URI jwksUri) {
    JwkSetSource source = JwkSetSource.fromJwksUri(jwksUri)
        .sslContext(TestTls.get().clientContext())
        .clock(clock)
        .addEventListener(events::add)
        .build();
    authenticator = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A)
        .audience(Tokens.AUDIENCE)
        .keySource(source)
        .clock(clock)
        .build();
    return authenticator;
  }

  private String valid() {
    return Tokens.at(TestKeys.A_RSA_1, "a-rsa-1", Tokens.ISSUER_A, clock.epochSecond());
  }

  private String unknownKey() {
    return Tokens.at(TestKeys.X_RSA, "x-1", Tokens.ISSUER_A, clock.epochSecond());
  }

  @ParameterizedTest
  @EnumSource(EndpointFault.class)
  void authenticateWhenEndpointFailsThenLastGoodKeysUntilMaxStaleThenKeysUnavailable(EndpointFault fault) {
    server = JwksServers.start();
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1);
    JwksServers.serve(server, OTHER, TestKeys.A_RSA_1, TestKeys.X_RSA);
    int port = server.httpsPort();
    JwtAuthenticator auth = authenticator(JwksServers.https(server, PATH));
    assertThat(auth.authenticate(valid()).subject()).isEqualTo("user-0001");

    fault.install.accept(server, port);
    clock.advance(Duration.ofMinutes(6)); // past the 5 min lifetime: this request waits for the refresh

    long start = System.nanoTime();
    assertThat(auth.authenticate(valid()).subject()).isEqualTo("user-0001");
    Duration refreshFailedAfter = Duration.ofNanos(System.nanoTime() - start);
    assertThat(refreshFailedAfter).isLessThan(BOUND);
    assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_SET_FETCH_FAILED).isNotEmpty();
    assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.KEY_SET_FETCH_FAILED)
        .allSatisfy(e -> assertThat(e.reason()).contains(Reason.KEYS_UNAVAILABLE));

    // Meanwhile a key the set never had is not accepted, and the stale set is served at once.
    start = System.nanoTime();
    assertThatThrownBy(() -> auth.authenticate(unknownKey()))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isIn(Reason.UNKNOWN_KEY, Reason.KEYS_UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);

    clock.advance(Duration.ofHours(23)); // T0 + 23 h 6 min: still within 24 h past the lifetime
    assertThat(auth.authenticate(valid()).subject()).isEqualTo("user-0001");
    if (fault.name().startsWith("REDIRECT")) {
      assertThat(JwksServers.requests(server, OTHER)).as("redirects are never followed").isZero();
    }

    clock.advance(Duration.ofMinutes(60)); // T0 + 24 h 6 min: beyond T0 + 5 min + 24 h
    start = System.nanoTime();
    String token = valid();
    assertThatThrownBy(() -> auth.authenticate(token))
        .isInstanceOf(VerificationUnavailableException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    Duration unavailableAfter = Duration.ofNanos(System.nanoTime() - start);
    assertThat(unavailableAfter).isLessThan(BOUND);
    System.out.printf("FIGURE fault=%s refreshFailedAfterMs=%d unavailableAfterMs=%d%n", fault,
        refreshFailedAfter.toMillis(), unavailableAfter.toMillis());

    // Within the cool-down after that failure, further requests fail at once without a fetch.
    start = System.nanoTime();
    assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOf(VerificationUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void authenticateWhenConnectionRefusedAtColdStartThenKeysUnavailableNotRejected() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JwtAuthenticator auth = authenticator(URI.create("https://localhost:" + port + PATH));

    long start = System.nanoTime();
    assertThatThrownBy(() -> auth.authenticate(valid()))
        .isInstanceOf(VerificationUnavailableException.class)
        .extracting(e -> ((AuthenticationException) e).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    // An unknown-key token is also 503, not 401: nothing can be decided without keys.
    assertThatThrownBy(() -> auth.authenticate(unknownKey())).isInstanceOf(VerificationUnavailableException.class);
    // Positive control: a bad token is still rejected before any key is needed.
    assertThatThrownBy(() -> auth.authenticate("not-a-token")).isInstanceOf(CredentialRejectedException.class);
  }

  @Test
  void authenticateWhenEndpointRecoversAfterColdStartFailureThenAcceptsAfterCooldown() {
    server = JwksServers.start();
    server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    JwtAuthenticator auth = authenticator(JwksServers.https(server, PATH));
    assertThatThrownBy(() -> auth.authenticate(valid())).isInstanceOf(VerificationUnavailableException.class);
    JwksServers.serve(server, PATH, TestKeys.A_RSA_1);

    clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> auth.authenticate(valid())).isInstanceOf(VerificationUnavailableException.class);
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(auth.authenticate(valid()).subject()).isEqualTo("user-0001");
    assertThat(JwksServers.requests(server, PATH)).isEqualTo(2);
  }
}
