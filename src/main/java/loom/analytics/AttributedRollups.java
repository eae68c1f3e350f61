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
 * The rollups per attribution value, daily ({@code request_rollups_attributed_daily}, migration V11) and hourly
 * ({@code request_rollups_attributed_hourly}, V13): the sums of the {@link RollupTable}s per UTC slot × dimension ×
 * value, for the dimensions the other rollups lack (team, key, tag, end user, session, client tool), so that a
 * month's breakdown by one of them sums whole days and the hours of the partial days at its edges, a few thousand
 * rows instead of a million logs. A request adds to one row per dimension, and to one per tag, in each table; a
 * missing value counts under {@code ""}. They have no user column (that would multiply their rows): erasure
 * subtracts a user's stored requests. Stateless; callers own the transactions, in which the writer, repricing,
 * erasure and retention keep them in step.
 */
final class AttributedRollups {
  /** Both tables, coarsest first. */
  static final List<RollupTable> TABLES = List.of(RollupTable.DAILY, RollupTable.HOURLY);
  /** The dimensions summed here. */
  static final List<Dimension> DIMENSIONS = List.of(Dimension.TEAM, Dimension.KEY, Dimension.TAG, Dimension.END_USER,
      Dimension.SESSION, Dimension.CLIENT_TOOL);
  /** The sum columns, in the order of {@link Rollup#sums()}. */
  static final List<String> SUM_COLUMNS = List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*"))
      .subList(Rollup.KEYS, Rollup.KEYS + Rollup.SUMS + Rollup.BUCKETS);
  private static final String SUMS = SUM_COLUMNS.stream()
      .map(column -> "COALESCE(SUM(" + column + "), 0) AS " + column).collect(Collectors.joining(", "));
  /** Table, then dimension, slot and value: the order of each primary key, in which writers lock rows. */
  private static final Comparator<Key> ORDER = Comparator.comparing(Key::table).thenComparing(Key::dimension)
      .thenComparingLong(Key::start).thenComparing(Key::value);

  private AttributedRollups() {}

  /**
   * One row's key: its table, the dimension (its column name, {@code tag} for tags), the slot's start and the
   * value.
   */
  record Key(RollupTable table, String dimension, long start, String value) {}

  /** Adds the requests to their rows ({@code sign} 1), or takes them away (-1); rows are created when missing. */
  static void add(Handle handle, List<LogRow> rows, int sign) {
    Map<Key, long[]> deltas = new TreeMap<>(ORDER);
    for (LogRow row : rows) {
      for (Key key : keysOf(row.ts(), row.teamId(), row.apiKeyId(), row.endUser(), row.sessionId(), row.clientTool(),
          row.tags())) {
        Rollup.add(deltas.computeIfAbsent(key, k -> new long[Rollup.SUMS + Rollup.BUCKETS]), row, sign);
      }
    }
    for (RollupTable table : TABLES) {
      PreparedBatch batch = handle.prepareBatch(upsertSql(table));
      deltas.forEach((key, sums) -> {
        if (key.table() != table) {
          return;
        }
        batch.bind(0, key.start()).bind(1, key.dimension()).bind(2, key.value());
        for (int i = 0; i < sums.length; i++) {
          batch.bind(3 + i, sums[i]);
        }
        batch.add();
      });
      if (batch.size() > 0) {
        batch.execute();
      }
    }
  }

  /**
   * Where the rollups end: every request before it (epoch millis) is in them, none after ({@link AttributedRollupJob}
   * moves it). Read after a write of {@code request_logs} in the same transaction, so that on PostgreSQL a job
   * that held the table saw that write, or this one sees where the job moved the mark.
   */
  static long rolledUpBefore(Handle handle) {
    return handle.createQuery("SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1")
        .mapTo(Long.class).one();
  }

  static void moveWatermark(Handle handle, long rolledUpBefore) {
    handle.createUpdate("UPDATE attributed_rollup_watermark SET rolled_up_before = :mark WHERE id = 1")
        .bind("mark", rolledUpBefore).execute();
  }

  /** The rows the rollups already hold (before the watermark): those a change of the raw rows must change there too. */
  static List<LogRow> rolledUp(Handle handle, List<LogRow> rows) {
    long mark = rolledUpBefore(handle);
    return rows.stream().filter(row -> row.ts() < mark).toList();
  }

  /**
   * The rows one request adds to, in each table: one per dimension, one per tag ({@code tags} is the JSON
   * column).
   */
  static List<Key> keysOf(long ts, String teamId, String apiKeyId, String endUser, String sessionId,
                          String clientTool, String tags) {
    List<String> tagList = JsonStrings.fromColumn(tags);
    List<Key> keys = new ArrayList<>(TABLES.size() * (DIMENSIONS.size() + 2));
    for (RollupTable table : TABLES) {
      long start = table.floor(ts);
      keys.add(new Key(table, Dimension.TEAM.column(), start, orEmpty(teamId)));
      keys.add(new Key(table, Dimension.KEY.column(), start, orEmpty(apiKeyId)));
      keys.add(new Key(table, Dimension.END_USER.column(), start, orEmpty(endUser)));
      keys.add(new Key(table, Dimension.SESSION.column(), start, orEmpty(sessionId)));
      keys.add(new Key(table, Dimension.CLIENT_TOOL.column(), start, orEmpty(clientTool)));
      if (tagList.isEmpty()) {
        keys.add(new Key(table, Dimension.TAG.column(), start, ""));
      }
      for (String tag : tagList) {
        keys.add(new Key(table, Dimension.TAG.column(), start, tag));
      }
    }
    return keys;
  }

  /** Moves the cost of each row of {@code keys} by {@code delta} nano-dollars (a repriced request). */
  static void addCost(Handle handle, List<Key> keys, long delta) {
    for (RollupTable table : TABLES) {
      PreparedBatch batch = handle.prepareBatch("UPDATE " + table.attributedTable()
          + " SET cost_nanos = cost_nanos + ? WHERE dimension = ? AND " + table.startColumn() + " = ? AND value = ?");
      for (Key key : keys) {
        if (key.table() == table) {
          batch.bind(0, delta).bind(1, key.dimension()).bind(2, key.start()).bind(3, key.value()).add();
        }
      }
      if (batch.size() > 0) {
        batch.execute();
      }
    }
  }

  /** Deletes the rows of slots that start before the slot of {@code cutoff} (epoch millis); returns how many. */
  static int deleteBefore(Handle handle, long cutoff) {
    int deleted = 0;
    for (RollupTable table : TABLES) {
      deleted += handle.createUpdate("DELETE FROM " + table.attributedTable() + " WHERE " + table.startColumn()
          + " < :before").bind("before", table.floor(cutoff)).execute();
    }
    return deleted;
  }

  /** Deletes rows that count no request any more (after an erasure took its requests away); returns how many. */
  static int deleteEmpty(Handle handle) {
    int deleted = 0;
    for (RollupTable table : TABLES) {
      deleted += handle.createUpdate("DELETE FROM " + table.attributedTable() + " WHERE requests = 0").execute();
    }
    return deleted;
  }

  /**
   * Whether a sum can come from here: grouped by {@code labelled} alone (and whole-hour buckets or none), filtered by
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
        && filter.search() == null && (bucket == null || bucket.millis() % RollupTable.HOURLY.millis() == 0);
  }

  /**
   * The sums of the whole slots of {@code table} in [:from, :to) per value of {@code dimension} (and bucket), in the
   * shape of {@link UsageAggregator}'s rows: the value is the label.
   *
   * @param values which values to sum: {@code ALL}, {@code ONE} (binding {@code :value}) or {@code LISTED} (binding
   *     the list {@code values})
   */
  static String sumSql(RollupTable table, Dimension dimension, TimeBucket bucket, Values values) {
    String start = table.startColumn();
    String bucketStart = bucket == null ? "0" : "(" + start + " / " + bucket.millis() + ") * " + bucket.millis();
    return "SELECT " + bucketStart + " AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name,"
        + " '' AS endpoint, " + SUMS + ", value AS label FROM " + table.attributedTable()
        + " WHERE " + where(table, dimension) + values.condition
        + " GROUP BY " + (bucket == null ? "" : "1, ") + "value";
  }

  /** Which values of a dimension a sum reads. */
  enum Values {
    ALL(""), ONE(" AND value = :value"), LISTED(" AND value IN (<values>)");

    private final String condition;

    Values(String condition) {
      this.condition = condition;
    }
  }

  /** The cost and requests of every value of {@code dimension} in the whole slots of [:from, :to), for ranking. */
  static String rankSql(RollupTable table, Dimension dimension) {
    return "SELECT value, SUM(cost_nanos), SUM(requests) FROM " + table.attributedTable() + " WHERE "
        + where(table, dimension) + " GROUP BY value";
  }

  /** All values of {@code dimension} in the whole slots of [:from, :to) summed into one row (no label). */
  static String allSql(RollupTable table, Dimension dimension) {
    return "SELECT 0 AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name, '' AS endpoint, " + SUMS
        + ", '' AS label FROM " + table.attributedTable() + " WHERE " + where(table, dimension);
  }

  /** The requests of one value in the whole slots of [:from, :to), binding {@code :value}. */
  static String countSql(RollupTable table, Dimension dimension) {
    return "SELECT COALESCE(SUM(requests), 0) FROM " + table.attributedTable() + " WHERE " + where(table, dimension)
        + " AND value = :value";
  }

  private static String where(RollupTable table, Dimension dimension) {
    String start = table.startColumn();
    return "dimension = '" + dimension.column() + "' AND " + start + " >= :from AND " + start + " < :to";
  }

  private static String upsertSql(RollupTable table) {
    String name = table.attributedTable();
    return "INSERT INTO " + name + " (" + table.startColumn() + ", dimension, value, "
        + String.join(", ", SUM_COLUMNS) + ") VALUES (?, ?, ?" + ", ?".repeat(SUM_COLUMNS.size()) + ")"
        + " ON CONFLICT (dimension, " + table.startColumn() + ", value) DO UPDATE SET "
        + SUM_COLUMNS.stream().map(sum -> sum + " = " + name + "." + sum + " + excluded." + sum)
            .collect(Collectors.joining(", "));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
