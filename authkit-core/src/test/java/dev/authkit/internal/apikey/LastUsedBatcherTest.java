package dev.authkit.internal.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LastUsedBatcherTest {

  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

  private final List<Map<String, Instant>> batches = new ArrayList<>();
  private final LastUsedBatcher batcher = new LastUsedBatcher(Duration.ofSeconds(60), T0, batches::add);

  @Test
  void recordWhenUsedAgainWithinTheSameSecondThenTheFirstUseStandsForThatSecond() {
    batcher.record("k1", T0.plusMillis(100));
    batcher.record("k1", T0.plusMillis(400));
    batcher.record("k1", T0.plusMillis(999));
    batcher.flush();
    assertThat(batches).containsExactly(Map.of("k1", T0.plusMillis(100)));
  }

  @Test
  void recordWhenUsedInALaterSecondThenTheLaterUseIsKept() {
    batcher.record("k1", T0.plusMillis(900));
    batcher.record("k1", T0.plusMillis(1_200));
    batcher.record("k2", T0.plusSeconds(3));
    batcher.record("k1", T0.plusMillis(500)); // an older instant never replaces a newer one
    batcher.flush();
    assertThat(batches).containsExactly(Map.of("k1", T0.plusMillis(1_200), "k2", T0.plusSeconds(3)));
  }

  @Test
  void recordWhenIntervalPassedThenOneBatchCarriedByThatCall() {
    batcher.record("k1", T0);
    assertThat(batches).isEmpty();
    batcher.record("k2", T0.plusSeconds(60));
    assertThat(batches).containsExactly(Map.of("k1", T0, "k2", T0.plusSeconds(60)));
    assertThat(batcher.pendingCount()).isZero();
  }
}
