package dev.authkit.internal.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.authkit.internal.CacheReads;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The verified-token cache: successful verifications keyed by the SHA-256 digest of the whole
 * token (the token itself is never held, and a digest cannot be turned back into it; a different
 * token, tampered in any segment, has a different digest unless SHA-256 collides). Bounded by entry
 * count (Caffeine, W-TinyLFU eviction); each entry expires at the instant the caller gives (the
 * token's {@code exp}), measured on the injected {@link Clock}. The caller re-checks everything
 * that can change on every hit. Thread-safe. Not an API.
 *
 * @param <V> what is remembered per token
 */
public final class VerifiedTokens<V> {

  private final Clock clock;
  private final Cache<Digest, Entry<V>> cache;
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(VerifiedTokens::newSha256);

  /**
   * @param maximumSize the entry bound, at least 1
   * @param clock the authenticator's clock; also the cache's ticker, so entries expire on its time
   */
  public VerifiedTokens(int maximumSize, Clock clock) {
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(() -> nanos(clock.instant()))
        // Sized for the bound up front (64 KiB of table for 10,000 entries): growing the table
        // while the cache fills cost a rehash of every entry per doubling, on request threads.
        .initialCapacity(Math.min(maximumSize, 16_384))
        // Maintenance on the calling thread: handing it to the common pool on every insert wakes a
        // pool thread per miss, which cost more CPU on the request thread (the wake-up) than the
        // maintenance itself (measured: +5-9 us per cold HS256 token on JDK 17).
        .executor(Runnable::run)
        .expireAfter(new Expiry<Digest, Entry<V>>() {
          @Override
          public long expireAfterCreate(Digest key, Entry<V> value, long currentTime) {
            return Math.max(0, value.expiresAtNanos - currentTime);
          }

          @Override
          public long expireAfterUpdate(Digest key, Entry<V> value, long currentTime, long currentDuration) {
            return Math.max(0, value.expiresAtNanos - currentTime);
          }

          @Override
          public long expireAfterRead(Digest key, Entry<V> value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  /** Returns the cache key of a token's ASCII bytes: their SHA-256 digest. */
  public Digest digest(byte[] token) {
    MessageDigest digest = sha256.get();
    return new Digest(ByteBuffer.wrap(digest.digest(token)));
  }

  /** Returns the remembered value, or null. */
  public @Nullable V get(Digest digest) {
    // Without Caffeine's per-hit writes, so threads sharing a hot token scale (see CacheReads).
    Entry<V> entry = CacheReads.get(cache, digest);
    return entry == null ? null : entry.value;
  }

  /** Remembers a verified token until {@code until}; nothing is stored when that is not in the future. */
  public void put(Digest digest, V value, Instant until) {
    long expiresAt = nanos(until);
    if (expiresAt > nanos(clock.instant())) {
      cache.put(digest, new Entry<>(value, expiresAt));
    }
  }

  /** Forgets one token. */
  public void remove(Digest digest) {
    cache.invalidate(digest);
  }

  /** Returns the number of entries, after pending evictions; for tests and diagnostics. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static long nanos(Instant instant) {
    // Saturating, so far-future exp values (up to year 9999) cannot overflow.
    long seconds = instant.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L - 1) {
      return Long.MAX_VALUE / 2;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L + 1) {
      return Long.MIN_VALUE / 2;
    }
    return seconds * 1_000_000_000L + instant.getNano();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** A SHA-256 digest as four longs: cheap equals and hash code, no array. */
  public static final class Digest {
    private final long a;
    private final long b;
    private final long c;
    private final long d;

    Digest(ByteBuffer bytes) {
      this.a = bytes.getLong();
      this.b = bytes.getLong();
      this.c = bytes.getLong();
      this.d = bytes.getLong();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      if (!(other instanceof Digest)) {
        return false;
      }
      Digest that = (Digest) other;
      return a == that.a && b == that.b && c == that.c && d == that.d;
    }

    @Override
    public int hashCode() {
      return (int) (a ^ (a >>> 32));
    }

    @Override
    public String toString() {
      return "Digest[sha-256]";
    }
  }

  private static final class Entry<V> {
    final V value;
    final long expiresAtNanos;

    Entry(V value, long expiresAtNanos) {
      this.value = value;
      this.expiresAtNanos = expiresAtNanos;
    }
  }
}
