package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /analytics/stats}: the requests of a range summed up, with breakdowns by user, provider, model and
 * endpoint (the endpoint ones are additions to API.md), and what the providers' prompt caching did. Latency percentiles are estimated from the rollups' latency
 * histogram (linear inside a bucket); averages and sums are exact. Rates are fractions in [0, 1]; money is exact USD.
 */
public record UsageStats(
    long totalRequests,
    long totalTokens,
    BigDecimal totalCostUsd,
    double avgLatencyMs,
    long p50LatencyMs,
    long p95LatencyMs,
    double errorRate,
    double cacheHitRate,
    BigDecimal costSavedUsd,
    Map<String, Long> requestsByUser,
    Map<String, Long> requestsByProvider,
    Map<String, Long> requestsByModel,
    Map<String, BigDecimal> costByProvider,
    Map<String, BigDecimal> costByUser,
    Map<String, BigDecimal> costByModel,
    Map<String, Long> tokensByProvider,
    Map<String, Long> tokensByUser,
    Map<String, Double> latencyByProvider,
    Map<String, Long> requestsByEndpoint,
    Map<String, BigDecimal> costByEndpoint,
    Map<String, Long> tokensByEndpoint,
    Map<String, Double> latencyByEndpoint,
    PromptCacheSummary promptCache,
    TimeRange timeRange) {
  /** The range a summary covers: [start, end). */
  public record TimeRange(Instant start, Instant end) {}

  /** The summary of aggregate rows broken down by every dimension (any bucketing, summed away here). */
  static UsageStats of(List<Rollup> rows, TimeRange range) {
    Rollup total = Breakdowns.total(rows);
    return new UsageStats(
        total.requests(),
        total.totalTokens(),
        Money.plain(total.costNanos()),
        Breakdowns.ratio(total.latencySumMs(), total.requests()),
        Rollup.estimatePercentileMs(total.latencyBuckets(), 0.50),
        Rollup.estimatePercentileMs(total.latencyBuckets(), 0.95),
        Breakdowns.ratio(total.errors(), total.requests()),
        Breakdowns.ratio(total.cacheHits(), total.requests()),
        Money.plain(total.costSavedNanos()),
        Breakdowns.counts(rows, Dimension.USER, Rollup::requests),
        Breakdowns.counts(rows, Dimension.PROVIDER, Rollup::requests),
        Breakdowns.counts(rows, Dimension.MODEL, Rollup::requests),
        Breakdowns.costs(rows, Dimension.PROVIDER),
        Breakdowns.costs(rows, Dimension.USER),
        Breakdowns.costs(rows, Dimension.MODEL),
        Breakdowns.counts(rows, Dimension.PROVIDER, Rollup::totalTokens),
        Breakdowns.counts(rows, Dimension.USER, Rollup::totalTokens),
        Breakdowns.averageLatency(rows, Dimension.PROVIDER),
        Breakdowns.counts(rows, Dimension.ENDPOINT, Rollup::requests),
        Breakdowns.costs(rows, Dimension.ENDPOINT),
        Breakdowns.counts(rows, Dimension.ENDPOINT, Rollup::totalTokens),
        Breakdowns.averageLatency(rows, Dimension.ENDPOINT),
        PromptCacheSummary.of(total),
        range);
  }
}
