package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;

/** The {@code warmed} mark of an entry: kept in its JSON only when true, read as false when absent, counted apart. */
class WarmedEntryTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static CacheEntry live() {
    return new CacheEntry(
        200,
        "application/json",
        "{\"id\":\"chatcmpl-1\"}",
        List.of(),
        new Usage(11, 2, 13, 0, 0, true),
        "openai",
        "gpt-4o",
        "/chat/completions",
        NOW,
        NOW.plusSeconds(60),
        420);
  }

  @Test
  void aWarmedEntrySaysSoInItsJsonAndALiveOneIsWrittenAsBefore() {
    CacheEntry warmed = live().asWarmed();

    assertThat(warmed.warmed()).isTrue();
    assertThat(warmed.toJson()).contains("\"warmed\":true");
    assertThat(CacheEntry.fromJson(warmed.toJson())).isEqualTo(warmed);
    assertThat(live().toJson()).doesNotContain("warmed");
    assertThat(CacheEntry.fromJson(live().toJson()).warmed()).isFalse();
  }

  @Test
  void anEntryStoredBeforeWarmingExistedIsReadAsNotWarmed() {
    String older =
        "{\"v\":1,\"status\":200,\"content_type\":\"application/json\",\"body\":\"{}\","
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2,\"reported\":true},"
            + "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"endpoint\":\"/chat/completions\","
            + "\"cached_at\":1,\"expires_at\":2,\"latency_ms\":3}";

    CacheEntry entry = CacheEntry.fromJson(older);

    assertThat(entry.warmed()).isFalse();
    assertThat(entry.usage().totalTokens()).isEqualTo(2);
  }

  @Test
  void hitsOnWarmedEntriesAreCountedApartAndInTheTotals() {
    CacheStats stats =
        new CacheStats(new LocalCounters(), (provider, model, usage) -> new BigDecimal("0.002"));

    stats.hit(live());
    stats.hit(live().asWarmed());
    stats.hit(live().asWarmed());
    stats.warmedStored();

    CacheStats.Snapshot snapshot = stats.snapshot(0, 1, "memory", 0);
    assertThat(snapshot.hits()).isEqualTo(3);
    assertThat(snapshot.warmedHits()).isEqualTo(2);
    assertThat(snapshot.warmedStores()).isEqualTo(1);
    assertThat(snapshot.warmedTokensSaved()).isEqualTo(26);
    assertThat(snapshot.warmedCostSavedUsd()).isEqualByComparingTo("0.004");
    assertThat(snapshot.costSavedUsd()).isEqualByComparingTo("0.006");
  }
}
