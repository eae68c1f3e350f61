package loom.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import loom.support.JsonStrings;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The daily rollups per attribution value ({@code request_rollups_attributed_daily}, migration V11): the sums of
 * {@link RollupTable#DAILY} per UTC day × dimension × value, for the dimensions the other rollups lack (team, key,
 * tag, end user, session, client tool), so that a month's breakdown by one of them sums a few thousand rows instead
 * of a million logs. A request adds to one row per dimension, and to one per tag; a missing value counts under
 * {@code ""}. It has no user column (that would multiply its rows): erasure subtracts a user's stored requests.
 * Stateless; callers own the transactions, in which the writer, repricing, erasure and retention keep it in step.
 */
final class AttributedRollups {
  static final String TABLE = "request_rollups_attributed_daily";
  /** The dimensions summed here. */
  static final List<Dimension> DIMENSIONS = List.of(Dimension.TEAM, Dimension.KEY, Dimension.TAG, Dimension.END_USER,
      Dimension.SESSION, Dimension.CLIENT_TOOL);
  private static final List<String> SUM_COLUMNS = List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*"))
      .subList(Rollup.KEYS, Rollup.KEYS + Rollup.SUMS + Rollup.BUCKETS);
  private static final String UPSERT = "INSERT INTO " + TABLE + " (day_start, dimension, value, "
      + String.join(", ", SUM_COLUMNS) + ") VALUES (?, ?, ?" + ", ?".repeat(SUM_COLUMNS.size()) + ")"
      + " ON CONFLICT (dimension, day_start, value) DO UPDATE SET "
      + SUM_COLUMNS.stream().map(sum -> sum + " = " + TABLE + "." + sum + " + excluded." + sum)
          .collect(Collectors.joining(", "));
  private static final String SUMS = SUM_COLUMNS.stream()
      .map(column -> "COALESCE(SUM(" + column + "), 0) AS " + column).collect(Collectors.joining(", "));
  /** Dimension, then day, then value: the order of the primary key, in which writers lock rows. */
  private static final Comparator<Key> ORDER = Comparator.comparing(Key::dimension).thenComparingLong(Key::dayStart)
      .thenComparing(Key::value);

  private AttributedRollups() {}

  /** One row's key: the dimension (its column name, {@code tag} for tags), the day's start and the value. */
  record Key(String dimension, long dayStart, String value) {}

  /** Adds the requests to their rows ({@code sign} 1), or takes them away (-1); rows are created when missing. */
  static void add(Handle handle, List<LogRow> rows, int sign) {
    Map<Key, long[]> deltas = new TreeMap<>(ORDER);
    for (LogRow row : rows) {
      for (Key key : keysOf(row.ts(), row.teamId(), row.apiKeyId(), row.endUser(), row.sessionId(), row.clientTool(),
          row.tags())) {
        Rollup.add(deltas.computeIfAbsent(key, k -> new long[Rollup.SUMS + Rollup.BUCKETS]), row, sign);
      }
    }
    if (deltas.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(UPSERT);
    deltas.forEach((key, sums) -> {
      batch.bind(0, key.dayStart()).bind(1, key.dimension()).bind(2, key.value());
      for (int i = 0; i < sums.length; i++) {
        batch.bind(3 + i, sums[i]);
      }
      batch.add();
    });
    batch.execute();
  }

  /** The rows one request adds to: one per dimension, one per tag ({@code tags} is the JSON column). */
  static List<Key> keysOf(long ts, String teamId, String apiKeyId, String endUser, String sessionId,
                          String clientTool, String tags) {
    long day = RollupTable.DAILY.floor(ts);
    List<Key> keys = new ArrayList<>(DIMENSIONS.size() + 2);
    keys.add(new Key(Dimension.TEAM.column(), day, orEmpty(teamId)));
    keys.add(new Key(Dimension.KEY.column(), day, orEmpty(apiKeyId)));
    keys.add(new Key(Dimension.END_USER.column(), day, orEmpty(endUser)));
    keys.add(new Key(Dimension.SESSION.column(), day, orEmpty(sessionId)));
    keys.add(new Key(Dimension.CLIENT_TOOL.column(), day, orEmpty(clientTool)));
    List<String> tagList = JsonStrings.fromColumn(tags);
    if (tagList.isEmpty()) {
      keys.add(new Key(Dimension.TAG.column(), day, ""));
    }
    for (String tag : tagList) {
      keys.add(new Key(Dimension.TAG.column(), day, tag));
    }
    return keys;
  }

  /** Moves the cost of each row of {@code keys} by {@code delta} nano-dollars (a repriced request). */
  static void addCost(Handle handle, List<Key> keys, long delta) {
    PreparedBatch batch = handle.prepareBatch("UPDATE " + TABLE + " SET cost_nanos = cost_nanos + ?"
        + " WHERE dimension = ? AND day_start = ? AND value = ?");
    for (Key key : keys) {
      batch.bind(0, delta).bind(1, key.dimension()).bind(2, key.dayStart()).bind(3, key.value()).add();
    }
    batch.execute();
  }

  /** Deletes the rows of days starting before {@code before} (epoch millis); returns how many. */
  static int deleteBefore(Handle handle, long before) {
    return handle.createUpdate("DELETE FROM " + TABLE + " WHERE day_start < :before").bind("before", before)
        .execute();
  }

  /** Deletes rows that count no request any more (after an erasure took its requests away); returns how many. */
  static int deleteEmpty(Handle handle) {
    return handle.createUpdate("DELETE FROM " + TABLE + " WHERE requests = 0").execute();
  }

  /**
   * Whether a sum can come from here: grouped by {@code labelled} alone (and whole-day buckets or none), filtered by
   * nothing but the time range and, except for tags, the same dimension's value. (Filtered by a tag, a request's
   * other tags would still be groups of the raw answer, which these rows cannot tell.)
   */
  static boolean canAnswer(LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    if (groupBy.size() != 1 || !DIMENSIONS.contains(groupBy.iterator().next())) {
      return false;
    }
    Dimension labelled = groupBy.iterator().next();
    // A filter value of "" matches no raw row, while the '' row here sums the requests without a value.
    boolean ownValueOnly = filter.attributes().isEmpty()
        || labelled != Dimension.TAG && filter.attributes().keySet().equals(Set.of(labelled))
        && !filter.valueOf(labelled).isEmpty();
    return ownValueOnly && filter.userId() == null && filter.providerId() == null && filter.model() == null
        && filter.endpoint() == null && filter.outcome() == null && filter.cacheStatus() == null
        && filter.search() == null && (bucket == null || bucket.millis() % RollupTable.DAILY.millis() == 0);
  }

  /**
   * The sums of the whole days in [from, to) per value of {@code dimension} (and bucket), in the shape of
   * {@link UsageAggregator}'s rows: the value is the label.
   *
   * @param value the only value to sum; null for all
   */
  static String sumSql(Dimension dimension, TimeBucket bucket, String value) {
    String bucketStart = bucket == null ? "0" : "(day_start / " + bucket.millis() + ") * " + bucket.millis();
    return "SELECT " + bucketStart + " AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name,"
        + " '' AS endpoint, " + SUMS + ", value AS label FROM " + TABLE
        + " WHERE dimension = '" + dimension.column() + "' AND day_start >= :from AND day_start < :to"
        + (value == null ? "" : " AND value = :value")
        + " GROUP BY " + (bucket == null ? "" : "1, ") + "value";
  }

  /** The requests of one value in the whole days of [:from, :to), binding {@code :dimension} and {@code :value}. */
  static String countSql() {
    return "SELECT COALESCE(SUM(requests), 0) FROM " + TABLE + " WHERE dimension = :dimension AND value = :value"
        + " AND day_start >= :from AND day_start < :to";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
