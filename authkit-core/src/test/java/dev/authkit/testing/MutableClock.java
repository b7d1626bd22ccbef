package dev.authkit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so no test sleeps to wait for time. Thread-safe. */
public final class MutableClock extends Clock {

  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Starts at CASES.md T0. */
  public static MutableClock atT0() {
    return new MutableClock(Instant.ofEpochSecond(Tokens.T0));
  }

  /** Starts at an epoch second. */
  public static MutableClock at(long epochSecond) {
    return new MutableClock(Instant.ofEpochSecond(epochSecond));
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  /** Returns the current instant in whole epoch seconds. */
  public long epochSecond() {
    return now.getEpochSecond();
  }

  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
