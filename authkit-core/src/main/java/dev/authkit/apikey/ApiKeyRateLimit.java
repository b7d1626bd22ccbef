package dev.authkit.apikey;

import static java.util.Objects.requireNonNull;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A per-key rate limit: at most {@link #capacity()} requests per {@link #period()}, refilled
 * gradually (Bucket4j greedy refill: {@code capacity} tokens spread evenly over the period), so
 * bursts up to {@code capacity} are allowed after a quiet period.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyRateLimit {

  private final long capacity;
  private final Duration period;

  private ApiKeyRateLimit(long capacity, Duration period) {
    this.capacity = capacity;
    this.period = period;
  }

  /**
   * Creates a limit.
   *
   * @param capacity requests allowed per period; at least 1
   * @param period the refill period; at least 1 millisecond, at most 1 day
   * @return the limit
   * @throws IllegalArgumentException if out of range, or a refill rate Bucket4j cannot represent
   * @throws NullPointerException if {@code period} is null
   */
  public static ApiKeyRateLimit of(long capacity, Duration period) {
    requireNonNull(period, "period");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("period must be between 1 ms and 1 day, was " + period);
    }
    Duration millis = period.truncatedTo(ChronoUnit.MILLIS);
    try {
      // Bucket4j has its own bounds on the refill rate; fail here, not on the first request.
      Bandwidth.builder().capacity(capacity).refillGreedy(capacity, millis).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Bucket4j refuses " + capacity + " per " + period + ": " + e.getMessage(), e);
    }
    return new ApiKeyRateLimit(capacity, millis);
  }

  /** Returns the number of requests allowed per period; at least 1. */
  public long capacity() {
    return capacity;
  }

  /** Returns the refill period, in whole milliseconds; never null. */
  public Duration period() {
    return period;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKeyRateLimit && ((ApiKeyRateLimit) other).capacity == capacity
        && ((ApiKeyRateLimit) other).period.equals(period);
  }

  @Override
  public int hashCode() {
    return Objects.hash(capacity, period);
  }

  @Override
  public String toString() {
    return capacity + " per " + period;
  }
}
