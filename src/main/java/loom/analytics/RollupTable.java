package loom.analytics;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two rollup tables, each the same sums of the request logs per time slot × user × provider × model ×
 * endpoint: hourly and daily (UTC). The writer, repricing, erasure and retention keep both in step; queries sum
 * each whole slot from the coarsest table that has it. Names here are ours, so safe to write into SQL.
 */
enum RollupTable {
  HOURLY(
      "request_rollups_hourly",
      "request_rollups_attributed_hourly",
      "hour_start",
      Duration.ofHours(1)),
  DAILY(
      "request_rollups_daily", "request_rollups_attributed_daily", "day_start", Duration.ofDays(1));

  private final String table;
  private final String attributedTable;
  private final String startColumn;
  private final long millis;
  private final String upsert;

  RollupTable(String table, String attributedTable, String startColumn, Duration slot) {
    this.table = table;
    this.attributedTable = attributedTable;
    this.startColumn = startColumn;
    this.millis = slot.toMillis();
    this.upsert = upsertSql(table, startColumn);
  }

  String table() {
    return table;
  }

  /** The same slots' sums per attribution value ({@link AttributedRollups}). */
  String attributedTable() {
    return attributedTable;
  }

  /** The column of a row's slot start (epoch millis). */
  String startColumn() {
    return startColumn;
  }

  /** The length of a slot in milliseconds. */
  long millis() {
    return millis;
  }

  /** The start of the slot that holds {@code ts} (epoch millis). */
  long floor(long ts) {
    return Math.floorDiv(ts, millis) * millis;
  }

  /** The start of the first slot that starts at or after {@code ts}. */
  long ceil(long ts) {
    return -Math.floorDiv(-ts, millis) * millis;
  }

  /**
   * Adds rollup deltas (whose {@code hourStart} is the slot start) to their rows, creating the rows that do not
   * exist yet; one statement of a batch, bound by {@link Rollup}'s accessors.
   */
  String upsertSql() {
    return upsert;
  }

  private static String upsertSql(String table, String startColumn) {
    List<String> columns = List.of(AnalyticsDao.ROLLUP_COLUMNS.split(",\\s*"));
    List<String> keys = columns.subList(1, Rollup.KEYS);
    List<String> sums = columns.subList(Rollup.KEYS, columns.size());
    return "INSERT INTO "
        + table
        + " ("
        + startColumn
        + ", "
        + String.join(", ", columns.subList(1, columns.size()))
        + ") VALUES ("
        + columns.stream().map(RollupTable::parameter).collect(Collectors.joining(", "))
        + ")"
        + " ON CONFLICT ("
        + startColumn
        + ", "
        + String.join(", ", keys)
        + ") DO UPDATE SET "
        + sums.stream()
            .map(sum -> sum + " = " + table + "." + sum + " + excluded." + sum)
            .collect(Collectors.joining(", "));
  }

  /** The named parameter of a column: {@code le_50} → {@code :le50}, {@code hour_start} → {@code :hourStart}. */
  private static String parameter(String column) {
    StringBuilder name = new StringBuilder(":");
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper && Character.isLetter(c) ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
