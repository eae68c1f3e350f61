package loom.analytics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Sums of aggregate rows per user, provider, model or endpoint, as the maps of the stats and cost answers: largest
 * first, ties by name, requests without the dimension (e.g. a 401 has no user) under {@link #NONE}.
 */
final class Breakdowns {
  /** The key of requests that had no user, provider or model (or no endpoint: rolled up before V8, logs gone). */
  static final String NONE = "(none)";

  private static final Rollup EMPTY =
      Rollup.of(0, "", "", "", "", new long[Rollup.SUMS + Rollup.BUCKETS]);

  private Breakdowns() {}

  /** Every row added up. */
  static Rollup total(List<Rollup> rows) {
    return rows.stream().reduce(EMPTY, Rollup::plus);
  }

  static Map<String, Long> counts(
      List<Rollup> rows, Dimension dimension, ToLongFunction<Rollup> count) {
    return sorted(sums(rows, dimension, count));
  }

  static Map<String, BigDecimal> costs(List<Rollup> rows, Dimension dimension) {
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    counts(rows, dimension, Rollup::costNanos)
        .forEach((key, nanos) -> costs.put(key, Money.plain(nanos)));
    return costs;
  }

  /** The mean latency (ms) of each key's requests, slowest first. */
  static Map<String, Double> averageLatency(List<Rollup> rows, Dimension dimension) {
    Map<String, Long> requests = sums(rows, dimension, Rollup::requests);
    Map<String, Long> latency = sums(rows, dimension, Rollup::latencySumMs);
    Map<String, Double> averages = new HashMap<>();
    requests.forEach((key, count) -> averages.put(key, ratio(latency.get(key), count)));
    return sorted(averages);
  }

  /** part / whole, or 0 when there is no whole; rounded to 4 decimals so JSON stays readable. */
  static double ratio(long part, long whole) {
    return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  private static Map<String, Long> sums(
      List<Rollup> rows, Dimension dimension, ToLongFunction<Rollup> count) {
    Map<String, Long> sums = new HashMap<>();
    for (Rollup row : rows) {
      String key = dimension.of(row);
      sums.merge(key.isEmpty() ? NONE : key, count.applyAsLong(row), Long::sum);
    }
    return sums;
  }

  private static <V extends Comparable<V>> Map<String, V> sorted(Map<String, V> values) {
    Map<String, V> sorted = new LinkedHashMap<>();
    values.entrySet().stream()
        .sorted(
            Map.Entry.<String, V>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEachOrdered(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }
}
