package loom.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /analytics/costs}: what a range cost, in total, per request, per 1,000 tokens and broken down by
 * provider, user, model and endpoint (largest first; endpoint is an addition to API.md). Exact USD; the per-unit
 * figures are rounded to 9 decimals.
 */
public record CostSummary(
    BigDecimal totalCostUsd,
    long totalRequests,
    long totalTokens,
    BigDecimal costPerRequest,
    @JsonProperty("cost_per_1k_tokens") BigDecimal costPer1kTokens,
    Map<String, BigDecimal> costByProvider,
    Map<String, BigDecimal> costByUser,
    Map<String, BigDecimal> costByModel,
    Map<String, BigDecimal> costByEndpoint,
    UsageStats.TimeRange timeRange) {
  static CostSummary of(List<Rollup> rows, UsageStats.TimeRange range) {
    Rollup total = Breakdowns.total(rows);
    BigDecimal cost = Money.fromNanos(total.costNanos());
    return new CostSummary(
        Money.plain(cost),
        total.requests(),
        total.totalTokens(),
        per(cost, total.requests(), 1),
        per(cost, total.totalTokens(), 1_000),
        Breakdowns.costs(rows, Dimension.PROVIDER),
        Breakdowns.costs(rows, Dimension.USER),
        Breakdowns.costs(rows, Dimension.MODEL),
        Breakdowns.costs(rows, Dimension.ENDPOINT),
        range);
  }

  private static BigDecimal per(BigDecimal cost, long count, long unit) {
    if (count == 0) {
      return BigDecimal.ZERO;
    }
    return Money.plain(
        cost.multiply(BigDecimal.valueOf(unit))
            .divide(BigDecimal.valueOf(count), Money.SCALE, RoundingMode.HALF_EVEN));
  }
}
