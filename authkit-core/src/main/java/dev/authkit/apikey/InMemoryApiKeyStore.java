package dev.authkit.apikey;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ApiKeyStore} in this process's memory: for a single instance, and for tests. Holds
 * only hashes, like every store. Nothing survives a restart. Thread-safe.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {

  private final ConcurrentHashMap<String, ApiKeyRecord> records = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryApiKeyStore() {}

  @Override
  public void insert(ApiKeyRecord record) {
    requireNonNull(record, "record");
    if (records.putIfAbsent(record.keyId(), record) != null) {
      throw new IllegalStateException("a key with id " + record.keyId() + " already exists");
    }
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) {
    return Optional.ofNullable(records.get(requireNonNull(keyId, "keyId")));
  }

  @Override
  public boolean revoke(String keyId, Instant revokedAt) {
    requireNonNull(revokedAt, "revokedAt");
    return records.computeIfPresent(requireNonNull(keyId, "keyId"), (id, old) ->
        old.revokedAt().isPresent() && !old.revokedAt().get().isAfter(revokedAt) ? old
            : old.toBuilder().revokedAt(revokedAt).build()) != null;
  }

  @Override
  public boolean expire(String keyId, Instant expiresAt) {
    requireNonNull(expiresAt, "expiresAt");
    return records.computeIfPresent(requireNonNull(keyId, "keyId"), (id, old) ->
        old.expiresAt().isPresent() && !old.expiresAt().get().isAfter(expiresAt) ? old
            : old.toBuilder().expiresAt(expiresAt).build()) != null;
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed").forEach((keyId, at) -> records.computeIfPresent(keyId, (id, old) ->
        old.lastUsedAt().isPresent() && !old.lastUsedAt().get().isBefore(at) ? old
            : old.toBuilder().lastUsedAt(at).build()));
  }

  /** Returns the number of records. */
  public int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return "InMemoryApiKeyStore[size=" + records.size() + "]";
  }
}
