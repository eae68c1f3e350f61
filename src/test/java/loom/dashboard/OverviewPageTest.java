package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import loom.analytics.PromptCacheSummary;
import loom.analytics.UsageStats;
import org.junit.jupiter.api.Test;

class OverviewPageTest {
  @Test
  void theTopModelsTableListsTheCostliestModelsFirstThenTheBusiestFreeOnes() {
    Map<String, Long> requests = new LinkedHashMap<>();
    requests.put("cheap-busy", 900L);
    requests.put("local-busy", 500L);
    requests.put("(none)", 40L);
    requests.put("dear", 10L);
    requests.put("local-quiet", 5L);
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    costs.put("dear", new BigDecimal("12.5"));
    costs.put("cheap-busy", new BigDecimal("0.004"));
    costs.put("(none)", BigDecimal.ZERO);
    costs.put("local-busy", BigDecimal.ZERO);
    costs.put("local-quiet", BigDecimal.ZERO);
    UsageStats stats =
        new UsageStats(
            1455,
            0,
            new BigDecimal("12.504"),
            0,
            0,
            0,
            0,
            0,
            BigDecimal.ZERO,
            Map.of(),
            Map.of(),
            requests,
            Map.of(),
            Map.of(),
            costs,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            PromptCacheSummary.NONE,
            new UsageStats.TimeRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(1)));

    assertThat(OverviewPage.topModels(stats))
        .containsExactly(
            new OverviewPage.ModelRow("dear", "10", "$12.50"),
            new OverviewPage.ModelRow("cheap-busy", "900", "$0.004"),
            new OverviewPage.ModelRow("local-busy", "500", "$0.00"),
            new OverviewPage.ModelRow("no model", "40", "$0.00"),
            new OverviewPage.ModelRow("local-quiet", "5", "$0.00"));
  }
}
