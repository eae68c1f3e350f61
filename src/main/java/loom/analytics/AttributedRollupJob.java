package loom.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import loom.store.Dialect;
import loom.store.Store;
import org.jdbi.v3.core.Handle;

/**
 * Rolls the raw rows of each closed hour up into the attributed rollups (hourly, daily, detailed, per team) and
 * moves their watermark ({@code attributed_rollup_watermark}, V14) past it: one {@code INSERT … SELECT … GROUP BY}
 * per dimension and table, so the writer's batches no longer pay an upsert per attribution value
 * (bench/writer-throughput.sh). Each hour is one transaction. On PostgreSQL it first locks {@code request_logs}
 * against writes ({@code SHARE ROW EXCLUSIVE}, which also excludes a second node's job): rows committed before are
 * all summed, and a writer or repricing that waited reads the moved watermark after its own write, so it adds its
 * rows of the hour itself (SQLite has one writer at a time anyway). Empty hours are skipped in one step. Run by the
 * scheduler every minute; thread-safe through the store.
 */
final class AttributedRollupJob {
  /** Hours rolled up in one run at most, so a long backlog (a stopped gateway) is caught up over a few runs. */
  static final int MAX_HOURS_PER_RUN = 168;
  private static final String SUM_COLUMNS = String.join(", ", AttributedRollups.SUM_COLUMNS);
  private static final String ADD_TO_EXISTING = AttributedRollups.SUM_COLUMNS.stream()
      .map(sum -> sum + " = %1$s." + sum + " + excluded." + sum).reduce((a, b) -> a + ", " + b).orElseThrow();

  private final Store store;

  AttributedRollupJob(Store store) {
    this.store = store;
  }

  /**
   * Rolls up the hours with requests from the watermark up to the hour of {@code now} (not included: it is still
   * being written); returns how many hours were rolled up.
   */
  int run(Instant now) {
    long until = RollupTable.HOURLY.floor(now.toEpochMilli());
    int hours = 0;
    while (hours < MAX_HOURS_PER_RUN && store.write(handle -> rollUpNextHour(handle, until))) {
      hours++;
    }
    return hours;
  }

  /** Rolls up the first hour before {@code until} that has requests past the watermark; false when none is left. */
  private boolean rollUpNextHour(Handle handle, long until) {
    if (store.dialect() == Dialect.POSTGRESQL) {
      handle.execute("LOCK TABLE request_logs IN SHARE ROW EXCLUSIVE MODE");
    }
    long mark = AttributedRollups.rolledUpBefore(handle);
    if (mark >= until) {
      return false;
    }
    Long next = handle.createQuery("SELECT MIN(ts) FROM request_logs WHERE ts >= :mark AND ts < :until")
        .bind("mark", mark).bind("until", until).mapTo(Long.class).one();
    if (next == null) {
      AttributedRollups.moveWatermark(handle, until);
      return false;
    }
    long hour = RollupTable.HOURLY.floor(next);
    for (String statement : rollUpSql()) {
      handle.createUpdate(statement).bind("hour", hour).bind("end", hour + RollupTable.HOURLY.millis())
          .bind("day", RollupTable.DAILY.floor(hour)).execute();
    }
    AttributedRollups.moveWatermark(handle, hour + RollupTable.HOURLY.millis());
    return true;
  }

  /**
   * The statements that roll one hour up, binding {@code :hour}, {@code :end} and {@code :day}: its raw rows per
   * value of each dimension into the hourly table, per user, provider, model and endpoint too into the detailed
   * daily one and per team into the team one, then the hour's rows into the daily table.
   */
  static List<String> rollUpSql() {
    RollupTable hourly = RollupTable.HOURLY;
    RollupTable daily = RollupTable.DAILY;
    List<String> statements = new ArrayList<>();
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      String from = dimension == Dimension.TAG ? UsageAggregator.LOGS_BY_TAG : "request_logs";
      String value = "COALESCE(" + dimension.column() + ", '')";
      statements.add("INSERT INTO " + hourly.attributedTable() + " (hour_start, dimension, value, " + SUM_COLUMNS
          + ") SELECT :hour, '" + dimension.column() + "', " + value + ", " + UsageAggregator.RAW_SUMS
          + " FROM " + from + " WHERE ts >= :hour AND ts < :end GROUP BY " + value
          + " ON CONFLICT (dimension, hour_start, value) DO UPDATE SET "
          + String.format(ADD_TO_EXISTING, hourly.attributedTable()));
      String detail = String.join(", ", AttributedRollups.DETAIL_COLUMNS);
      String detailValues = AttributedRollups.DETAIL_COLUMNS.stream().map(column -> "COALESCE(" + column + ", '')")
          .reduce((a, b) -> a + ", " + b).orElseThrow();
      statements.add("INSERT INTO " + AttributedRollups.DETAIL_TABLE + " (day_start, dimension, value, " + detail
          + ", " + SUM_COLUMNS + ") SELECT :day, '" + dimension.column() + "', " + value + ", " + detailValues + ", "
          + UsageAggregator.RAW_SUMS + " FROM " + from + " WHERE ts >= :hour AND ts < :end GROUP BY " + value + ", "
          + detailValues + " ON CONFLICT (dimension, value, day_start, " + detail + ") DO UPDATE SET "
          + String.format(ADD_TO_EXISTING, AttributedRollups.DETAIL_TABLE));
      if (dimension != Dimension.TEAM) {
        statements.add("INSERT INTO " + AttributedRollups.TEAM_TABLE + " (day_start, team_id, dimension, value, "
            + SUM_COLUMNS + ") SELECT :day, team_id, '" + dimension.column() + "', " + value + ", "
            + UsageAggregator.RAW_SUMS + " FROM " + from + " WHERE ts >= :hour AND ts < :end AND team_id IS NOT NULL"
            + " GROUP BY team_id, " + value + " ON CONFLICT (team_id, dimension, day_start, value) DO UPDATE SET "
            + String.format(ADD_TO_EXISTING, AttributedRollups.TEAM_TABLE));
      }
    }
    statements.add("INSERT INTO " + daily.attributedTable() + " (day_start, dimension, value, " + SUM_COLUMNS
        + ") SELECT :day, dimension, value, " + SUM_COLUMNS + " FROM " + hourly.attributedTable()
        + " WHERE hour_start = :hour ON CONFLICT (dimension, day_start, value) DO UPDATE SET "
        + String.format(ADD_TO_EXISTING, daily.attributedTable()));
    return statements;
  }
}
