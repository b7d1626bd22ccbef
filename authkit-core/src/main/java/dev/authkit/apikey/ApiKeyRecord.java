package dev.authkit.apikey;

import static java.util.Objects.requireNonNull;

import dev.authkit.internal.apikey.ApiKeyFormat;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApiKeyStore} holds about one API key: its public key id and prefix, a 32-byte hash
 * of the key (never the key), and the caller it stands for.
 *
 * <p>Nothing here can rebuild the key: the hash is SHA-256 or HMAC-SHA-256 of a key with about 131
 * bits of secret (see {@link ApiKeyHashing}). {@link #toString()} shows no hash bytes.
 *
 * <p>Stores create records with {@link #builder(String)} when reading rows; applications normally
 * get them from {@link IssuedApiKey#record()} or {@link ApiKeyStore#find(String)}.
 * Immutable and thread-safe.
 */
public final class ApiKeyRecord {

  /** Length of {@link #secretHash()} in bytes: 32. */
  public static final int HASH_LENGTH = 32;

  private final String keyId;
  private final String prefix;
  private final byte[] secretHash;
  private final String subject;
  private final @Nullable String tenant;
  private final Set<String> scopes;
  private final Set<String> roles;
  private final Instant createdAt;
  private final @Nullable Instant expiresAt;
  private final @Nullable Instant revokedAt;
  private final @Nullable Instant lastUsedAt;
  private final @Nullable ApiKeyRateLimit rateLimit;

  private ApiKeyRecord(Builder b) {
    this.keyId = b.keyId;
    this.prefix = requireNonNull(b.prefix, "prefix must be set");
    this.secretHash = requireNonNull(b.secretHash, "secretHash must be set");
    this.subject = requireNonNull(b.subject, "subject must be set");
    this.tenant = b.tenant;
    this.scopes = b.scopes;
    this.roles = b.roles;
    this.createdAt = requireNonNull(b.createdAt, "createdAt must be set");
    this.expiresAt = b.expiresAt;
    this.revokedAt = b.revokedAt;
    this.lastUsedAt = b.lastUsedAt;
    this.rateLimit = b.rateLimit;
  }

  /**
   * Starts a record.
   *
   * @param keyId the public key id: 12 base62 characters
   * @return a builder
   * @throws IllegalArgumentException if {@code keyId} is not 12 base62 characters
   */
  public static Builder builder(String keyId) {
    if (!ApiKeyFormat.isValidKeyId(keyId)) {
      throw new IllegalArgumentException("keyId must be " + ApiKeyFormat.KEY_ID_LENGTH + " base62 characters");
    }
    return new Builder(keyId);
  }

  /** Returns a builder holding this record's values, to derive a changed record. */
  public Builder toBuilder() {
    Builder b = new Builder(keyId);
    b.prefix = prefix;
    b.secretHash = secretHash;
    b.subject = subject;
    b.tenant = tenant;
    b.scopes = scopes;
    b.roles = roles;
    b.createdAt = createdAt;
    b.expiresAt = expiresAt;
    b.revokedAt = revokedAt;
    b.lastUsedAt = lastUsedAt;
    b.rateLimit = rateLimit;
    return b;
  }

  /** Returns the public key id (12 base62 characters), the lookup key; never null. */
  public String keyId() {
    return keyId;
  }

  /** Returns the key's prefix, e.g. {@code sk_live}, for display and to bind the key type; never null. */
  public String prefix() {
    return prefix;
  }

  /** Returns a copy of the 32-byte hash of the whole key (see {@link ApiKeyHashing}). */
  public byte[] secretHash() {
    return secretHash.clone();
  }

  /** The stored hash without a copy, for the constant-time comparison inside this package. */
  byte[] secretHashUnsafe() {
    return secretHash;
  }

  /** Returns the subject the key stands for (becomes {@code AuthPrincipal.subject()}); never null or blank. */
  public String subject() {
    return subject;
  }

  /** Returns the tenant, when the key belongs to one. */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** Returns the scopes granted to the key; unmodifiable, possibly empty. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Returns the roles granted to the key; unmodifiable, possibly empty. */
  public Set<String> roles() {
    return roles;
  }

  /** Returns when the key was issued; never null. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Returns when the key stops working (it is rejected from this instant on); empty for no expiry. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** Returns when the key was revoked; empty while it is not. */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /** Returns when the key was last used, as last flushed by an authenticator (batched, see {@link ApiKeyAuthenticator}). */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /** Returns the key's own rate limit; empty means the authenticator's default (if any) applies. */
  public Optional<ApiKeyRateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** Shows the key id, prefix, subject and dates; never hash bytes. */
  @Override
  public String toString() {
    return "ApiKeyRecord[keyId=" + keyId + ", prefix=" + prefix + ", subject=" + subject
        + (tenant == null ? "" : ", tenant=" + tenant) + ", scopes=" + scopes + ", roles=" + roles
        + ", createdAt=" + createdAt + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + (revokedAt == null ? "" : ", revokedAt=" + revokedAt) + (rateLimit == null ? "" : ", rateLimit=" + rateLimit)
        + "]";
  }

  /** Builds an {@link ApiKeyRecord}. Not thread-safe. Unlike configuration builders, values may be replaced. */
  public static final class Builder {
    private final String keyId;
    private @Nullable String prefix;
    private byte @Nullable [] secretHash;
    private @Nullable String subject;
    private @Nullable String tenant;
    private Set<String> scopes = Set.of();
    private Set<String> roles = Set.of();
    private @Nullable Instant createdAt;
    private @Nullable Instant expiresAt;
    private @Nullable Instant revokedAt;
    private @Nullable Instant lastUsedAt;
    private @Nullable ApiKeyRateLimit rateLimit;

    private Builder(String keyId) {
      this.keyId = keyId;
    }

    /**
     * Sets the prefix.
     *
     * @param value letters, digits and {@code _}, starting with a letter, at most 32 characters
     * @return this builder
     * @throws IllegalArgumentException if not a valid prefix
     */
    public Builder prefix(String value) {
      if (!ApiKeyFormat.isValidPrefix(value)) {
        throw new IllegalArgumentException("prefix must be 1-" + ApiKeyFormat.MAX_PREFIX_LENGTH
            + " characters of [A-Za-z0-9_], starting with a letter and not ending with '_'");
      }
      this.prefix = value;
      return this;
    }

    /**
     * Sets the stored hash.
     *
     * @param value exactly 32 bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if not 32 bytes
     */
    public Builder secretHash(byte[] value) {
      requireNonNull(value, "secretHash");
      if (value.length != HASH_LENGTH) {
        throw new IllegalArgumentException("secretHash must be " + HASH_LENGTH + " bytes, was " + value.length);
      }
      this.secretHash = value.clone();
      return this;
    }

    /**
     * Sets the subject.
     *
     * @param value not null or blank, at most 255 characters
     * @return this builder
     */
    public Builder subject(String value) {
      requireNonNull(value, "subject");
      if (value.isBlank() || value.length() > 255) {
        throw new IllegalArgumentException("subject must be non-blank and at most 255 characters");
      }
      this.subject = value;
      return this;
    }

    /**
     * Sets the tenant.
     *
     * @param value null for none; else non-blank, at most 255 characters
     * @return this builder
     */
    public Builder tenant(@Nullable String value) {
      if (value != null && (value.isBlank() || value.length() > 255)) {
        throw new IllegalArgumentException("tenant must be non-blank and at most 255 characters");
      }
      this.tenant = value;
      return this;
    }

    /**
     * Sets the scopes.
     *
     * @param values scope tokens (RFC 6749 §3.3: printable ASCII, no space, {@code "} or {@code \}); copied
     * @return this builder
     */
    public Builder scopes(Set<String> values) {
      this.scopes = tokens(values, "scope");
      return this;
    }

    /**
     * Sets the roles.
     *
     * @param values role names with the same character rules as scopes; copied
     * @return this builder
     */
    public Builder roles(Set<String> values) {
      this.roles = tokens(values, "role");
      return this;
    }

    /** Sets when the key was issued; not null. */
    public Builder createdAt(Instant value) {
      this.createdAt = requireNonNull(value, "createdAt");
      return this;
    }

    /** Sets when the key stops working; null for never. */
    public Builder expiresAt(@Nullable Instant value) {
      this.expiresAt = value;
      return this;
    }

    /** Sets when the key was revoked; null while it is not. */
    public Builder revokedAt(@Nullable Instant value) {
      this.revokedAt = value;
      return this;
    }

    /** Sets when the key was last used; null if never. */
    public Builder lastUsedAt(@Nullable Instant value) {
      this.lastUsedAt = value;
      return this;
    }

    /** Sets the key's own rate limit; null to use the authenticator's default. */
    public Builder rateLimit(@Nullable ApiKeyRateLimit value) {
      this.rateLimit = value;
      return this;
    }

    /**
     * Returns the record.
     *
     * @throws NullPointerException if prefix, secret hash, subject or creation time is missing
     */
    public ApiKeyRecord build() {
      return new ApiKeyRecord(this);
    }

    private static Set<String> tokens(Set<String> values, String what) {
      requireNonNull(values, what + "s");
      Set<String> copy = new LinkedHashSet<>();
      for (String value : values) {
        if (value == null || value.isEmpty() || value.length() > 255) {
          throw new IllegalArgumentException(what + " values must be 1-255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
            throw new IllegalArgumentException(what + " values must be printable ASCII without space, '\"' or '\\'"
                + " (RFC 6749 §3.3)");
          }
        }
        copy.add(value);
      }
      return copy.isEmpty() ? Set.of() : Collections.unmodifiableSet(copy);
    }
  }
}
