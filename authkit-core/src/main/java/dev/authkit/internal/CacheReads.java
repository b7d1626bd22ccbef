package dev.authkit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Cache reads for the per-request hot path. Caffeine's {@code getIfPresent} writes to the entry on
 * every hit (its expiry and access times) and records the read for the eviction policy; with one
 * hot entry (one token or one API key used by every request) two threads then write the same
 * memory on every request and do not scale (measured on 2 cores: 1.6x with two threads where the
 * JDK floor did 2.0x). Here a hit is read without side effects, and one hit in {@value #SAMPLE}
 * is recorded for the eviction policy, which keeps hot entries ranked above entries seen once
 * (Caffeine's own read buffer drops reads under contention too). Only for caches whose expiry
 * does not change on read. Stateless; not an API.
 */
public final class CacheReads {

  /** One hit in this many is recorded for the eviction policy. */
  static final int SAMPLE = 16;

  private CacheReads() {}

  /**
   * Returns the cached value, or null when absent or expired.
   *
   * @param cache a cache whose {@code Expiry.expireAfterRead} returns the current duration (or that
   *     expires after write only)
   * @param key not null
   */
  public static <K, V> @Nullable V get(Cache<K, V> cache, K key) {
    V value = cache.policy().getIfPresentQuietly(key);
    if (value != null && ThreadLocalRandom.current().nextInt(SAMPLE) == 0) {
      cache.getIfPresent(key);
    }
    return value;
  }
}
