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

/**
 * Sums the requests of a filter and time range, per time bucket and per the chosen dimensions: whole UTC days
 * from the daily rollups, whole hours at the days' edges from the hourly rollups, and the rest from the raw rows
 * (the partial hours at either end, minute buckets, and filters the rollups have no column for). The answer has
 * the shape of {@link Rollup} rows: {@code hourStart} is the bucket's start (0 without buckets), dimensions
 * not grouped by are {@code ""}. So a month of a million logged requests is summed from a few thousand rows. A sum
 * by one attribution dimension alone takes its whole days and hours from {@link AttributedRollups}, and so does the
 * count of one attribution value's logs.
 */
final class UsageAggregator {
  private static final String ROLLUP_SUMS =
      String.join(
          ", ",
          List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*")).stream()
              .skip(Rollup.KEYS)
              .map(column -> "COALESCE(SUM(" + column + "), 0) AS " + column)
              .toList());

  /** The sums of raw rows, named and ordered like the rollup columns. */
  static final String RAW_SUMS = rawSums();

  /**
   * Maps an aggregate row by position: the bucket start, the dimensions in {@link Dimension} order and the sums in
   * {@link Rollup}'s order, which is the order of its components. JDBI's reflective constructor mapper (by name,
   * 33 columns) was a tenth of a month's stats.
   */
  static final RowMapper<Rollup> ROW =
      (rs, ctx) -> {
        long[] sums = new long[Rollup.SUMS + Rollup.BUCKETS];
        int first = Rollup.KEYS + 1;
        for (int i = 0; i < sums.length; i++) {
          sums[i] = rs.getLong(first + i);
        }
        return Rollup.of(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            sums,
            rs.getString(first + sums.length));
      };

  private static final Comparator<Rollup> ORDER =
      Comparator.comparingLong(Rollup::hourStart)
          .thenComparing(Rollup::userId)
          .thenComparing(Rollup::providerId)
          .thenComparing(Rollup::modelName)
          .thenComparing(Rollup::endpoint)
          .thenComparing(Rollup::label);

  /**
   * The request logs with one row per tag (and one with a null tag for a request without any), for a sum grouped
   * by tag: a request with two tags counts once under each. Named like the table, so the filter's columns read the
   * same; SQLite and PostgreSQL both push the filter's conditions into it.
   */
  static final String LOGS_BY_TAG =
      "(SELECT request_logs.*, request_log_tags.tag AS tag FROM request_logs"
          + " LEFT JOIN request_log_tags ON request_log_tags.log_id = request_logs.id) request_logs";

  /** The rollups, coarsest first: each part of a range is summed from the coarsest one that covers it whole. */
  private static final List<RollupTable> COARSEST_FIRST =
      List.of(RollupTable.DAILY, RollupTable.HOURLY);

  private UsageAggregator() {}

  /**
   * A part of a range and where it is summed from.
   *
   * @param table the rollup table whose slots [from, to) covers whole; null for the raw rows
   * @param byValue whether the daily slots are read from {@link AttributedRollups#DETAIL_TABLE} instead, for the
   *     filter's one attribution value
   */
  record Part(RollupTable table, long from, long to, boolean byValue) {
    Part(RollupTable table, long from, long to) {
      this(table, from, to, false);
    }

    boolean isRaw() {
      return table == null;
    }
  }

  /**
   * The sums of the filter's requests in [from, to) epoch millis.
   *
   * @param bucket the time bucket to sum per; null for one sum over the whole range
   * @param groupBy the dimensions to sum per; the others are summed together. At most one of them may be one the
   *     rollups lack, whose value is then each row's {@link Rollup#label}.
   */
  static List<Rollup> aggregate(
      Handle handle,
      LogFilter filter,
      long from,
      long to,
      TimeBucket bucket,
      Set<Dimension> groupBy) {
    Objects.requireNonNull(filter, "filter");
    if (groupBy.stream().filter(dimension -> !dimension.isRolledUp()).count() > 1) {
      throw new IllegalArgumentException("At most one attribution dimension per sum: " + groupBy);
    }
    if (AttributedRollupQueries.canAnswer(filter, bucket, groupBy)) {
      return attributed(handle, filter, from, to, bucket, groupBy.iterator().next());
    }
    if (AttributedRollupQueries.canAnswerWithinTeam(filter, bucket, groupBy)) {
      return withinTeam(handle, filter, from, to, bucket, groupBy.iterator().next());
    }
    boolean rawOnly = groupBy.stream().anyMatch(dimension -> !dimension.isRolledUp());
    List<Part> plan =
        canSumByValue(filter, bucket, groupBy)
            ? byValuePlan(handle, from, to)
            : plan(filter, from, to, bucket, rawOnly);
    List<Rollup> parts = new ArrayList<>();
    for (Part part : plan) {
      parts.addAll(query(handle, part, filter, bucket, groupBy));
    }
    return merge(parts);
  }

  /**
   * A sum by one attribution dimension: whole days and hours from {@link AttributedRollups}, the partial hours at
   * the ends from the raw rows.
   */
  private static List<Rollup> attributed(
      Handle handle, LogFilter filter, long from, long to, TimeBucket bucket, Dimension labelled) {
    String value = filter.valueOf(labelled);
    List<Rollup> parts = new ArrayList<>();
    for (Part part : attributedPlan(handle, from, to, bucket)) {
      if (part.isRaw()) {
        parts.addAll(query(handle, part, filter, bucket, Set.of(labelled)));
      } else {
        var sum =
            handle
                .createQuery(
                    AttributedRollupQueries.sumSql(
                        part.table(),
                        labelled,
                        bucket,
                        value == null
                            ? AttributedRollupQueries.Values.ALL
                            : AttributedRollupQueries.Values.ONE))
                .bind("from", part.from())
                .bind("to", part.to());
        if (value != null) {
          sum.bind("value", value);
        }
        parts.addAll(sum.map(ROW).list().stream().filter(row -> row.requests() > 0).toList());
      }
    }
    return merge(parts);
  }

  /** One team's sums by another attribution dimension: whole days from its team rollup rows, the rest raw. */
  private static List<Rollup> withinTeam(
      Handle handle, LogFilter filter, long from, long to, TimeBucket bucket, Dimension labelled) {
    List<Rollup> parts = new ArrayList<>();
    for (Part part : byValuePlan(handle, from, to)) {
      parts.addAll(
          part.isRaw()
              ? query(handle, part, filter, bucket, Set.of(labelled))
              : handle
                  .createQuery(AttributedRollupQueries.teamSumSql(labelled, bucket))
                  .bind("team", filter.valueOf(Dimension.TEAM))
                  .bind("from", part.from())
                  .bind("to", part.to())
                  .map(ROW)
                  .list()
                  .stream()
                  .filter(row -> row.requests() > 0)
                  .toList());
    }
    return merge(parts);
  }

  /**
   * The parts of a sum from {@link AttributedRollups}: whole days, whole hours, then the raw rows; and the raw rows
   * from where the rollups end ({@link AttributedRollups#rolledUpBefore}: a few minutes ago once the job has run).
   */
  static List<Part> attributedPlan(Handle handle, long from, long to, TimeBucket bucket) {
    return rolledUpPlan(
        handle,
        AttributedRollups.TABLES.stream()
            .filter(table -> bucket == null || bucket.millis() % table.millis() == 0)
            .toList(),
        from,
        to);
  }

  /** The parts of [from, to) the tables cover whole before the attributed rollups' watermark, then the raw rows. */
  private static List<Part> rolledUpPlan(
      Handle handle, List<RollupTable> tables, long from, long to) {
    long rolledUp = Math.max(from, Math.min(to, AttributedRollups.rolledUpBefore(handle)));
    List<Part> plan = new ArrayList<>();
    split(tables, from, rolledUp, plan);
    if (rolledUp < to) {
      plan.add(new Part(null, rolledUp, to));
    }
    return plan;
  }

  /**
   * Whether a sum of one attribution value's requests can take its whole days from
   * {@link AttributedRollups#DETAIL_TABLE}: filtered by that value and at most user, provider, model and endpoint,
   * grouped by those alone, in whole-day buckets or none.
   */
  static boolean canSumByValue(LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    return filter.attributes().size() == 1
        && !filter.attributes().values().iterator().next().isEmpty()
        && filter.outcome() == null
        && filter.cacheStatus() == null
        && filter.search() == null
        && groupBy.stream().allMatch(Dimension::isRolledUp)
        && (bucket == null || bucket.millis() % RollupTable.DAILY.millis() == 0);
  }

  /**
   * Whole days from the rollup rows of one value (detailed or of a team), up to the watermark; the rest from the
   * raw rows.
   */
  private static List<Part> byValuePlan(Handle handle, long from, long to) {
    return rolledUpPlan(handle, List.of(RollupTable.DAILY), from, to).stream()
        .map(part -> part.isRaw() ? part : new Part(part.table(), part.from(), part.to(), true))
        .toList();
  }

  /**
   * How many requests of the filter fall in [from, to): the same parts as {@link #aggregate}, but one sum
   * only, which is what a page of logs needs for its total.
   */
  static long count(Handle handle, LogFilter filter, long from, long to) {
    Dimension only =
        filter.attributes().size() == 1 ? filter.attributes().keySet().iterator().next() : null;
    if (only != null
        && !filter.valueOf(only).isEmpty()
        && AttributedRollupQueries.canAnswer(filter.with(only, null), null, Set.of(only))) {
      // Filtered by one attribution value alone (a session's or a tag's logs): its rollup rows.
      long count = 0;
      for (Part part : attributedPlan(handle, from, to, null)) {
        count +=
            part.isRaw()
                ? partCount(handle, part, filter)
                : handle
                    .createQuery(AttributedRollupQueries.countSql(part.table(), only))
                    .bind("value", filter.valueOf(only))
                    .bind("from", part.from())
                    .bind("to", part.to())
                    .mapTo(Long.class)
                    .one();
      }
      return count;
    }
    long count = 0;
    for (Part part : plan(filter, from, to, null)) {
      count += partCount(handle, part, filter);
    }
    return count;
  }

  /** The requests of a part, from the raw rows or from the rollup table it names. */
  private static long partCount(Handle handle, Part part, LogFilter filter) {
    LogConditions where = conditions(part, filter);
    String sum = part.isRaw() ? "COUNT(*)" : "COALESCE(SUM(requests), 0)";
    return where
        .bindTo(
            handle.createQuery("SELECT " + sum + " FROM " + table(part) + " WHERE " + where.sql()))
        .mapTo(Long.class)
        .one();
  }

  /** The parts of a sum grouped by rolled-up dimensions only (or none). */
  static List<Part> plan(LogFilter filter, long from, long to, TimeBucket bucket) {
    return plan(filter, from, to, bucket, false);
  }

  /**
   * Splits [from, to) into the parts to sum, in time order: the whole days in the middle from the daily rollups,
   * whole hours around them from the hourly ones, partial hours from the raw rows. A rollup table serves only
   * where its slots fit into the buckets (days do not split into hours) and the filter needs nothing it lacks.
   *
   * @param rawOnly whether the sum is grouped by a dimension the rollups lack, so only raw rows can answer it
   */
  static List<Part> plan(LogFilter filter, long from, long to, TimeBucket bucket, boolean rawOnly) {
    List<RollupTable> usable = new ArrayList<>();
    if (!filter.needsRawRows() && !rawOnly) {
      for (RollupTable table : COARSEST_FIRST) {
        if (bucket == null || bucket.millis() % table.millis() == 0) {
          usable.add(table);
        }
      }
    }
    List<Part> parts = new ArrayList<>();
    split(usable, from, to, parts);
    return parts;
  }

  private static void split(List<RollupTable> tables, long from, long to, List<Part> parts) {
    if (from >= to) {
      return;
    }
    if (tables.isEmpty()) {
      parts.add(new Part(null, from, to));
      return;
    }
    RollupTable table = tables.get(0);
    List<RollupTable> finer = tables.subList(1, tables.size());
    long wholeFrom = table.ceil(from);
    long wholeTo = table.floor(to);
    if (wholeFrom >= wholeTo) {
      split(finer, from, to, parts);
      return;
    }
    split(finer, from, wholeFrom, parts);
    parts.add(new Part(table, wholeFrom, wholeTo));
    split(finer, wholeTo, to, parts);
  }

  private static LogConditions conditions(Part part, LogFilter filter) {
    if (part.isRaw()) {
      return LogConditions.forLogs(filter, part.from(), part.to());
    }
    return part.byValue()
        ? LogConditions.forValueRollups(filter, part.from(), part.to())
        : LogConditions.forRollups(filter, part.table(), part.from(), part.to());
  }

  private static String table(Part part) {
    if (part.isRaw()) {
      return "request_logs";
    }
    return part.byValue() ? AttributedRollups.DETAIL_TABLE : part.table().table();
  }

  static List<Rollup> query(
      Handle handle, Part part, LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    LogConditions where = conditions(part, filter);
    String time = part.isRaw() ? "ts" : part.table().startColumn();
    String bucketStart =
        bucket == null ? "0" : "(" + time + " / " + bucket.millis() + ") * " + bucket.millis();
    List<String> columns = new ArrayList<>(List.of(bucketStart + " AS hour_start"));
    List<String> grouped = new ArrayList<>();
    if (bucket != null) {
      grouped.add("1");
    }
    int position = 2;
    for (Dimension dimension : Dimension.ROLLED_UP_IN_ORDER) {
      if (groupBy.contains(dimension)) {
        String value =
            part.isRaw() ? "COALESCE(" + dimension.column() + ", '')" : dimension.column();
        columns.add(value + " AS " + dimension.column());
        grouped.add(Integer.toString(position));
      } else {
        columns.add("'' AS " + dimension.column());
      }
      position++;
    }
    Dimension labelled =
        groupBy.stream().filter(dimension -> !dimension.isRolledUp()).findFirst().orElse(null);
    String sums = part.isRaw() ? RAW_SUMS : ROLLUP_SUMS;
    String label = labelled == null ? "''" : "COALESCE(" + labelled.column() + ", '')";
    if (labelled != null) {
      // The label follows the sums: in the order of ROW.
      grouped.add(Integer.toString(position + Rollup.SUMS + Rollup.BUCKETS));
    }
    String from = labelled == Dimension.TAG ? LOGS_BY_TAG : table(part);
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + ", "
            + sums
            + ", "
            + label
            + " AS label"
            + " FROM "
            + from
            + " WHERE "
            + where.sql()
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
    List<String> sums =
        new ArrayList<>(
            List.of(
                "COUNT(*) AS requests",
                "COALESCE(SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), 0) AS errors",
                "COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens",
                "COALESCE(SUM(completion_tokens), 0) AS completion_tokens",
                "COALESCE(SUM(total_tokens), 0) AS total_tokens",
                "COALESCE(SUM(cached_tokens), 0) AS cached_tokens",
                "COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens",
                "COALESCE(SUM(cost_nanos), 0) AS cost_nanos",
                "COALESCE(SUM(cost_saved_nanos), 0) AS cost_saved_nanos",
                "COALESCE(SUM(prompt_cache_saved_nanos), 0) AS prompt_cache_saved_nanos",
                "COALESCE(SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), 0) AS cache_hits",
                "COALESCE(SUM(latency_ms), 0) AS latency_sum_ms"));
    List<Long> bounds = Rollup.LATENCY_BOUNDS_MS;
    for (int i = 0; i <= bounds.size(); i++) {
      String above = i == 0 ? "" : "latency_ms > " + bounds.get(i - 1);
      String atMost = i == bounds.size() ? "" : "latency_ms <= " + bounds.get(i);
      String condition =
          above.isEmpty() ? atMost : atMost.isEmpty() ? above : above + " AND " + atMost;
      String column = i == bounds.size() ? "le_inf" : "le_" + bounds.get(i);
      sums.add("COALESCE(SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END), 0) AS " + column);
    }
    return String.join(", ", sums);
  }
}
