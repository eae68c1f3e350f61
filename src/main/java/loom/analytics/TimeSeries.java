package loom.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /analytics/timeseries}: one metric per time bucket, as one series per key of the grouping (or
 * one series, {@code all}, without grouping). Every bucket of the range is present in every series, with 0
 * where nothing happened, so a chart never draws a line across a gap as if it were data.
 *
 * @param points per series, {@code [bucket start (RFC 3339), value]} pairs in time order
 */
public record TimeSeries(String bucket, String metric, String groupBy, List<Series> series) {
  /** The key of the one series of an ungrouped time series. */
  static final String ALL = "all";

  /**
   * The most series a grouped time series has: the keys with the most requests, the rest summed into
   * {@link #OTHER}. A chart of 20,000 sessions is unreadable, and its JSON would be megabytes.
   */
  static final int MAX_SERIES = 20;

  /** The key of the series that sums the keys past {@link #MAX_SERIES}. */
  static final String OTHER = "(other)";

  public record Series(String key, List<List<Object>> points) {}

  /**
   * The series of aggregate rows bucketed by {@code bucket} over [start, end).
   *
   * @param groupBy the dimension rows were grouped by, or null
   */
  static TimeSeries of(
      List<Rollup> rows,
      TimeBucket bucket,
      TimeSeriesMetric metric,
      Dimension groupBy,
      Instant start,
      Instant end) {
    Map<String, Map<Long, Rollup>> byKey = new HashMap<>();
    for (Rollup row : rows) {
      String key =
          groupBy == null ? ALL : groupBy.of(row).isEmpty() ? Breakdowns.NONE : groupBy.of(row);
      byKey.computeIfAbsent(key, k -> new HashMap<>()).merge(row.hourStart(), row, Rollup::plus);
    }
    if (groupBy == null) {
      byKey.putIfAbsent(ALL, Map.of());
    }
    if (byKey.size() > MAX_SERIES) {
      byKey = withOther(byKey);
    }
    List<Long> buckets = buckets(bucket, start, end);
    List<Series> series = new ArrayList<>();
    for (String key : new TreeSet<>(byKey.keySet())) {
      Map<Long, Rollup> values = byKey.get(key);
      List<List<Object>> points = new ArrayList<>(buckets.size());
      for (long at : buckets) {
        Rollup row = values.get(at);
        points.add(List.of(Instant.ofEpochMilli(at).toString(), row == null ? 0 : metric.of(row)));
      }
      series.add(new Series(key, points));
    }
    return new TimeSeries(bucket.id(), metric.id(), groupBy == null ? null : groupBy.id(), series);
  }

  /** How many buckets of this width the range [start, end) touches. */
  static long bucketCount(TimeBucket bucket, Instant start, Instant end) {
    if (!start.isBefore(end)) {
      return 0;
    }
    long first = bucket.floor(start).toEpochMilli();
    return Math.floorDiv(end.toEpochMilli() - 1 - first, bucket.millis()) + 1;
  }

  /** The {@link #MAX_SERIES} − 1 keys with the most requests, and the sum of the others under {@link #OTHER}. */
  private static Map<String, Map<Long, Rollup>> withOther(Map<String, Map<Long, Rollup>> byKey) {
    List<String> ranked = new ArrayList<>(byKey.keySet());
    Map<String, Long> requests = new HashMap<>();
    byKey.forEach(
        (key, points) ->
            requests.put(key, points.values().stream().mapToLong(Rollup::requests).sum()));
    ranked.sort(
        Comparator.comparing((String key) -> requests.get(key))
            .reversed()
            .thenComparing(key -> key));
    Map<String, Map<Long, Rollup>> kept = new HashMap<>();
    Map<Long, Rollup> other = new HashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      if (i < MAX_SERIES - 1) {
        kept.put(ranked.get(i), byKey.get(ranked.get(i)));
      } else {
        byKey.get(ranked.get(i)).forEach((at, row) -> other.merge(at, row, Rollup::plus));
      }
    }
    kept.put(OTHER, other);
    return kept;
  }

  private static List<Long> buckets(TimeBucket bucket, Instant start, Instant end) {
    List<Long> starts = new ArrayList<>();
    long first = bucket.floor(start).toEpochMilli();
    for (long i = 0, n = bucketCount(bucket, start, end); i < n; i++) {
      starts.add(first + i * bucket.millis());
    }
    return starts;
  }

  /** Only for readers that want a key's points as a map (tests, the dashboard). */
  public Map<String, Number> pointsOf(String key) {
    Map<String, Number> points = new LinkedHashMap<>();
    series.stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .ifPresent(
            s ->
                s.points()
                    .forEach(point -> points.put((String) point.get(0), (Number) point.get(1))));
    return points;
  }
}
