package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loom.analytics.TimeSeries;
import org.junit.jupiter.api.Test;

class CostsPageTest {
  @Test
  void costRowsAreCostliestFirstWithCostPerRequestAndPerThousandTokens() {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    costs.put("cheap", new BigDecimal("0.002"));
    costs.put("(none)", BigDecimal.ZERO);
    costs.put("dear", new BigDecimal("12.5"));
    Map<String, Long> requests = Map.of("cheap", 4L, "(none)", 3L, "dear", 10L);
    Map<String, Long> tokens = Map.of("cheap", 2_000L, "dear", 50_000L);

    assertThat(CostRow.of(costs, requests, tokens, key -> key.toUpperCase(), "no model"))
        .containsExactly(
            new CostRow("DEAR", "10", "50,000", "$12.50", "$1.25", "$0.25"),
            new CostRow("CHEAP", "4", "2,000", "$0.002", "$0.0005", "$0.001"),
            new CostRow("no model", "3", "0", "$0.00", "$0.00", "–"));
  }

  @Test
  void aBudgetBarShowsTheShareSpentCappedAtAFullBar() {
    assertThat(
            BudgetBar.of(
                "daily",
                "Your daily budget",
                new BigDecimal("1.2"),
                new BigDecimal("50"),
                "2026-01-21"))
        .isEqualTo(
            new BudgetBar(
                "daily",
                "Your daily budget",
                2,
                "$1.20 of $50.00 (2.4 %) in 2026-01-21",
                true,
                false));
    BudgetBar over =
        BudgetBar.of(
            "monthly",
            "Your monthly budget",
            new BigDecimal("75"),
            new BigDecimal("50"),
            "2026-01");
    assertThat(over.percent()).isEqualTo(100);
    assertThat(over.over()).isTrue();
    assertThat(over.text()).isEqualTo("$75.00 of $50.00 (150.0 %) in 2026-01");
  }

  @Test
  void withoutABudgetThereIsNoBarOnlyTheSpend() {
    BudgetBar none =
        BudgetBar.of("daily", "Your daily budget", new BigDecimal("0.5"), null, "2026-01-21");

    assertThat(none.hasBudget()).isFalse();
    assertThat(none.text()).isEqualTo("$0.50 spent in 2026-01-21; no budget set");
  }

  @Test
  void theTokensOfEachModelAreTheSumOfItsPoints() {
    TimeSeries series =
        new TimeSeries(
            "day",
            "tokens",
            "model",
            List.of(
                new TimeSeries.Series(
                    "gpt-4o",
                    List.of(
                        List.of("2026-01-20T00:00:00Z", 10L), List.of("2026-01-21T00:00:00Z", 5L))),
                new TimeSeries.Series("(none)", List.of(List.of("2026-01-20T00:00:00Z", 0L)))));

    assertThat(CostsPage.sums(series))
        .containsExactlyInAnyOrderEntriesOf(Map.of("gpt-4o", 15L, "(none)", 0L));
  }
}
