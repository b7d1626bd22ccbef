package dev.authkit.internal.apikey;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** Adapts an injected {@link Clock} to Caffeine's {@link Ticker} and Bucket4j's {@link TimeMeter}. Not an API. */
public final class ClockTime implements Ticker, TimeMeter {

  private final Clock clock;

  public ClockTime(Clock clock) {
    this.clock = clock;
  }

  /** Nanoseconds since the epoch by the clock. */
  @Override
  public long read() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public long currentTimeNanos() {
    return read();
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
