package dev.authkit.internal.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects last-used instants in memory and hands them to the store in one batch per interval,
 * so a verification never waits for a database write (except the one request per interval that
 * carries the flush). An instant is kept to the second: the first use within a second stands for
 * that second. Not an API; thread-safe.
 */
public final class LastUsedBatcher {

  private static final Logger LOG = LoggerFactory.getLogger(LastUsedBatcher.class);

  private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextFlush;
  private final Duration interval;
  private final Consumer<Map<String, Instant>> sink;

  public LastUsedBatcher(Duration interval, Instant now, Consumer<Map<String, Instant>> sink) {
    this.interval = interval;
    this.sink = sink;
    this.nextFlush = new AtomicReference<>(now.plus(interval));
  }

  /**
   * Notes a use, to the second: a key already noted within the same epoch second is not written
   * again, so threads using one key read a shared entry instead of all writing it (a write per
   * request locked one map bin and kept two threads at the speed of one). Flushes when the interval
   * has passed (only one caller wins the flush).
   */
  public void record(String keyId, Instant now) {
    Instant known = pending.get(keyId);
    if (known == null || now.getEpochSecond() > known.getEpochSecond()) {
      pending.merge(keyId, now, (a, b) -> a.isAfter(b) ? a : b);
    }
    Instant due = nextFlush.get();
    if (!now.isBefore(due) && nextFlush.compareAndSet(due, now.plus(interval))) {
      flush();
    }
  }

  /** Writes every pending instant now; a failure is logged and the instants are kept for the next flush. */
  public void flush() {
    Map<String, Instant> batch = new HashMap<>();
    for (String keyId : pending.keySet()) {
      Instant at = pending.remove(keyId);
      if (at != null) {
        batch.put(keyId, at);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      sink.accept(Map.copyOf(batch));
    } catch (RuntimeException failure) {
      LOG.warn("recording last-used times for {} API keys failed, will retry: {}", batch.size(),
          failure.getClass().getName());
      batch.forEach((keyId, at) -> pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b));
    }
  }

  /** Returns the number of keys waiting to be flushed. */
  public int pendingCount() {
    return pending.size();
  }
}
