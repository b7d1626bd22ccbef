package dev.authkit.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.authkit.AuthEvent;
import dev.authkit.AuthPrincipal;
import dev.authkit.AuthenticationException;
import dev.authkit.AuthenticationMethod;
import dev.authkit.CredentialRejectedException;
import dev.authkit.Reason;
import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.apikey.ApiKeyFormat;
import dev.authkit.testing.CountingApiKeyStore;
import dev.authkit.testing.MutableClock;
import dev.authkit.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class ApiKeyAuthenticatorTest {

  private final MutableClock clock = MutableClock.at(Tokens.T0);
  private final CountingApiKeyStore store = new CountingApiKeyStore(new InMemoryApiKeyStore());
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
  private final ApiKeyAuthenticator authenticator = ApiKeyAuthenticator.builder()
      .store(store)
      .prefixes("sk_live")
      .clock(clock)
      .addEventListener(events::add)
      .build();
  private final ApiKeyIssuer issuer = ApiKeyIssuer.builder()
      .prefix("sk_live")
      .store(store)
      .clock(clock)
      .invalidates(authenticator)
      .build();

  private IssuedApiKey issueDefault() {
    IssuedApiKey key = issuer.newKey("billing-service").tenant("acme").scopes("invoices:read", "invoices:write")
        .roles("service").issue();
    store.reset();
    return key;
  }

  @Test
  void authenticateWhenIssuedKeyThenReturnsPrincipalFromRecord() {
    IssuedApiKey key = issueDefault();

    AuthPrincipal principal = authenticator.authenticate(key.plaintext());

    assertThat(principal.subject()).isEqualTo("billing-service");
    assertThat(principal.tenant()).contains("acme");
    assertThat(principal.scopes()).containsExactly("invoices:read", "invoices:write");
    assertThat(principal.roles()).containsExactly("service");
    assertThat(principal.authenticationMethod()).isEqualTo(AuthenticationMethod.API_KEY);
    assertThat(principal.credentialId()).contains(key.keyId());
    assertThat(principal.issuer()).isEmpty();
    assertThat(principal.expiresAt()).isEmpty();
    assertThat(key.plaintext()).startsWith("sk_live_" + key.keyId() + "_");
  }

  @Test
  void authenticateWhenPrincipalSetsChangedThenRefusedAndTheNextPrincipalUnchanged() {
    // The principal keeps the record's sets as handed over, without a copy (PrincipalFields).
    IssuedApiKey key = issueDefault();
    AuthPrincipal principal = authenticator.authenticate(key.plaintext());
    assertThatThrownBy(() -> principal.scopes().add("admin")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> principal.roles().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> principal.scopes().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(authenticator.authenticate(key.plaintext()).scopes()).containsExactly("invoices:read", "invoices:write");
  }

  static Stream<Arguments> badInput() {
    String good = "sk_live_" + "A".repeat(12) + "_" + "B".repeat(22);
    String goodKey = good + ApiKeyFormat.checksum(good);
    String otherPrefix = "pk_live_" + "A".repeat(12) + "_" + "B".repeat(22);
    String shorter = "sk_live_" + "A".repeat(12) + "_" + "B".repeat(21);
    String longer = "sk_live_" + "A".repeat(12) + "_" + "B".repeat(23);
    String nonAscii = "sk_live_" + "A".repeat(12) + "_" + "B".repeat(21) + "é";
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("empty", ""),
        Arguments.of("one space", " "),
        Arguments.of("whitespace", " \t\r\n "),
        Arguments.of("10 KB of letters", "a".repeat(10 * 1024)),
        Arguments.of("10 KB key-like", "sk_live_" + "A".repeat(10 * 1024)),
        Arguments.of("non-ASCII in secret", nonAscii + ApiKeyFormat.checksum(nonAscii.replace('é', 'e'))),
        Arguments.of("non-ASCII only", "ключ-🔑"),
        Arguments.of("wrong prefix, valid checksum", otherPrefix + ApiKeyFormat.checksum(otherPrefix)),
        Arguments.of("right prefix, one char short, valid checksum", shorter + ApiKeyFormat.checksum(shorter)),
        Arguments.of("right prefix, one char long, valid checksum", longer + ApiKeyFormat.checksum(longer)),
        Arguments.of("leading space", " " + goodKey),
        Arguments.of("trailing newline", goodKey + "\n"),
        Arguments.of("scheme included", "ApiKey " + goodKey),
        Arguments.of("NUL inside", goodKey.substring(0, 10) + "\u0000" + goodKey.substring(11)),
        Arguments.of("prefix only", "sk_live_"),
        Arguments.of("underscores only", "_".repeat(43)),
        Arguments.of("bad checksum", good + "000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void authenticateWhenBadInputThenInvalidApiKeyWithoutStoreLookup(String name, String input) {
    IssuedApiKey key = issueDefault();
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("billing-service"); // control
    store.reset();

    assertRejected(() -> authenticator.authenticate(input), Reason.INVALID_API_KEY);
    assertThat(store.calls()).as("store calls for offline-rejectable input").isZero();
  }

  @Test
  void authenticateWhenBadInputTimedThenRejectsQuickly() {
    String huge = "sk_live_" + "A".repeat(1_000_000);
    assertRejected(() -> authenticator.authenticate(huge), Reason.INVALID_API_KEY); // warm-up
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      assertRejected(() -> authenticator.authenticate(huge), Reason.INVALID_API_KEY);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  /** BR-26: candidates that reach the store are found by key id and fail the hash comparison. */
  @Test
  void authenticateWhenBr26CandidatesThenAllRejectedAndBadChecksumNeverReachesStore() {
    IssuedApiKey key = issueDefault();
    String k = key.plaintext();
    String body = k.substring(0, k.length() - ApiKeyFormat.CHECKSUM_LENGTH);
    int secretStart = body.length() - ApiKeyFormat.SECRET_LENGTH;
    String c1 = recheck(body.substring(0, secretStart) + flip(body.charAt(secretStart)) + body.substring(secretStart + 1));
    String c2 = recheck(body.substring(0, body.length() - 1) + flip(body.charAt(body.length() - 1)));
    String c3 = recheck(body.substring(0, body.length() - 1));
    String c4 = body + (k.endsWith("000000") ? "000001" : "000000");

    assertThat(authenticator.authenticate(k).credentialId()).contains(key.keyId()); // control
    store.reset();
    assertRejected(() -> authenticator.authenticate(c1), Reason.INVALID_API_KEY);
    assertRejected(() -> authenticator.authenticate(c2), Reason.INVALID_API_KEY);
    assertThat(store.finds()).as("C1, C2 served from the record cached by key id").isZero();
    assertRejected(() -> authenticator.authenticate(c3), Reason.INVALID_API_KEY);
    assertRejected(() -> authenticator.authenticate(c4), Reason.INVALID_API_KEY);
    assertThat(store.calls()).isZero();

    ApiKeyAuthenticator uncached = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock)
        .cacheTtl(Duration.ZERO).build();
    assertRejected(() -> uncached.authenticate(c1), Reason.INVALID_API_KEY);
    assertRejected(() -> uncached.authenticate(c2), Reason.INVALID_API_KEY);
    assertThat(store.finds()).as("C1 and C2 are looked up by the public key id").isEqualTo(2);
    assertRejected(() -> uncached.authenticate(c4), Reason.INVALID_API_KEY);
    assertThat(store.finds()).as("C4 (bad checksum) is rejected offline").isEqualTo(2);
    assertThat(uncached.authenticate(k).subject()).isEqualTo("billing-service");
  }

  /** BR-27: the store holds a hash; presenting the stored value does not authenticate. */
  @Test
  void authenticateWhenStoredHashPresentedThenRejected() {
    IssuedApiKey key = issueDefault();
    ApiKeyRecord stored = store.find(key.keyId()).orElseThrow();
    byte[] hash = stored.secretHash();
    String secret = key.plaintext().substring(key.plaintext().length() - 28, key.plaintext().length() - 6);

    assertThat(hash).hasSize(32).isNotEqualTo(key.plaintext().getBytes(StandardCharsets.US_ASCII));
    assertThat(stored.toString()).doesNotContain(secret).doesNotContain(HexFormat.of().formatHex(hash));
    assertThat(key.toString()).doesNotContain(secret).contains(key.keyId());
    for (String presented : List.of(HexFormat.of().formatHex(hash), Base64.getEncoder().encodeToString(hash),
        Base64.getUrlEncoder().withoutPadding().encodeToString(hash),
        recheck("sk_live_" + key.keyId() + "_" + HexFormat.of().formatHex(hash).substring(0, 22)))) {
      assertRejected(() -> authenticator.authenticate(presented), Reason.INVALID_API_KEY);
    }
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("billing-service");
  }

  @Test
  void authenticateWhenPastExpiryThenApiKeyExpiredAndAtExpiryToo() {
    IssuedApiKey key = issuer.newKey("svc").expiresIn(Duration.ofHours(1)).issue();

    clock.advance(Duration.ofHours(1).minusSeconds(1));
    assertThat(authenticator.authenticate(key.plaintext()).expiresAt()).contains(Instant.ofEpochSecond(Tokens.T0 + 3600));
    clock.advance(Duration.ofSeconds(1));
    assertRejected(() -> authenticator.authenticate(key.plaintext()), Reason.API_KEY_EXPIRED);
  }

  @Test
  void authenticateWhenRevokedThroughIssuerThenRevokedAtOnce() {
    IssuedApiKey key = issueDefault();
    IssuedApiKey other = issuer.newKey("other").issue();
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("billing-service");

    assertThat(issuer.revoke(key.keyId())).isTrue();

    assertRejected(() -> authenticator.authenticate(key.plaintext()), Reason.REVOKED);
    assertThat(authenticator.authenticate(other.plaintext()).subject()).isEqualTo("other");
    assertThat(issuer.revoke("ZZZZZZZZZZZZ")).isFalse();
  }

  @Test
  void authenticateWhenRevokedElsewhereThenSeenWithinCacheTtl() {
    IssuedApiKey key = issueDefault();
    ApiKeyAuthenticator elsewhere = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock).build();
    elsewhere.authenticate(key.plaintext());

    issuer.revoke(key.keyId()); // this issuer does not invalidate `elsewhere`
    clock.advance(ApiKeyAuthenticator.DEFAULT_CACHE_TTL.minusSeconds(1));
    assertThat(elsewhere.authenticate(key.plaintext()).subject()).isEqualTo("billing-service");
    clock.advance(Duration.ofSeconds(1));
    assertRejected(() -> elsewhere.authenticate(key.plaintext()), Reason.REVOKED);
  }

  @Test
  void rotateWhenInsideGracePeriodThenBothKeysWorkAndAfterItOnlyTheNewOne() {
    IssuedApiKey old = issueDefault();
    authenticator.authenticate(old.plaintext());

    IssuedApiKey renewed = issuer.rotate(old.keyId(), Duration.ofHours(24));

    assertThat(renewed.keyId()).isNotEqualTo(old.keyId());
    AuthPrincipal viaNew = authenticator.authenticate(renewed.plaintext());
    assertThat(viaNew.subject()).isEqualTo("billing-service");
    assertThat(viaNew.tenant()).contains("acme");
    assertThat(viaNew.scopes()).containsExactly("invoices:read", "invoices:write");
    assertThat(viaNew.roles()).containsExactly("service");
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(authenticator.authenticate(old.plaintext()).credentialId()).contains(old.keyId());
    assertThat(authenticator.authenticate(renewed.plaintext()).credentialId()).contains(renewed.keyId());
    clock.advance(Duration.ofSeconds(1));
    assertRejected(() -> authenticator.authenticate(old.plaintext()), Reason.API_KEY_EXPIRED);
    assertThat(authenticator.authenticate(renewed.plaintext()).credentialId()).contains(renewed.keyId());
  }

  @Test
  void rotateWhenKeyHasLifetimeThenNewKeyGetsSameLifetimeFromNow() {
    IssuedApiKey old = issuer.newKey("svc").expiresIn(Duration.ofDays(90)).issue();
    clock.advance(Duration.ofDays(10));

    IssuedApiKey renewed = issuer.rotate(old.keyId(), Duration.ZERO);

    assertThat(renewed.record().expiresAt()).contains(clock.instant().plus(Duration.ofDays(90)));
    assertRejected(() -> authenticator.authenticate(old.plaintext()), Reason.API_KEY_EXPIRED);
    assertThatThrownBy(() -> issuer.rotate("ZZZZZZZZZZZZ", Duration.ZERO)).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void authenticateWhenOverRateLimitThenRateLimitedWithRetryAfterUntilRefill() {
    IssuedApiKey key = issuer.newKey("svc").rateLimit(ApiKeyRateLimit.of(3, Duration.ofMinutes(1))).issue();
    IssuedApiKey unlimited = issuer.newKey("other").issue();

    for (int i = 0; i < 3; i++) {
      authenticator.authenticate(key.plaintext());
    }
    CredentialRejectedException limited = catchRejection(() -> authenticator.authenticate(key.plaintext()));
    assertThat(limited.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(limited.retryAfter()).hasValueSatisfying(wait ->
        assertThat(wait).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(20)));
    for (int i = 0; i < 10; i++) {
      authenticator.authenticate(unlimited.plaintext());
    }
    clock.advance(limited.retryAfter().orElseThrow());
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("svc");
  }

  @Test
  void authenticateWhenDefaultRateLimitThenAppliesToKeysWithoutOwnLimit() {
    ApiKeyAuthenticator limitedByDefault = ApiKeyAuthenticator.builder().store(store).prefixes("sk_live").clock(clock)
        .defaultRateLimit(ApiKeyRateLimit.of(2, Duration.ofSeconds(1))).build();
    IssuedApiKey key = issueDefault();

    limitedByDefault.authenticate(key.plaintext());
    limitedByDefault.authenticate(key.plaintext());
    assertRejected(() -> limitedByDefault.authenticate(key.plaintext()), Reason.RATE_LIMITED);
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("billing-service"); // no default
  }

  @Test
  void authenticateWhenStoreUnreachableThenStoreUnavailable() {
    IssuedApiKey key = issueDefault();
    store.down(true);

    Throwable failure = catchFailure(() -> authenticator.authenticate(key.plaintext()));
    assertThat(failure).isInstanceOf(VerificationUnavailableException.class);
    assertThat(((AuthenticationException) failure).reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
    assertThat(events).last().satisfies(e -> assertThat(e.type()).isEqualTo(AuthEvent.Type.VERIFICATION_UNAVAILABLE));

    store.down(false);
    assertThat(authenticator.authenticate(key.plaintext()).subject()).isEqualTo("billing-service");
  }

  @Test
  void authenticateWhenWarmThenNoStoreLookupAndUnknownIdsAreNegativelyCached() {
    IssuedApiKey key = issueDefault();
    for (int i = 0; i < 100; i++) {
      authenticator.authenticate(key.plaintext());
    }
    assertThat(store.finds()).isEqualTo(1);

    String unknown = recheck("sk_live_" + "Q".repeat(12) + "_" + "R".repeat(22));
    for (int i = 0; i < 100; i++) {
      assertRejected(() -> authenticator.authenticate(unknown), Reason.INVALID_API_KEY);
    }
    assertThat(store.finds()).isEqualTo(2);
    clock.advance(ApiKeyAuthenticator.DEFAULT_NEGATIVE_CACHE_TTL);
    assertRejected(() -> authenticator.authenticate(unknown), Reason.INVALID_API_KEY);
    assertThat(store.finds()).isEqualTo(3);
  }

  @Test
  void authenticateWhenManyUsesThenLastUsedWrittenInOneBatchPerInterval() {
    IssuedApiKey key = issueDefault();
    IssuedApiKey other = issuer.newKey("other").issue();
    store.reset();
    for (int i = 0; i < 50; i++) {
      authenticator.authenticate(key.plaintext());
      authenticator.authenticate(other.plaintext());
    }
    assertThat(store.lastUsedBatches()).isZero();
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt()).isEmpty();

    clock.advance(ApiKeyAuthenticator.DEFAULT_LAST_USED_FLUSH_INTERVAL);
    authenticator.authenticate(key.plaintext());

    assertThat(store.lastUsedBatches()).isEqualTo(1);
    assertThat(store.find(key.keyId()).orElseThrow().lastUsedAt()).contains(clock.instant());
    assertThat(store.find(other.keyId()).orElseThrow().lastUsedAt()).contains(Instant.ofEpochSecond(Tokens.T0));
  }

  @Test
  void authenticateWhenPepperDiffersThenRejected() {
    SecretKeySpec pepper = new SecretKeySpec(new byte[32], "HmacSHA256");
    SecretKeySpec otherPepper = new SecretKeySpec("another pepper of thirty-two by!".getBytes(StandardCharsets.US_ASCII),
        "HmacSHA256");
    InMemoryApiKeyStore peppered = new InMemoryApiKeyStore();
    IssuedApiKey key = ApiKeyIssuer.builder().prefix("sk_live").store(peppered)
        .hashing(ApiKeyHashing.hmacSha256(pepper)).build().newKey("svc").issue();

    ApiKeyAuthenticator right = ApiKeyAuthenticator.builder().store(peppered).prefixes("sk_live")
        .hashing(ApiKeyHashing.hmacSha256(pepper)).build();
    ApiKeyAuthenticator wrong = ApiKeyAuthenticator.builder().store(peppered).prefixes("sk_live")
        .hashing(ApiKeyHashing.hmacSha256(otherPepper)).build();
    ApiKeyAuthenticator none = ApiKeyAuthenticator.builder().store(peppered).prefixes("sk_live").build();

    assertThat(right.authenticate(key.plaintext()).subject()).isEqualTo("svc");
    assertRejected(() -> wrong.authenticate(key.plaintext()), Reason.INVALID_API_KEY);
    assertRejected(() -> none.authenticate(key.plaintext()), Reason.INVALID_API_KEY);
    assertThatThrownBy(() -> ApiKeyHashing.hmacSha256(new SecretKeySpec(new byte[16], "HmacSHA256")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** BR-28: the key never appears in events, log lines, exception messages or toString. */
  @Test
  void authenticateWhenSuccessAndFailuresThenKeyNeverInEventsLogsOrMessages() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.authkit");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level before = logger.getLevel();
    logger.setLevel(Level.TRACE);
    List<String> seen = new ArrayList<>();
    IssuedApiKey key = issueDefault();
    String k = key.plaintext();
    String secret = k.substring(k.length() - 28, k.length() - 6);
    try {
      seen.add(authenticator.authenticate(k).toString());
      String body = k.substring(0, k.length() - 6);
      String wrongSecret = recheck(body.substring(0, body.length() - 1) + flip(body.charAt(body.length() - 1)));
      for (String bad : List.of(wrongSecret, body + "000000", k + "x")) {
        seen.add(catchRejection(() -> authenticator.authenticate(bad)).getMessage());
      }
      issuer.revoke(key.keyId());
      seen.add(catchRejection(() -> authenticator.authenticate(k)).getMessage());
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
    }
    appender.list.forEach(e -> seen.add(e.getFormattedMessage()));
    events.forEach(e -> seen.add(e.toString()));
    seen.add(key.toString());
    seen.add(key.record().toString());
    seen.add(authenticator.toString());
    seen.add(issuer.toString());

    assertThat(appender.list).isNotEmpty();
    assertThat(events).extracting(AuthEvent::type).contains(AuthEvent.Type.AUTHENTICATION_SUCCEEDED,
        AuthEvent.Type.AUTHENTICATION_FAILED);
    assertThat(events).filteredOn(e -> e.type() == AuthEvent.Type.AUTHENTICATION_SUCCEEDED).first()
        .satisfies(e -> {
          assertThat(e.keyId()).contains(key.keyId());
          assertThat(e.credentialFingerprint()).hasValueSatisfying(f -> assertThat(f).startsWith("sk_liv…#"));
          assertThat(e.authenticationMethod()).contains(AuthenticationMethod.API_KEY);
        });
    assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(secret));
  }

  @Test
  void buildWhenStoreAndPrefixesMissingThenNamesBoth() {
    assertThatThrownBy(() -> ApiKeyAuthenticator.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("store must be configured")
        .hasMessageContaining("prefixes must be configured");
    assertThatThrownBy(() -> ApiKeyAuthenticator.builder().cacheTtl(Duration.ofSeconds(1)).cacheTtl(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheTtl was already set to PT1S");
    assertThatThrownBy(() -> ApiKeyAuthenticator.builder().cacheTtl(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeyIssuer.builder().prefix("sk-live")).isInstanceOf(IllegalArgumentException.class);
  }

  static String recheck(String body) {
    return body + ApiKeyFormat.checksum(body);
  }

  static char flip(char c) {
    return c == 'a' ? 'b' : 'a';
  }

  static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call).isInstanceOf(CredentialRejectedException.class)
        .extracting(e -> ((CredentialRejectedException) e).reason()).isEqualTo(reason);
  }

  static CredentialRejectedException catchRejection(ThrowingCallable call) {
    Throwable failure = catchFailure(call);
    assertThat(failure).isInstanceOf(CredentialRejectedException.class);
    return (CredentialRejectedException) failure;
  }

  static Throwable catchFailure(ThrowingCallable call) {
    try {
      call.call();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }
}
