package loom.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * rows instead of a million logs; daily per value × user × provider × model × endpoint ({@link #DETAIL_TABLE},
 * V15), so that the stats of one value sum its own few rows; and daily per team × value of the other dimensions
 * ({@link #TEAM_TABLE}, V16), a team's breakdowns. A request adds to one row per dimension, and to one per
 * tag, in each table; a missing value counts under {@code ""}. {@link AttributedRollupJob} rolls each closed slice
 * up; what changes here request by request (a late request, repricing, erasure) only touches the requests before
 * its watermark. The narrow tables have no user column (that would multiply their rows): erasure subtracts a
 * user's stored requests. Stateless; callers own the transactions.
 */
final class AttributedRollups {
  /** Both tables, coarsest first. */
  static final List<RollupTable> TABLES = List.of(RollupTable.DAILY, RollupTable.HOURLY);

  /** The dimensions summed here. */
  static final List<Dimension> DIMENSIONS =
      List.of(
          Dimension.TEAM,
          Dimension.KEY,
          Dimension.TAG,
          Dimension.END_USER,
          Dimension.SESSION,
          Dimension.CLIENT_TOOL);

  /** The sum columns, in the order of {@link Rollup#sums()}. */
  static final List<String> SUM_COLUMNS =
      List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*"))
          .subList(Rollup.KEYS, Rollup.KEYS + Rollup.SUMS + Rollup.BUCKETS);

  /** The daily table that also splits each value's sums per user, provider, model and endpoint (V15). */
  static final String DETAIL_TABLE = "request_rollups_attributed_detail_daily";

  /** The columns that split a value's sums in {@link #DETAIL_TABLE}: those of the other rollups. */
  static final List<String> DETAIL_COLUMNS =
      List.of("user_id", "provider_id", "model_name", "endpoint");

  /** The daily table of each team's sums per value of the other dimensions (V16). */
  static final String TEAM_TABLE = "request_rollups_attributed_team_daily";

  /** Table, then dimension, slot, value and the rest: near enough the primary keys' order, in which rows lock. */
  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::table)
          .thenComparing(Key::dimension)
          .thenComparingLong(Key::start)
          .thenComparing(Key::value)
          .thenComparing(key -> String.join("\u0000", key.detail()));

  private AttributedRollups() {}

  /**
   * One row's key: its table, the dimension (its column name, {@code tag} for tags), the slot's start and the
   * value; in {@link #DETAIL_TABLE} also the user, provider, model and endpoint, in {@link #TEAM_TABLE} the team
   * ({@code detail}, in the order of {@link #extraColumns}; empty elsewhere).
   */
  record Key(String table, String dimension, long start, String value, List<String> detail) {}

  /** The key columns a table has beyond slot, dimension and value. */
  static List<String> extraColumns(String table) {
    return switch (table) {
      case DETAIL_TABLE -> DETAIL_COLUMNS;
      case TEAM_TABLE -> List.of("team_id");
      default -> List.of();
    };
  }

  /** Adds the requests to their rows ({@code sign} 1), or takes them away (-1); rows are created when missing. */
  static void add(Handle handle, List<LogRow> rows, int sign) {
    Map<Key, long[]> deltas = new TreeMap<>(ORDER);
    for (LogRow row : rows) {
      for (Key key :
          keysOf(
              row.ts(),
              List.of(
                  orEmpty(row.userId()),
                  orEmpty(row.providerId()),
                  orEmpty(row.modelName()),
                  orEmpty(row.endpoint())),
              row.teamId(),
              row.apiKeyId(),
              row.endUser(),
              row.sessionId(),
              row.clientTool(),
              row.tags())) {
        Rollup.add(
            deltas.computeIfAbsent(key, k -> new long[Rollup.SUMS + Rollup.BUCKETS]), row, sign);
      }
    }
    Map<String, PreparedBatch> batches = new TreeMap<>();
    deltas.forEach(
        (key, sums) -> {
          PreparedBatch batch =
              batches.computeIfAbsent(key.table(), table -> handle.prepareBatch(upsertSql(key)));
          batch.bind(0, key.start()).bind(1, key.dimension()).bind(2, key.value());
          int next = 3;
          for (String part : key.detail()) {
            batch.bind(next++, part);
          }
          for (long sum : sums) {
            batch.bind(next++, sum);
          }
          batch.add();
        });
    batches.values().forEach(PreparedBatch::execute);
  }

  /**
   * Where the rollups end: every request before it (epoch millis) is in them, none after ({@link AttributedRollupJob}
   * moves it). Read after a write of {@code request_logs} in the same transaction, so that on PostgreSQL a job
   * that held the table saw that write, or this one sees where the job moved the mark.
   */
  static long rolledUpBefore(Handle handle) {
    return handle
        .createQuery("SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1")
        .mapTo(Long.class)
        .one();
  }

  static void moveWatermark(Handle handle, long rolledUpBefore) {
    handle
        .createUpdate(
            "UPDATE attributed_rollup_watermark SET rolled_up_before = :mark WHERE id = 1")
        .bind("mark", rolledUpBefore)
        .execute();
  }

  /** The rows the rollups already hold (before the watermark): those a change of the raw rows must change there too. */
  static List<LogRow> rolledUp(Handle handle, List<LogRow> rows) {
    long mark = rolledUpBefore(handle);
    return rows.stream().filter(row -> row.ts() < mark).toList();
  }

  /**
   * The rows one request adds to, in each table: one per dimension, one per tag ({@code tags} is the JSON
   * column).
   *
   * @param detail the request's user, provider, model and endpoint ({@code ""} for none)
   */
  static List<Key> keysOf(
      long ts,
      List<String> detail,
      String teamId,
      String apiKeyId,
      String endUser,
      String sessionId,
      String clientTool,
      String tags) {
    List<String> tagList = JsonStrings.fromColumn(tags);
    List<String> values =
        new ArrayList<>(
            List.of(
                orEmpty(teamId),
                orEmpty(apiKeyId),
                orEmpty(endUser),
                orEmpty(sessionId),
                orEmpty(clientTool)));
    List<Dimension> dimensions =
        new ArrayList<>(
            List.of(
                Dimension.TEAM,
                Dimension.KEY,
                Dimension.END_USER,
                Dimension.SESSION,
                Dimension.CLIENT_TOOL));
    for (String tag : tagList.isEmpty() ? List.of("") : tagList) {
      dimensions.add(Dimension.TAG);
      values.add(tag);
    }
    List<Key> keys = new ArrayList<>(4 * values.size());
    long day = RollupTable.DAILY.floor(ts);
    for (int i = 0; i < values.size(); i++) {
      String dimension = dimensions.get(i).column();
      for (RollupTable table : TABLES) {
        keys.add(
            new Key(table.attributedTable(), dimension, table.floor(ts), values.get(i), List.of()));
      }
      keys.add(new Key(DETAIL_TABLE, dimension, day, values.get(i), detail));
      if (teamId != null && dimensions.get(i) != Dimension.TEAM) {
        keys.add(new Key(TEAM_TABLE, dimension, day, values.get(i), List.of(teamId)));
      }
    }
    return keys;
  }

  /** Moves the cost of each row of {@code keys} by {@code delta} nano-dollars (a repriced request). */
  static void addCost(Handle handle, List<Key> keys, long delta) {
    Map<String, PreparedBatch> batches = new TreeMap<>();
    for (Key key : keys) {
      PreparedBatch batch =
          batches.computeIfAbsent(
              key.table(),
              table ->
                  handle.prepareBatch(
                      "UPDATE "
                          + table
                          + " SET cost_nanos = cost_nanos + ? WHERE "
                          + keyCondition(key)));
      batch.bind(0, delta).bind(1, key.start()).bind(2, key.dimension()).bind(3, key.value());
      for (int i = 0; i < key.detail().size(); i++) {
        batch.bind(4 + i, key.detail().get(i));
      }
      batch.add();
    }
    batches.values().forEach(PreparedBatch::execute);
  }

  /** Deletes the rows of slots that start before the slot of {@code cutoff} (epoch millis); returns how many. */
  static int deleteBefore(Handle handle, long cutoff) {
    int deleted = 0;
    for (RollupTable table : TABLES) {
      deleted +=
          handle
              .createUpdate(
                  "DELETE FROM "
                      + table.attributedTable()
                      + " WHERE "
                      + table.startColumn()
                      + " < :before")
              .bind("before", table.floor(cutoff))
              .execute();
    }
    for (String table : List.of(DETAIL_TABLE, TEAM_TABLE)) {
      deleted +=
          handle
              .createUpdate("DELETE FROM " + table + " WHERE day_start < :before")
              .bind("before", RollupTable.DAILY.floor(cutoff))
              .execute();
    }
    return deleted;
  }

  /**
   * Deletes a user's rows of {@link #DETAIL_TABLE}, the only one with a user column (what erasure could not take
   * away request by request: days whose logs retention had deleted); returns how many.
   */
  static int deleteOfUser(Handle handle, String userId) {
    return handle
        .createUpdate("DELETE FROM " + DETAIL_TABLE + " WHERE user_id = :userId")
        .bind("userId", userId)
        .execute();
  }

  /** Deletes rows that count no request any more (after an erasure took its requests away); returns how many. */
  static int deleteEmpty(Handle handle) {
    int deleted = 0;
    for (RollupTable table : TABLES) {
      deleted +=
          handle
              .createUpdate("DELETE FROM " + table.attributedTable() + " WHERE requests = 0")
              .execute();
    }
    for (String table : List.of(DETAIL_TABLE, TEAM_TABLE)) {
      deleted += handle.createUpdate("DELETE FROM " + table + " WHERE requests = 0").execute();
    }
    return deleted;
  }

  /** The upsert of a key's table: slot, dimension, value, the detail columns (if any), then the sums. */
  private static String upsertSql(Key key) {
    String start = startColumn(key);
    List<String> columns = new ArrayList<>(List.of(start, "dimension", "value"));
    List<String> extra = extraColumns(key.table());
    columns.addAll(extra);
    columns.addAll(SUM_COLUMNS);
    List<String> conflict = new ArrayList<>(List.of("dimension", start, "value"));
    conflict.addAll(extra);
    return "INSERT INTO "
        + key.table()
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
        + ")"
        + " ON CONFLICT ("
        + String.join(", ", conflict)
        + ") DO UPDATE SET "
        + SUM_COLUMNS.stream()
            .map(sum -> sum + " = " + key.table() + "." + sum + " + excluded." + sum)
            .collect(Collectors.joining(", "));
  }

  /** The WHERE condition of one key's row, binding slot, dimension, value and the detail columns from 1 on. */
  private static String keyCondition(Key key) {
    StringBuilder where =
        new StringBuilder(startColumn(key) + " = ? AND dimension = ? AND value = ?");
    extraColumns(key.table())
        .forEach(column -> where.append(" AND ").append(column).append(" = ?"));
    return where.toString();
  }

  private static String startColumn(Key key) {
    return key.table().equals(RollupTable.HOURLY.attributedTable()) ? "hour_start" : "day_start";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
