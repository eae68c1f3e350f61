package loom.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Sums the requests of a filter and time range, per time bucket and per the chosen dimensions, from the
 * hourly rollups wherever whole hours allow and from the raw rows for the rest (the partial hours at either
 * end, the current hour, minute buckets, and filters the rollups have no column for). The answer has the
 * shape of {@link Rollup} rows: {@code hourStart} is the bucket's start (0 without buckets), dimensions
 * not grouped by are {@code ""}. So a million logged requests are summed from a few thousand rollup rows.
 */
final class UsageAggregator {
  private static final String ROLLUP_SUMS = String.join(", ",
      List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*")).stream().skip(4)
          .map(column -> "COALESCE(SUM(" + column + "), 0) AS " + column).toList());
  private static final String RAW_SUMS = rawSums();
  private static final RowMapper<Rollup> ROW = ConstructorMapper.of(Rollup.class);
  private static final Comparator<Rollup> ORDER = Comparator.comparingLong(Rollup::hourStart)
      .thenComparing(Rollup::userId).thenComparing(Rollup::providerId).thenComparing(Rollup::modelName);

  private UsageAggregator() {}

  /**
   * The sums of the filter's requests in [from, to) epoch millis.
   *
   * @param bucket the time bucket to sum per; null for one sum over the whole range
   * @param groupBy the dimensions to sum per; the others are summed together
   */
  static List<Rollup> aggregate(Handle handle, LogFilter filter, long from, long to, TimeBucket bucket,
                                Set<Dimension> groupBy) {
    Objects.requireNonNull(filter, "filter");
    List<Rollup> parts = new ArrayList<>();
    long firstWholeHour = Math.floorDiv(from + Rollup.HOUR_MS - 1, Rollup.HOUR_MS) * Rollup.HOUR_MS;
    long wholeHoursEnd = Math.floorDiv(to, Rollup.HOUR_MS) * Rollup.HOUR_MS;
    boolean rollupsServe = !filter.needsRawRows() && bucket != TimeBucket.MINUTE && firstWholeHour < wholeHoursEnd;
    if (!rollupsServe) {
      parts.addAll(query(handle, false, LogConditions.forLogs(filter, from, to), bucket, groupBy));
    } else {
      parts.addAll(query(handle, true, LogConditions.forRollups(filter, firstWholeHour, wholeHoursEnd), bucket,
          groupBy));
      if (from < firstWholeHour) {
        parts.addAll(query(handle, false, LogConditions.forLogs(filter, from, firstWholeHour), bucket, groupBy));
      }
      if (wholeHoursEnd < to) {
        parts.addAll(query(handle, false, LogConditions.forLogs(filter, wholeHoursEnd, to), bucket, groupBy));
      }
    }
    return merge(parts);
  }

  /**
   * How many requests of the filter fall in [from, to): the same split between rollups and raw rows as
   * {@link #aggregate}, but one sum only, which is what a page of logs needs for its total.
   */
  static long count(Handle handle, LogFilter filter, long from, long to) {
    long firstWholeHour = Math.floorDiv(from + Rollup.HOUR_MS - 1, Rollup.HOUR_MS) * Rollup.HOUR_MS;
    long wholeHoursEnd = Math.floorDiv(to, Rollup.HOUR_MS) * Rollup.HOUR_MS;
    if (filter.needsRawRows() || firstWholeHour >= wholeHoursEnd) {
      return countRows(handle, "COUNT(*)", "request_logs", LogConditions.forLogs(filter, from, to));
    }
    long count = countRows(handle, "COALESCE(SUM(requests), 0)", "request_rollups_hourly",
        LogConditions.forRollups(filter, firstWholeHour, wholeHoursEnd));
    if (from < firstWholeHour) {
      count += countRows(handle, "COUNT(*)", "request_logs", LogConditions.forLogs(filter, from, firstWholeHour));
    }
    if (wholeHoursEnd < to) {
      count += countRows(handle, "COUNT(*)", "request_logs", LogConditions.forLogs(filter, wholeHoursEnd, to));
    }
    return count;
  }

  private static long countRows(Handle handle, String sum, String table, LogConditions where) {
    return where.bindTo(handle.createQuery("SELECT " + sum + " FROM " + table + " WHERE " + where.sql()))
        .mapTo(Long.class).one();
  }

  private static List<Rollup> query(Handle handle, boolean rollups, LogConditions where, TimeBucket bucket,
                                    Set<Dimension> groupBy) {
    String time = rollups ? "hour_start" : "ts";
    String bucketStart = bucket == null ? "0" : "(" + time + " / " + bucket.millis() + ") * " + bucket.millis();
    List<String> columns = new ArrayList<>(List.of(bucketStart + " AS hour_start"));
    List<String> grouped = new ArrayList<>();
    if (bucket != null) {
      grouped.add("1");
    }
    int position = 2;
    for (Dimension dimension : Dimension.values()) {
      if (groupBy.contains(dimension)) {
        String value = rollups ? dimension.column() : "COALESCE(" + dimension.column() + ", '')";
        columns.add(value + " AS " + dimension.column());
        grouped.add(Integer.toString(position));
      } else {
        columns.add("'' AS " + dimension.column());
      }
      position++;
    }
    String sql = "SELECT " + String.join(", ", columns) + ", " + (rollups ? ROLLUP_SUMS : RAW_SUMS)
        + " FROM " + (rollups ? "request_rollups_hourly" : "request_logs") + " WHERE " + where.sql()
        + (grouped.isEmpty() ? "" : " GROUP BY " + String.join(", ", grouped));
    return where.bindTo(handle.createQuery(sql)).map(ROW).list().stream()
        .filter(row -> row.requests() > 0)
        .toList();
  }

  /** Adds up rows of the same bucket and dimensions (from the rollups and from the raw edges). */
  static List<Rollup> merge(List<Rollup> rows) {
    Map<Rollup, Rollup> sums = new TreeMap<>(ORDER);
    for (Rollup row : rows) {
      sums.merge(row, row, Rollup::plus);
    }
    return List.copyOf(sums.values());
  }

  private static String rawSums() {
    List<String> sums = new ArrayList<>(List.of(
        "COUNT(*) AS requests",
        "COALESCE(SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), 0) AS errors",
        "COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens",
        "COALESCE(SUM(completion_tokens), 0) AS completion_tokens",
        "COALESCE(SUM(total_tokens), 0) AS total_tokens",
        "COALESCE(SUM(cached_tokens), 0) AS cached_tokens",
        "COALESCE(SUM(cost_nanos), 0) AS cost_nanos",
        "COALESCE(SUM(cost_saved_nanos), 0) AS cost_saved_nanos",
        "COALESCE(SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), 0) AS cache_hits",
        "COALESCE(SUM(latency_ms), 0) AS latency_sum_ms"));
    List<Long> bounds = Rollup.LATENCY_BOUNDS_MS;
    for (int i = 0; i <= bounds.size(); i++) {
      String above = i == 0 ? "" : "latency_ms > " + bounds.get(i - 1);
      String atMost = i == bounds.size() ? "" : "latency_ms <= " + bounds.get(i);
      String condition = above.isEmpty() ? atMost : atMost.isEmpty() ? above : above + " AND " + atMost;
      String column = i == bounds.size() ? "le_inf" : "le_" + bounds.get(i);
      sums.add("COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS " + column);
    }
    return String.join(", ", sums);
  }
}
