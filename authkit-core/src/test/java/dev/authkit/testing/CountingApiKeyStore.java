package dev.authkit.testing;

import dev.authkit.apikey.ApiKeyRecord;
import dev.authkit.apikey.ApiKeyStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a store, counting every call and optionally failing like an unreachable database. */
public final class CountingApiKeyStore implements ApiKeyStore {

  private final ApiKeyStore target;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger finds = new AtomicInteger();
  private final AtomicInteger lastUsedBatches = new AtomicInteger();
  private volatile boolean down;

  public CountingApiKeyStore(ApiKeyStore target) {
    this.target = target;
  }

  public int calls() {
    return calls.get();
  }

  public int finds() {
    return finds.get();
  }

  public int lastUsedBatches() {
    return lastUsedBatches.get();
  }

  public void reset() {
    calls.set(0);
    finds.set(0);
    lastUsedBatches.set(0);
  }

  public void down(boolean value) {
    down = value;
  }

  private void call() {
    calls.incrementAndGet();
    if (down) {
      throw new IllegalStateException("store unreachable (simulated)");
    }
  }

  @Override
  public void insert(ApiKeyRecord record) {
    call();
    target.insert(record);
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) {
    finds.incrementAndGet();
    call();
    return target.find(keyId);
  }

  @Override
  public boolean revoke(String keyId, Instant revokedAt) {
    call();
    return target.revoke(keyId, revokedAt);
  }

  @Override
  public boolean expire(String keyId, Instant expiresAt) {
    call();
    return target.expire(keyId, expiresAt);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    lastUsedBatches.incrementAndGet();
    call();
    target.recordLastUsed(lastUsed);
  }
}
