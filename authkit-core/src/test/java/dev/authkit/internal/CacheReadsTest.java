package dev.authkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CacheReadsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Cache<String, String> cache = Caffeine.newBuilder()
      .maximumSize(64)
      .expireAfterWrite(Duration.ofSeconds(30))
      .ticker(nanos::get)
      .executor(Runnable::run)
      .build();

  @Test
  void getWhenPresentThenValueAndWhenAbsentOrExpiredThenNull() {
    cache.put("a", "1");
    assertThat(CacheReads.get(cache, "a")).isEqualTo("1");
    assertThat(CacheReads.get(cache, "b")).isNull();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(CacheReads.get(cache, "a")).isNull();
  }

  @Test
  void getWhenOneEntryReadOftenThenTheEvictionPolicyStillRanksItHottest() {
    cache.put("hot", "h");
    // Past half the bound, where Caffeine starts counting reads for its eviction policy.
    for (int i = 0; i < 60; i++) {
      cache.put("k" + i, "v");
      cache.getIfPresent("k" + i); // every other entry: written and read once, frequency 2
    }
    for (int i = 0; i < 2_000; i++) {
      assertThat(CacheReads.get(cache, "hot")).isEqualTo("h");
    }
    cache.cleanUp();
    // Sampled reads (about 1 in 16) lift "hot" above the rest; with none recorded it would rank last.
    assertThat(cache.policy().eviction().orElseThrow().hottest(1)).containsOnlyKeys("hot");
  }
}
