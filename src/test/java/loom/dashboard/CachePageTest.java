package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import loom.analytics.TimeSeries;
import loom.cache.CacheModule;
import loom.cache.CacheStats;
import org.junit.jupiter.api.Test;

class CachePageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCardsShowTheCountersAndAFallbackBackendIsBadNews() {
    CacheStats.Snapshot stats =
        new CacheStats.Snapshot(
            30,
            10,
            5,
            2,
            1234,
            0.75,
            45_000,
            new BigDecimal("1.5"),
            812.4,
            "memory-fallback",
            4,
            6_000,
            new BigDecimal("0.25"),
            3,
            7,
            12,
            5,
            12,
            900,
            new BigDecimal("0.125"));

    List<Card> cards = CachePage.cards(stats, "redis");

    assertThat(cards)
        .extracting(Card::id)
        .containsExactly(
            "hit-rate",
            "entries",
            "hits",
            "misses",
            "tokens-saved",
            "cost-saved",
            "semantic-hits",
            "latency-saved",
            "backend",
            "warmed-hits");
    assertThat(cards)
        .extracting(Card::value)
        .containsExactly(
            "75.0 %",
            "1,234", "30", "10", "45,000", "$1.50", "4", "812 ms", "memory-fallback", "5");
    assertThat(cards.get(2).change()).isEqualTo("26 exact, 4 by meaning");
    assertThat(cards.get(5).change()).startsWith("$1.25 by exact hits");
    assertThat(cards.get(6).change())
        .isEqualTo("$0.25 saved; 3 near questions refused by a guard; 12 remembered");
    assertThat(cards.get(1).change()).isEqualTo("2 evicted");
    assertThat(cards.get(3).change()).isEqualTo("5 bypassed");
    assertThat(cards.get(8).change()).contains("Redis unreachable");
    assertThat(cards.get(8).tone()).isEqualTo("bad");
    assertThat(cards.get(9).change()).isEqualTo("$0.125 saved, 12 entries warmed");
    assertThat(
            CachePage.cards(
                    new CacheStats.Snapshot(
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        BigDecimal.ZERO,
                        0,
                        "memory",
                        0,
                        0,
                        BigDecimal.ZERO,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        BigDecimal.ZERO),
                    "memory")
                .get(8))
        .isEqualTo(new Card("backend", "Backend", "memory", "configured: memory", "neutral"));
  }

  @Test
  void anInvalidationSaysHowManyEntriesItRemovedOrWouldHave() {
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    assertThat(CachePage.describe(new CacheModule.Invalidation(1, "model: gpt-4o", at, false)))
        .isEqualTo("Removed 1 entry (model: gpt-4o).");
    assertThat(CachePage.describe(new CacheModule.Invalidation(1200, "age: 1h", at, true)))
        .isEqualTo("Would remove 1,200 entries (age: 1h); nothing was removed.");
  }

  @Test
  void theHitRateChartIsHitsOverLookupsPerBucketWithAGapWhereNothingWasLookedUp() throws Exception {
    TimeSeries hits = series(3, 0, 0);
    TimeSeries misses = series(1, 0, 2);

    JsonNode chart = JSON.readTree(ChartModels.hitRateOverTime(hits, misses));

    assertThat(chart.path("type").asText()).isEqualTo("line");
    assertThat(chart.path("data").path("labels")).hasSize(3);
    JsonNode values = chart.path("data").path("datasets").get(0).path("data");
    assertThat(values.get(0).asDouble()).isEqualTo(75.0);
    assertThat(values.get(1).isNull()).isTrue();
    assertThat(values.get(2).asDouble()).isEqualTo(0.0);
    assertThat(chart.path("options").path("scales").path("y").path("max").asInt()).isEqualTo(100);
  }

  private static TimeSeries series(long... counts) {
    Instant start = Instant.parse("2026-11-25T10:00:00Z");
    List<List<Object>> points = new java.util.ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      points.add(Arrays.asList(start.plusSeconds(3600L * i).toString(), counts[i]));
    }
    return new TimeSeries("hour", "requests", null, List.of(new TimeSeries.Series("all", points)));
  }
}
