package dev.authkit.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authkit.AuthEvent;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthResult;
import dev.authkit.AuthenticationException;
import dev.authkit.Reason;
import dev.authkit.access.AccessRules;
import dev.authkit.access.Requirement;
import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.ApiKeyRateLimit;
import dev.authkit.apikey.ApiKeyRecord;
import dev.authkit.apikey.ApiKeyStore;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.apikey.IssuedApiKey;
import dev.authkit.http.AuthKit;
import dev.authkit.http.RequestView;
import dev.authkit.internal.Redaction;
import dev.authkit.internal.apikey.ApiKeyFormat;
import dev.authkit.jwt.JwkSetSource;
import dev.authkit.jwt.JwtAuthenticator;
import dev.authkit.jwt.TrustedIssuer;
import dev.authkit.testing.CapturedLogs;
import dev.authkit.testing.JwksServers;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.SecretScanner;
import dev.authkit.testing.TestKeys;
import dev.authkit.testing.Tokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * CASES.md BR-28 in core: canary tokens and API keys go through the success path and every failure
 * path of {@link JwtAuthenticator}, {@link JwkSetSource}, {@link ApiKeyAuthenticator} and
 * {@link AuthKit}, with authkit's loggers at TRACE; no log line, MDC value, exception (message and
 * causes), {@code toString()}, {@link AuthEvent} or response holds a token, one of its segments, an
 * API key or its secret, a claim value, or a JWK set URL's query. The suite-wide scan
 * ({@code NoSecretsInLogsExtension}) covers every other test of the module the same way.
 */
class SecretsNeverLoggedTest {

  private static final String CANARY_AUDIENCE = "CANARY-AUD-7f3e";
  private static final String CANARY_CLAIM = "CANARY-CLAIM-5b2a@example.com";
  private static final String CANARY_QUERY = "CANARY-QUERY-c41d";
  private static final String CANARY_STORE = "CANARY-STORE-MESSAGE-90aa";
  private static final String CANARY_GARBAGE = "CANARY-GARBAGE-TOKEN-31f7";

  private final MutableClock clock = MutableClock.atT0();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final List<Object> scanned = new ArrayList<>();
  private WireMockServer server;
  private JwtAuthenticator jwt;
  private ApiKeyAuthenticator apiKeys;
  private ApiKeyIssuer issuer;
  private AuthKit authKit;
  private JwkSetSource sourceA;
  private JwkSetSource sourceB;

  @BeforeEach
  void setUp() {
    SecretScanner.forbid(CANARY_AUDIENCE, CANARY_CLAIM, CANARY_QUERY, CANARY_STORE, CANARY_GARBAGE);
    server = JwksServers.start();
    JwksServers.serve(server, "/jwks", TestKeys.A_RSA_1);
    server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(500).withBody("oops")));
    sourceA = JwkSetSource.fromJwksUri(JwksServers.http(server, "/jwks?client_secret=" + CANARY_QUERY))
        .insecureAllowHttpOnLoopback().clock(clock).addEventListener(events::add).build();
    sourceB = JwkSetSource.fromJwksUri(JwksServers.http(server, "/down?client_secret=" + CANARY_QUERY))
        .insecureAllowHttpOnLoopback().clock(clock).addEventListener(events::add).build();
    jwt = JwtAuthenticator.builder()
        .issuer(Tokens.ISSUER_A).audience(Tokens.AUDIENCE).keySource(sourceA)
        .trustedIssuer(TrustedIssuer.builder(Tokens.ISSUER_B).audience(Tokens.AUDIENCE).keySource(sourceB).build())
        .clock(clock).addEventListener(events::add).build();
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    apiKeys = ApiKeyAuthenticator.builder().store(store).prefixes("sk_canary").clock(clock)
        .addEventListener(events::add).build();
    issuer = ApiKeyIssuer.builder().prefix("sk_canary").store(store).clock(clock).invalidates(apiKeys).build();
    authKit = AuthKit.builder().jwt(jwt).apiKeys(apiKeys).clock(clock).addEventListener(events::add)
        .accessRules(AccessRules.builder().permitAll("/health").rule("GET", "/v1/orders", Requirement.allScopes("read"))
            .rule("POST", "/v1/orders", Requirement.allScopes("orders:write")).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    jwt.close();
    server.stop();
  }

  @Test
  void credentialsWhenThroughEveryPathThenNeverInLogsMessagesEventsOrResponses() {
    String valid = Tokens.fixtureWithClaims(c -> c.put("email", CANARY_CLAIM));
    String canaryAudience = Tokens.fixtureWithClaims(c -> c.put("aud", CANARY_AUDIENCE));
    String forged = Tokens.sign(TestKeys.X_RSA, Tokens.json(Tokens.fixtureHeader()),
        Tokens.json(Tokens.fixtureClaims()));
    String crlfKid = Tokens.fixtureWithHeader(TestKeys.A_RSA_1, h -> h.put("kid", "a-rsa-1\r\nX-Injected: CANARY"));
    String expired = Tokens.fixtureWithClaims(c -> c.put("exp", Tokens.T0 - 3600));
    String keysDown = Tokens.fixtureWithClaims(c -> c.put("iss", Tokens.ISSUER_B));
    String untrusted = Tokens.fixtureWithClaims(c -> c.put("iss", "https://" + CANARY_GARBAGE + ".example"));
    // A subject with CR/LF and a bidi override: refused, and nothing of it reaches a log line raw.
    String controlSubject = Tokens.fixtureWithClaims(c -> c.put("sub", "user\r\nX-Injected: sub\u202e"));
    String[] parts = valid.split("\\.");
    String algNone = Tokens.b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
    String oversized = valid + "." + "A".repeat(20_000);
    String garbage = CANARY_GARBAGE + "." + parts[1] + "." + parts[2];
    for (String token : List.of(valid, canaryAudience, forged, crlfKid, expired, keysDown, untrusted, controlSubject)) {
      SecretScanner.forbid(token.split("\\.")[0]);
    }

    IssuedApiKey readKey = issuer.newKey("service-read").scopes("read").issue();
    IssuedApiKey revoked = issuer.newKey("service-revoked").scopes("read").issue();
    issuer.revoke(revoked.keyId());
    IssuedApiKey limited = issuer.newKey("service-limited").scopes("read")
        .rateLimit(ApiKeyRateLimit.of(1, Duration.ofHours(1))).issue();
    IssuedApiKey expiring = issuer.newKey("service-expiring").scopes("read").expiresIn(Duration.ofMinutes(1)).issue();
    String key = readKey.plaintext();
    String wrongSecret = withOtherSecret(key);
    String badChecksum = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
    String unknownId = ApiKeyFormat.newKey("sk_canary", ApiKeyFormat.newKeyId(new SecureRandom()), new SecureRandom());
    String otherPrefix = ApiKeyFormat.newKey("sk_other", readKey.keyId(), new SecureRandom());
    for (IssuedApiKey issued : List.of(readKey, revoked, limited, expiring)) {
      forbidKey(issued.plaintext());
    }
    for (String k : List.of(wrongSecret, badChecksum, unknownId, otherPrefix)) {
      forbidKey(k);
    }

    try (CapturedLogs.Recording logs = CapturedLogs.record()) {
      // Core authenticators, success and every failure.
      AuthPrincipal principal = jwt.authenticate(valid);
      assertThat(principal.subject()).isEqualTo("user-0001");
      assertThat(principal.claims()).containsEntry("email", CANARY_CLAIM);
      scanned.add(principal);
      Map<String, Reason> jwtFailures = new java.util.LinkedHashMap<>();
      // A subject with control characters is refused outright (an application logging it would be open to injection).
      jwtFailures.put(controlSubject, Reason.INVALID_CLAIM);
      jwtFailures.put(canaryAudience, Reason.AUDIENCE_MISMATCH);
      jwtFailures.put(forged, Reason.BAD_SIGNATURE);
      jwtFailures.put(crlfKid, Reason.UNKNOWN_KEY);
      jwtFailures.put(expired, Reason.EXPIRED);
      jwtFailures.put(keysDown, Reason.KEYS_UNAVAILABLE);
      jwtFailures.put(untrusted, Reason.ISSUER_MISMATCH);
      jwtFailures.put(algNone, Reason.ALGORITHM_NOT_ALLOWED);
      jwtFailures.put(oversized, Reason.TOO_LARGE);
      jwtFailures.put(garbage, Reason.MALFORMED);
      jwtFailures.forEach((token, reason) -> assertThat(rejection(() -> jwt.authenticate(token)).reason())
          .as(reason.name()).isEqualTo(reason));

      assertThat(apiKeys.authenticate(key).subject()).isEqualTo("service-read");
      assertThat(apiKeys.authenticate(limited.plaintext()).subject()).isEqualTo("service-limited");
      Map<String, Reason> keyFailures = new java.util.LinkedHashMap<>();
      keyFailures.put(wrongSecret, Reason.INVALID_API_KEY);
      keyFailures.put(badChecksum, Reason.INVALID_API_KEY);
      keyFailures.put(unknownId, Reason.INVALID_API_KEY);
      keyFailures.put(otherPrefix, Reason.INVALID_API_KEY);
      keyFailures.put(revoked.plaintext(), Reason.REVOKED);
      keyFailures.put(limited.plaintext(), Reason.RATE_LIMITED);
      keyFailures.put(key + CANARY_GARBAGE.repeat(3), Reason.INVALID_API_KEY);
      keyFailures.forEach((k, reason) -> assertThat(rejection(() -> apiKeys.authenticate(k)).reason())
          .as(reason.name()).isEqualTo(reason));
      ApiKeyAuthenticator failingStore = ApiKeyAuthenticator.builder().store(new FailingStore()).prefixes("sk_canary")
          .clock(clock).addEventListener(events::add).build();
      assertThat(rejection(() -> failingStore.authenticate(key)).reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
      scanned.add(failingStore);

      // The request facade: header credentials, grammar errors, plain HTTP, ambiguity.
      List<List<Map.Entry<String, String>>> requests = new ArrayList<>();
      for (String token : List.of(valid, canaryAudience, forged, crlfKid, expired, keysDown, algNone, garbage)) {
        requests.add(List.of(Map.entry("Authorization", "Bearer " + token)));
      }
      for (String k : List.of(key, wrongSecret, badChecksum, revoked.plaintext(), limited.plaintext())) {
        requests.add(List.of(Map.entry("X-API-Key", k)));
        requests.add(List.of(Map.entry("Authorization", "Bearer " + k)));
      }
      requests.add(List.of(Map.entry("Authorization", "Bearer " + valid + "#" + CANARY_GARBAGE)));
      requests.add(List.of(Map.entry("Authorization", "Bearer " + valid + " " + CANARY_GARBAGE)));
      requests.add(List.of(Map.entry("Authorization", "Bearer\t" + valid)));
      requests.add(List.of(Map.entry("Authorization", "Basic " + Tokens.b64("user:" + CANARY_GARBAGE))));
      requests.add(List.of(Map.entry("Authorization", "Bearer " + valid), Map.entry("Authorization", "Bearer " + valid)));
      requests.add(List.of(Map.entry("Authorization", "Bearer " + valid), Map.entry("X-API-Key", key)));
      requests.add(List.of(Map.entry("X-API-Key", key), Map.entry("X-API-Key", key)));
      int answered = 0;
      for (List<Map.Entry<String, String>> headers : requests) {
        for (String method : List.of("GET", "POST")) {
          for (String scheme : List.of("https", "http")) {
            RequestView.Builder view = RequestView.builder(method, "/v1/orders").scheme(scheme).remoteAddress("192.0.2.1");
            headers.forEach(h -> view.header(h.getKey(), h.getValue()));
            RequestView request = view.build();
            AuthKit.Outcome outcome = authKit.handle(request);
            scanned.add(request);
            scanned.add(outcome);
            outcome.responseToWrite().ifPresent(response -> {
              scanned.add(response);
              scanned.add(response.body());
              scanned.add(response.headers());
            });
            outcome.caller().ifPresent(scanned::add);
            scanned.add(authKit.authenticate(request));
            answered++;
          }
        }
      }
      assertThat(answered).isEqualTo(requests.size() * 4);
      assertThat(authKit.handle(https("Bearer " + valid)).caller()).isPresent();
      assertThat(authKit.authenticate(https("Bearer " + forged))).isInstanceOf(AuthResult.Failed.class);

      // Expiry last: the clock moves past the key's lifetime (and the JWK set's).
      clock.advance(Duration.ofMinutes(2));
      assertThat(rejection(() -> apiKeys.authenticate(expiring.plaintext())).reason()).isEqualTo(Reason.API_KEY_EXPIRED);

      // Configured objects and health say nothing secret either.
      scanned.addAll(List.of(jwt, apiKeys, authKit, issuer, readKey, readKey.record(), sourceA, sourceB,
          sourceA.health(), sourceB.health()));
      scanned.addAll(events);

      // Positive controls: the scan saw authkit's lines about these very credentials.
      assertThat(CapturedLogs.installed()).isTrue();
      List<String> lines = logs.texts();
      assertThat(lines).anyMatch(l -> l.contains("JWT rejected: AUDIENCE_MISMATCH"))
          .anyMatch(l -> l.contains("JWT rejected: BAD_SIGNATURE") && l.contains(Redaction.fingerprint(forged)))
          .anyMatch(l -> l.contains("API key rejected: INVALID_API_KEY") && l.contains(readKey.keyId()))
          .anyMatch(l -> l.contains("JWK set fetch failed"))
          .anyMatch(l -> l.contains("Request refused: HTTPS_REQUIRED"));
      assertThat(events).extracting(AuthEvent::type).contains(AuthEvent.Type.AUTHENTICATION_SUCCEEDED,
          AuthEvent.Type.AUTHENTICATION_FAILED, AuthEvent.Type.VERIFICATION_UNAVAILABLE,
          AuthEvent.Type.KEY_SET_FETCH_FAILED, AuthEvent.Type.KEY_SET_REFRESHED);
      scanned.addAll(lines);
    }

    SecretScanner.assertClean("captured lines, messages, events, toString() and responses", scanned.toArray());
    for (AuthEvent event : events) {
      SecretScanner.assertClean("event fields", event.detail(), event.subject().orElse(""), event.keyId().orElse(""),
          event.issuer().orElse(""), event.credentialFingerprint().orElse(""));
      assertThat(event.toString() + event.keyId().orElse("")).doesNotContain("\r").doesNotContain("\n");
    }
    for (Object value : scanned) {
      assertThat(String.valueOf(value)).as("no raw CR/LF from a kid").doesNotContain("\r\nX-Injected");
    }
  }

  /** The harness can fail: a credential logged by an authkit logger, or put in a message, is found. */
  @Test
  void scannerWhenCredentialPresentThenReportsIt() {
    String token = Tokens.fixture();
    IssuedApiKey issued = issuer.newKey("svc").issue();
    String secret = forbidKey(issued.plaintext());
    LoggerFactory.getLogger("dev.authkit.selftest").trace("token {}", token);
    LoggerFactory.getLogger("dev.authkit.selftest").info("cut {}", token.split("\\.")[2].substring(0, 20));
    LoggerFactory.getLogger("dev.authkit.selftest").debug("key {}", issued.plaintext());
    LoggerFactory.getLogger("dev.authkit.selftest").warn("secret {}", secret);
    LoggerFactory.getLogger("dev.authkit.selftest").warn("fine", new IllegalStateException("nested",
        new RuntimeException("aud " + CANARY_AUDIENCE)));
    LoggerFactory.getLogger("dev.authkit.selftest").info("allowed: kid a-rsa-1, fingerprint {}", Redaction.fingerprint(token));
    List<CapturedLogs.Line> violations = CapturedLogs.takeViolations();
    assertThat(violations).hasSize(5);
    assertThat(violations.toString()).doesNotContain(token.split("\\.")[2].substring(0, 20)).doesNotContain(secret);
    assertThatThrownBy(() -> SecretScanner.assertClean("a message", new IllegalStateException("x " + token)))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> SecretScanner.assertClean("a message", "k=" + secret)).isInstanceOf(AssertionError.class);
    SecretScanner.assertClean("allowed values", Redaction.fingerprint(token), issued.keyId(), "jti-0001", "a-rsa-1");
  }

  /** The whole key is found by its shape; its secret part (public prefix and key id excluded) is registered. */
  private static String forbidKey(String key) {
    String secret = key.substring(key.length() - ApiKeyFormat.CHECKSUM_LENGTH - ApiKeyFormat.SECRET_LENGTH,
        key.length() - ApiKeyFormat.CHECKSUM_LENGTH);
    SecretScanner.forbid(secret);
    return secret;
  }

  /** Same prefix and key id, another secret, a correct checksum: reaches the hash comparison. */
  private static String withOtherSecret(String key) {
    String body = key.substring(0, key.length() - ApiKeyFormat.CHECKSUM_LENGTH);
    String head = body.substring(0, body.length() - ApiKeyFormat.SECRET_LENGTH);
    String secret = body.substring(body.length() - ApiKeyFormat.SECRET_LENGTH);
    String other = new StringBuilder(secret).reverse().toString();
    return head + other + ApiKeyFormat.checksum(head + other);
  }

  private static RequestView https(String authorization) {
    return RequestView.builder("GET", "/v1/orders").header("Authorization", authorization).build();
  }

  private AuthenticationException rejection(Runnable call) {
    try {
      call.run();
    } catch (AuthenticationException e) {
      scanned.add(e);
      return e;
    }
    throw new AssertionError("expected a rejection");
  }

  /** A store that fails with a message a careless library would pass on. */
  private static final class FailingStore implements ApiKeyStore {
    @Override
    public void insert(ApiKeyRecord record) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ApiKeyRecord> find(String keyId) {
      throw new IllegalStateException("connection refused while reading " + keyId + " " + CANARY_STORE);
    }

    @Override
    public boolean revoke(String keyId, Instant revokedAt) {
      return false;
    }

    @Override
    public boolean expire(String keyId, Instant expiresAt) {
      return false;
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsed) {}
  }
}
