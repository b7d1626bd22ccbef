package dev.authkit.apikey;

import dev.authkit.VerificationUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@link ApiKeyRecord}s live, looked up by their public key id. Implementations:
 * {@link InMemoryApiKeyStore} for one instance and tests, {@link dev.authkit.jdbc.JdbcApiKeyStore}
 * (H2, PostgreSQL) when several instances share keys.
 *
 * <p>A store holds only hashes: never give it a plaintext key. {@link ApiKeyAuthenticator} puts a
 * cache in front of it, so {@link #find} is called once per key id per cache TTL, not per request.
 *
 * <p>Implementations must be thread-safe. Every method throws {@link VerificationUnavailableException}
 * with {@code STORE_UNAVAILABLE} when the backing store cannot be reached; an authenticator also
 * treats any other runtime exception from {@link #find} as {@code STORE_UNAVAILABLE}.
 */
public interface ApiKeyStore {

  /**
   * Stores a new record.
   *
   * @param record not null
   * @throws IllegalStateException if a record with the same key id exists
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  void insert(ApiKeyRecord record);

  /**
   * Finds a record by key id.
   *
   * @param keyId 12 base62 characters; not null
   * @return the record, or empty when none has that id
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  Optional<ApiKeyRecord> find(String keyId);

  /**
   * Marks a key revoked. An earlier revocation instant is kept.
   *
   * @param keyId not null
   * @param revokedAt when; not null
   * @return false when no record has that id
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  boolean revoke(String keyId, Instant revokedAt);

  /**
   * Brings a key's expiry forward to {@code expiresAt}; an earlier expiry is kept (used by rotation).
   *
   * @param keyId not null
   * @param expiresAt not null
   * @return false when no record has that id
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  boolean expire(String keyId, Instant expiresAt);

  /**
   * Records last-used times for many keys at once (authenticators batch them, one call per flush
   * interval, and keep each key's time to the second: the first use within a second stands for
   * it). A stored time later than the given one is kept; unknown key ids are ignored.
   *
   * @param lastUsed key id to instant; not null, may be empty
   * @throws VerificationUnavailableException {@code STORE_UNAVAILABLE}
   */
  void recordLastUsed(Map<String, Instant> lastUsed);
}
