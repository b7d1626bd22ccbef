package dev.authkit.internal.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Per-key token buckets (Bucket4j): local buckets in a Caffeine map, or remote buckets through a
 * {@link ProxyManager} shared by every instance. Not an API; thread-safe.
 */
public final class RateLimiter {

  /** Result of {@link #tryConsume} when the request may proceed. */
  public static final long ALLOWED = -1;

  private final @Nullable ProxyManager<String> proxyManager;
  private final ClockTime time;
  private final Cache<String, Limited> buckets;

  public RateLimiter(@Nullable ProxyManager<String> proxyManager, ClockTime time) {
    this.proxyManager = proxyManager;
    this.time = time;
    // A bucket idle for longer than the longest allowed period (1 day) is full again anyway.
    this.buckets = Caffeine.newBuilder().ticker(time).expireAfterAccess(Duration.ofDays(1))
        .maximumSize(100_000).build();
  }

  /**
   * Takes one token from the key's bucket.
   *
   * @return {@link #ALLOWED}, or the nanoseconds until a token is available
   */
  public long tryConsume(String keyId, long capacity, Duration period) {
    Limited limited = buckets.get(keyId, id -> create(id, capacity, period));
    if (limited.capacity != capacity || !limited.period.equals(period)) {
      limited = create(keyId, capacity, period);
      buckets.put(keyId, limited);
    }
    ConsumptionProbe probe = limited.bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? ALLOWED : Math.max(0, probe.getNanosToWaitForRefill());
  }

  private Limited create(String keyId, long capacity, Duration period) {
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
        .build();
    Bucket bucket = proxyManager == null
        ? Bucket.builder().addLimit(configuration.getBandwidths()[0]).withCustomTimePrecision(time).build()
        : proxyManager.builder().build(keyId, () -> configuration);
    return new Limited(capacity, period, bucket);
  }

  private static final class Limited {
    final long capacity;
    final Duration period;
    final Bucket bucket;

    Limited(long capacity, Duration period, Bucket bucket) {
      this.capacity = capacity;
      this.period = period;
      this.bucket = bucket;
    }
  }
}
