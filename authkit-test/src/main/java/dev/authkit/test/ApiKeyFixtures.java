package dev.authkit.test;

import static java.util.Objects.requireNonNull;

import dev.authkit.apikey.ApiKeyAuthenticator;
import dev.authkit.apikey.ApiKeyIssuer;
import dev.authkit.apikey.InMemoryApiKeyStore;
import dev.authkit.apikey.IssuedApiKey;
import java.time.Clock;
import java.time.Duration;

/**
 * API keys for tests: an in-memory store, an {@link ApiKeyIssuer} and an {@link ApiKeyAuthenticator}
 * wired together, plus the bad keys a negative test needs. Keys are real ({@code <prefix>_<keyId>_<secret><checksum>},
 * SHA-256 hashed in the store), so your app verifies them through authkit's real path.
 *
 * <pre>{@code
 * ApiKeyFixtures apiKeys = ApiKeyFixtures.create();                 // prefix sk_test
 * AuthKit authKit = AuthKit.builder().apiKeys(apiKeys.authenticator()).build();
 * String key = apiKeys.key("billing-service", "invoices:read");     // X-API-Key: <key>
 * String revoked = apiKeys.revokedKey();                            // REVOKED
 * }</pre>
 *
 * <table>
 *   <caption>Bad keys and the reason authkit gives each</caption>
 *   <tr><th>method</th><th>key</th><th>{@code Reason}</th></tr>
 *   <tr><td>{@link #revokedKey()}</td><td>issued, then revoked</td><td>{@code REVOKED}</td></tr>
 *   <tr><td>{@link #expiredKey()}</td><td>issued, then expired a second ago</td><td>{@code API_KEY_EXPIRED}</td></tr>
 *   <tr><td>{@link #malformedKey()}</td><td>one character of a real key changed (checksum fails, offline)</td><td>{@code INVALID_API_KEY}</td></tr>
 *   <tr><td>{@link #unknownKey()}</td><td>well-formed with a valid checksum, but never stored</td><td>{@code INVALID_API_KEY}</td></tr>
 * </table>
 *
 * <p>Thread-safe. {@link #close()} closes the authenticator.
 */
public final class ApiKeyFixtures implements AutoCloseable {

  /** The prefix of {@link #create()}: {@code sk_test}. */
  public static final String DEFAULT_PREFIX = "sk_test";

  private final String prefix;
  private final Clock clock;
  private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
  private final ApiKeyAuthenticator authenticator;
  private final ApiKeyIssuer issuer;

  private ApiKeyFixtures(String prefix, Clock clock) {
    this.prefix = prefix;
    this.clock = clock;
    this.authenticator = ApiKeyAuthenticator.builder().store(store).prefixes(prefix).clock(clock).build();
    this.issuer = ApiKeyIssuer.builder().prefix(prefix).store(store).clock(clock).invalidates(authenticator).build();
  }

  /** Returns fixtures with prefix {@value #DEFAULT_PREFIX} and the system clock. */
  public static ApiKeyFixtures create() {
    return create(DEFAULT_PREFIX, Clock.systemUTC());
  }

  /**
   * Returns fixtures for one prefix and clock.
   *
   * @param prefix e.g. {@code sk_live}: letters, digits and {@code _}, as {@link ApiKeyIssuer.Builder#prefix} requires
   * @param clock used by the issuer and the authenticator (expiry, cache TTL, rate limits)
   * @return new fixtures
   */
  public static ApiKeyFixtures create(String prefix, Clock clock) {
    return new ApiKeyFixtures(requireNonNull(prefix, "prefix"), requireNonNull(clock, "clock"));
  }

  /** Returns the store holding the keys' records (hashes only). */
  public InMemoryApiKeyStore store() {
    return store;
  }

  /** Returns the authenticator over {@link #store()}, for {@code AuthKit.Builder.apiKeys(..)}. */
  public ApiKeyAuthenticator authenticator() {
    return authenticator;
  }

  /** Returns the issuer, for keys with a tenant, roles, expiry or rate limit: {@code issuer().newKey("svc").tenant("t1").issue()}. */
  public ApiKeyIssuer issuer() {
    return issuer;
  }

  /** Returns the prefix of every key these fixtures issue. */
  public String prefix() {
    return prefix;
  }

  /**
   * Issues a key with these scopes, without expiry.
   *
   * @param subject who the key stands for; not blank
   * @param scopes zero or more scope tokens
   * @return the issued key (plaintext and record)
   */
  public IssuedApiKey issue(String subject, String... scopes) {
    return issuer.newKey(subject).scopes(scopes).issue();
  }

  /**
   * Issues a key with these scopes and returns its plaintext, the value for {@code X-API-Key}.
   *
   * @param subject who the key stands for; not blank
   * @param scopes zero or more scope tokens
   * @return the key text
   */
  public String key(String subject, String... scopes) {
    return issue(subject, scopes).plaintext();
  }

  /** Returns a key that was issued and then revoked: {@code REVOKED}. */
  public String revokedKey() {
    IssuedApiKey key = issue("revoked-key");
    issuer.revoke(key.keyId());
    return key.plaintext();
  }

  /** Returns a key whose expiry passed one second ago (by the clock): {@code API_KEY_EXPIRED}. */
  public String expiredKey() {
    IssuedApiKey key = issue("expired-key");
    store.expire(key.keyId(), clock.instant().minus(Duration.ofSeconds(1)));
    authenticator.invalidate(key.keyId());
    return key.plaintext();
  }

  /** Returns a real key with one secret character changed, so its checksum fails before any lookup: {@code INVALID_API_KEY}. */
  public String malformedKey() {
    String key = issue("malformed-key").plaintext();
    int position = key.length() - 10;
    char changed = key.charAt(position) == 'A' ? 'B' : 'A';
    return key.substring(0, position) + changed + key.substring(position + 1);
  }

  /** Returns a well-formed key with a valid checksum that was never stored here: {@code INVALID_API_KEY}. */
  public String unknownKey() {
    return ApiKeyIssuer.builder().prefix(prefix).store(new InMemoryApiKeyStore()).build()
        .newKey("unknown-key").issue().plaintext();
  }

  /** Closes the authenticator (flushes last-used times). */
  @Override
  public void close() {
    authenticator.close();
  }

  @Override
  public String toString() {
    return "ApiKeyFixtures[prefix=" + prefix + ", keys=" + store.size() + "]";
  }
}
