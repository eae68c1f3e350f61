package loom.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /analytics/breakdown}: every number of a range per value of one dimension, costliest first. The
 * groups past the limit are summed into {@code other}, so the groups and {@code other} always add up to the total.
 * Grouped by tag, a request with two tags counts under each, so the groups may add up to more than the total.
 *
 * @param groupBy the dimension's API name ({@code team}, {@code session}, …)
 * @param groups the largest groups, at most the limit asked for; {@code "(none)"} for requests without a value
 * @param other the sum of the groups past the limit; null when there are none
 * @param total every request of the range and filter, once
 */
public record UsageBreakdown(
    String groupBy, List<Group> groups, Group other, Group total, UsageStats.TimeRange timeRange) {
  /** The key of the sum of the groups past the limit. */
  static final String OTHER = "(other)";

  /** One group's numbers. */
  public record Group(
      String key,
      long requests,
      long errors,
      double errorRate,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      BigDecimal costUsd,
      BigDecimal costSavedUsd,
      double cacheHitRate,
      double avgLatencyMs,
      long p95LatencyMs,
      PromptCacheSummary promptCache) {
    static Group of(String key, Rollup sums) {
      return new Group(
          key,
          sums.requests(),
          sums.errors(),
          Breakdowns.ratio(sums.errors(), sums.requests()),
          sums.promptTokens(),
          sums.completionTokens(),
          sums.totalTokens(),
          Money.plain(sums.costNanos()),
          Money.plain(sums.costSavedNanos()),
          Breakdowns.ratio(sums.cacheHits(), sums.requests()),
          Breakdowns.ratio(sums.latencySumMs(), sums.requests()),
          Rollup.estimatePercentileMs(sums.latencyBuckets(), 0.95),
          PromptCacheSummary.of(sums));
    }
  }

  /** The breakdown of aggregate rows grouped by {@code dimension}, keeping the {@code limit} costliest groups. */
  static UsageBreakdown of(
      List<Rollup> rows, Dimension dimension, int limit, Rollup total, UsageStats.TimeRange range) {
    List<Map.Entry<String, Rollup>> sorted = sortedGroups(rows, dimension);
    Rollup rest = null;
    for (Map.Entry<String, Rollup> entry :
        sorted.subList(Math.min(limit, sorted.size()), sorted.size())) {
      rest = rest == null ? entry.getValue() : rest.plus(entry.getValue());
    }
    return new UsageBreakdown(
        dimension.id(),
        groups(sorted.subList(0, Math.min(limit, sorted.size()))),
        rest == null ? null : Group.of(OTHER, rest),
        Group.of("total", total),
        range);
  }

  /**
   * The breakdown of groups already chosen ({@link RankedBreakdown}): {@code top}'s rows per group, costliest
   * first, and {@code rest} (null when no group was left out) as {@code other}.
   */
  static UsageBreakdown ofChosen(
      List<Rollup> top,
      Rollup rest,
      Dimension dimension,
      Rollup total,
      UsageStats.TimeRange range) {
    return new UsageBreakdown(
        dimension.id(),
        groups(sortedGroups(top, dimension)),
        rest == null ? null : Group.of(OTHER, rest),
        Group.of("total", total),
        range);
  }

  /** The rows summed per group ({@link Breakdowns#NONE} for no value): costliest first, then busiest, then by name. */
  private static List<Map.Entry<String, Rollup>> sortedGroups(
      List<Rollup> rows, Dimension dimension) {
    Map<String, Rollup> byKey = new LinkedHashMap<>();
    for (Rollup row : rows) {
      byKey.merge(groupKey(dimension.of(row)), row, Rollup::plus);
    }
    List<Map.Entry<String, Rollup>> sorted = new ArrayList<>(byKey.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<String, Rollup>, Long>comparing(
                entry -> entry.getValue().costNanos(), Comparator.reverseOrder())
            .thenComparing(entry -> entry.getValue().requests(), Comparator.reverseOrder())
            .thenComparing(Map.Entry::getKey));
    return sorted;
  }

  /** The group of a value: {@link Breakdowns#NONE} for requests without one. */
  static String groupKey(String value) {
    return value.isEmpty() ? Breakdowns.NONE : value;
  }

  private static List<Group> groups(List<Map.Entry<String, Rollup>> entries) {
    return entries.stream().map(entry -> Group.of(entry.getKey(), entry.getValue())).toList();
  }
}
