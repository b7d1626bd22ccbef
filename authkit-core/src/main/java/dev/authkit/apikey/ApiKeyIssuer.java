package dev.authkit.apikey;

import static dev.authkit.internal.Settings.checkUnset;
import static java.util.Objects.requireNonNull;

import dev.authkit.VerificationUnavailableException;
import dev.authkit.internal.apikey.ApiKeyFormat;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Issues, rotates and revokes API keys of one prefix (key type and environment, e.g.
 * {@code sk_live}), storing only their hash.
 *
 * <pre>{@code
 * ApiKeyIssuer issuer = ApiKeyIssuer.builder().prefix("sk_live").store(store).invalidates(authenticator).build();
 * IssuedApiKey key = issuer.newKey("billing-service")
 *     .tenant("acme").scopes("invoices:read").expiresIn(Duration.ofDays(90))
 *     .issue();
 * show(key.plaintext());            // once; authkit keeps only the hash
 * issuer.rotate(key.keyId(), Duration.ofDays(7));   // a new key; the old one works 7 more days
 * issuer.revoke(key.keyId());                        // at once here; elsewhere within the cache TTL
 * }</pre>
 *
 * <p>Secrets come from {@link SecureRandom} (about 131 bits per key). Immutable configuration,
 * thread-safe after {@link Builder#build()}.
 */
public final class ApiKeyIssuer {

  private final String prefix;
  private final ApiKeyStore store;
  private final ApiKeyHashing hashing;
  private final Clock clock;
  private final SecureRandom random;
  private final List<ApiKeyAuthenticator> notified;

  private ApiKeyIssuer(Builder b) {
    this.prefix = requireNonNull(b.prefix);
    this.store = requireNonNull(b.store);
    this.hashing = b.hashing == null ? ApiKeyHashing.sha256() : b.hashing;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.notified = List.copyOf(b.notified);
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a new key for a subject; finish with {@link KeyRequest#issue()}.
   *
   * @param subject who the key stands for (becomes {@code AuthPrincipal.subject()}); non-blank, at most 255 characters
   * @return a request; not thread-safe
   */
  public KeyRequest newKey(String subject) {
    return new KeyRequest(requireNonNull(subject, "subject"));
  }

  /**
   * Rotates ("rolls") a key: issues a new key with the same subject, tenant, scopes, roles and rate
   * limit, and makes the old key expire {@code gracePeriod} from now (or keeps its earlier expiry).
   * The new key has the old key's lifetime ({@code expiresAt - createdAt}) counted from now, or no
   * expiry when the old key had none.
   *
   * @param keyId the key to rotate; not null
   * @param gracePeriod how long the old key keeps working; zero or positive
   * @return the new key
   * @throws NoSuchElementException if no key has that id
   * @throws IllegalStateException if the key is revoked
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  public IssuedApiKey rotate(String keyId, Duration gracePeriod) {
    requireNonNull(keyId, "keyId");
    requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
    }
    ApiKeyRecord old = store.find(keyId).orElseThrow(() -> new NoSuchElementException("no API key with id " + keyId));
    if (old.revokedAt().isPresent()) {
      throw new IllegalStateException("API key " + keyId + " is revoked and cannot be rotated");
    }
    Instant now = clock.instant();
    Instant newExpiry = old.expiresAt().map(at -> now.plus(Duration.between(old.createdAt(), at))).orElse(null);
    IssuedApiKey replacement = create(old.prefix(), old.subject(), old.tenant().orElse(null), old.scopes(),
        old.roles(), newExpiry, old.rateLimit().orElse(null));
    store.expire(keyId, now.plus(gracePeriod));
    notifyAuthenticators(keyId);
    return replacement;
  }

  /**
   * Revokes a key: rejected with {@code REVOKED} at once by the authenticators this issuer notifies,
   * and by every other instance within its cache TTL (default 30 s).
   *
   * @param keyId not null
   * @return false when no key has that id
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  public boolean revoke(String keyId) {
    boolean found = store.revoke(requireNonNull(keyId, "keyId"), clock.instant());
    notifyAuthenticators(keyId);
    return found;
  }

  @Override
  public String toString() {
    return "ApiKeyIssuer[prefix=" + prefix + ", " + hashing + ", store=" + store.getClass().getSimpleName() + "]";
  }

  private void notifyAuthenticators(String keyId) {
    for (ApiKeyAuthenticator authenticator : notified) {
      authenticator.invalidate(keyId);
    }
  }

  private IssuedApiKey create(String keyPrefix, String subject, @Nullable String tenant, Set<String> scopes,
      Set<String> roles, @Nullable Instant expiresAt, @Nullable ApiKeyRateLimit rateLimit) {
    String keyId = ApiKeyFormat.newKeyId(random);
    String plaintext = ApiKeyFormat.newKey(keyPrefix, keyId, random);
    ApiKeyRecord record = ApiKeyRecord.builder(keyId)
        .prefix(keyPrefix)
        .secretHash(hashing.hash(plaintext))
        .subject(subject)
        .tenant(tenant)
        .scopes(scopes)
        .roles(roles)
        .createdAt(clock.instant())
        .expiresAt(expiresAt)
        .rateLimit(rateLimit)
        .build();
    store.insert(record);
    return new IssuedApiKey(plaintext, record);
  }

  /** The details of one new key. Each option may be set once. Not thread-safe. */
  public final class KeyRequest {
    private final String subject;
    private @Nullable String tenant;
    private @Nullable Set<String> scopes;
    private @Nullable Set<String> roles;
    private @Nullable Instant expiresAt;
    private @Nullable ApiKeyRateLimit rateLimit;

    private KeyRequest(String subject) {
      this.subject = subject;
    }

    /** Sets the tenant; non-blank, at most 255 characters. */
    public KeyRequest tenant(String value) {
      checkUnset(tenant, "tenant");
      this.tenant = requireNonNull(value, "value");
      return this;
    }

    /** Sets the scopes (RFC 6749 §3.3 scope tokens). Default none. */
    public KeyRequest scopes(String... values) {
      checkUnset(scopes, "scopes");
      this.scopes = new LinkedHashSet<>(Arrays.asList(requireNonNull(values, "values")));
      return this;
    }

    /** Sets the roles. Default none. */
    public KeyRequest roles(String... values) {
      checkUnset(roles, "roles");
      this.roles = new LinkedHashSet<>(Arrays.asList(requireNonNull(values, "values")));
      return this;
    }

    /** Sets an absolute expiry; the key is rejected from this instant on. Default: no expiry. */
    public KeyRequest expiresAt(Instant value) {
      checkUnset(expiresAt, "expiresAt");
      this.expiresAt = requireNonNull(value, "value");
      return this;
    }

    /** Sets the expiry relative to now (by the issuer's clock); positive. */
    public KeyRequest expiresIn(Duration value) {
      requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("expiresIn must be positive, was " + value);
      }
      return expiresAt(clock.instant().plus(value));
    }

    /** Sets the key's own rate limit. Default: the authenticator's default. */
    public KeyRequest rateLimit(ApiKeyRateLimit value) {
      checkUnset(rateLimit, "rateLimit");
      this.rateLimit = requireNonNull(value, "value");
      return this;
    }

    /**
     * Creates the key and stores its record.
     *
     * @return the key, with its plaintext
     * @throws IllegalArgumentException if a value is invalid (blank subject, bad scope characters)
     * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
     */
    public IssuedApiKey issue() {
      return create(prefix, subject, tenant, scopes == null ? Set.of() : scopes, roles == null ? Set.of() : roles,
          expiresAt, rateLimit);
    }
  }

  /** Configures an {@link ApiKeyIssuer}; each option may be set once. Not thread-safe. */
  public static final class Builder {
    private @Nullable String prefix;
    private @Nullable ApiKeyStore store;
    private @Nullable ApiKeyHashing hashing;
    private @Nullable Clock clock;
    private @Nullable SecureRandom random;
    private final List<ApiKeyAuthenticator> notified = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the prefix of new keys, e.g. {@code sk_live}. Required.
     *
     * @param value letters, digits and {@code _}, starting with a letter, not ending with {@code _},
     *     at most 32 characters
     * @return this builder
     */
    public Builder prefix(String value) {
      checkUnset(prefix, "prefix");
      if (!ApiKeyFormat.isValidPrefix(value)) {
        throw new IllegalArgumentException("invalid prefix: must be 1-32 characters of [A-Za-z0-9_], starting with a"
            + " letter and not ending with '_'");
      }
      this.prefix = value;
      return this;
    }

    /** Sets the store; required. */
    public Builder store(ApiKeyStore value) {
      checkUnset(store, "store");
      this.store = requireNonNull(value, "value");
      return this;
    }

    /** Sets the hashing; must be the authenticators'. Default {@link ApiKeyHashing#sha256()}. */
    public Builder hashing(ApiKeyHashing value) {
      checkUnset(hashing, "hashing");
      this.hashing = requireNonNull(value, "value");
      return this;
    }

    /** Sets the time source. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock value) {
      checkUnset(clock, "clock");
      this.clock = requireNonNull(value, "value");
      return this;
    }

    /** Sets the random source. Default a new {@link SecureRandom}. */
    public Builder secureRandom(SecureRandom value) {
      checkUnset(random, "secureRandom");
      this.random = requireNonNull(value, "value");
      return this;
    }

    /**
     * Adds an authenticator in this process whose cache drops a key at once when this issuer revokes
     * or rotates it; may be called more than once.
     *
     * @param authenticator not null
     * @return this builder
     */
    public Builder invalidates(ApiKeyAuthenticator authenticator) {
      notified.add(requireNonNull(authenticator, "authenticator"));
      return this;
    }

    /**
     * Builds the issuer.
     *
     * @throws IllegalStateException naming every missing item (prefix, store)
     */
    public ApiKeyIssuer build() {
      List<String> missing = new ArrayList<>();
      if (prefix == null) {
        missing.add("prefix must be configured: call prefix(..)");
      }
      if (store == null) {
        missing.add("store must be configured: call store(..)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("ApiKeyIssuer is incomplete: " + String.join("; ", missing));
      }
      return new ApiKeyIssuer(this);
    }
  }
}
