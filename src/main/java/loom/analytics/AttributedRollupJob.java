package loom.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import loom.store.Dialect;
import loom.store.Store;
import org.jdbi.v3.core.Handle;

/**
 * Rolls the raw rows of each closed five minutes up into the attributed rollups (hourly, daily, detailed, per
 * team) and moves their watermark ({@code attributed_rollup_watermark}, V14) past them: one
 * {@code INSERT … SELECT … GROUP BY} per dimension and table, so the writer's batches no longer pay an upsert per
 * attribution value (bench/writer-throughput.sh). Each slice is one transaction. On PostgreSQL it first locks {@code request_logs}
 * against writes ({@code SHARE ROW EXCLUSIVE}, which also excludes a second node's job): rows committed before are
 * all summed, and a writer or repricing that waited reads the moved watermark after its own write, so it adds its
 * rows of the hour itself (SQLite has one writer at a time anyway). Empty hours are skipped in one step. Run by the
 * scheduler every minute; thread-safe through the store.
 */
final class AttributedRollupJob {
  /**
   * The time a transaction of the job rolls up: the writer waits for it on SQLite, so it is short even under a
   * sustained load (at 1,000 requests a second, 300,000 rows: about 10 s; an hour's would be two minutes).
   */
  static final long SLICE_MILLIS = Duration.ofMinutes(5).toMillis();

  /** Slices rolled up in one run at most (a day), so a long backlog (a stopped gateway) takes a few runs. */
  static final int MAX_SLICES_PER_RUN = 288;

  private static final String SUM_COLUMNS = String.join(", ", AttributedRollups.SUM_COLUMNS);
  private static final String ADD_TO_EXISTING =
      AttributedRollups.SUM_COLUMNS.stream()
          .map(sum -> sum + " = %1$s." + sum + " + excluded." + sum)
          .reduce((a, b) -> a + ", " + b)
          .orElseThrow();

  private final Store store;

  AttributedRollupJob(Store store) {
    this.store = store;
  }

  /**
   * Rolls up the slices with requests from the watermark up to the slice of {@code now} (not included: it is
   * still being written); returns how many slices were rolled up.
   */
  int run(Instant now) {
    long until = Math.floorDiv(now.toEpochMilli(), SLICE_MILLIS) * SLICE_MILLIS;
    int slices = 0;
    while (slices < MAX_SLICES_PER_RUN && store.write(handle -> rollUpNextSlice(handle, until))) {
      slices++;
    }
    return slices;
  }

  /** Rolls up the first slice before {@code until} with requests past the watermark; false when none is left. */
  private boolean rollUpNextSlice(Handle handle, long until) {
    if (store.dialect() == Dialect.POSTGRESQL) {
      handle.execute("LOCK TABLE request_logs IN SHARE ROW EXCLUSIVE MODE");
    }
    long mark = AttributedRollups.rolledUpBefore(handle);
    if (mark >= until) {
      return false;
    }
    Long next =
        handle
            .createQuery("SELECT MIN(ts) FROM request_logs WHERE ts >= :mark AND ts < :until")
            .bind("mark", mark)
            .bind("until", until)
            .mapTo(Long.class)
            .one();
    if (next == null) {
      AttributedRollups.moveWatermark(handle, until);
      return false;
    }
    // From the mark, not the slice's start: the mark may be inside the slice (an hour's end from
    // before V14's slices, or a slice of a test's clock).
    long from = Math.max(mark, Math.floorDiv(next, SLICE_MILLIS) * SLICE_MILLIS);
    long end = Math.floorDiv(next, SLICE_MILLIS) * SLICE_MILLIS + SLICE_MILLIS;
    for (String statement : rollUpSql()) {
      handle
          .createUpdate(statement)
          .bind("from", from)
          .bind("end", end)
          .bind("hour", RollupTable.HOURLY.floor(from))
          .bind("day", RollupTable.DAILY.floor(from))
          .execute();
    }
    AttributedRollups.moveWatermark(handle, end);
    return true;
  }

  /**
   * The statements that roll the requests of [:from, :end) (one slice, inside one hour) up, binding also
   * {@code :hour} and {@code :day}: per value of each dimension into the hourly and the daily table, per user,
   * provider, model and endpoint too into the detailed daily one, and per team into the team one; each adding to
   * the rows earlier slices of the same hour or day started.
   */
  static List<String> rollUpSql() {
    List<String> statements = new ArrayList<>();
    String detail = String.join(", ", AttributedRollups.DETAIL_COLUMNS);
    String detailValues =
        AttributedRollups.DETAIL_COLUMNS.stream()
            .map(column -> "COALESCE(" + column + ", '')")
            .reduce((a, b) -> a + ", " + b)
            .orElseThrow();
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      statements.add(
          rollUp(
              RollupTable.HOURLY.attributedTable(), "hour_start", ":hour", "", "", dimension, ""));
      statements.add(
          rollUp(RollupTable.DAILY.attributedTable(), "day_start", ":day", "", "", dimension, ""));
      statements.add(
          rollUp(
              AttributedRollups.DETAIL_TABLE,
              "day_start",
              ":day",
              detail,
              detailValues,
              dimension,
              ""));
      if (dimension != Dimension.TEAM) {
        statements.add(
            rollUp(
                AttributedRollups.TEAM_TABLE,
                "day_start",
                ":day",
                "team_id",
                "team_id",
                dimension,
                " AND team_id IS NOT NULL"));
      }
    }
    return statements;
  }

  /**
   * One table's statement for one dimension.
   *
   * @param extra the table's key columns beyond slot, dimension and value ("" for none)
   * @param extraValues the expressions of the raw rows that fill them
   */
  private static String rollUp(
      String table,
      String slot,
      String slotValue,
      String extra,
      String extraValues,
      Dimension dimension,
      String condition) {
    String from = dimension == Dimension.TAG ? UsageAggregator.LOGS_BY_TAG : "request_logs";
    String value = "COALESCE(" + dimension.column() + ", '')";
    String extraColumns = extra.isEmpty() ? "" : extra + ", ";
    String extraSelected = extraValues.isEmpty() ? "" : extraValues + ", ";
    return "INSERT INTO "
        + table
        + " ("
        + slot
        + ", "
        + extraColumns
        + "dimension, value, "
        + SUM_COLUMNS
        + ")"
        + " SELECT "
        + slotValue
        + ", "
        + extraSelected
        + "'"
        + dimension.column()
        + "', "
        + value
        + ", "
        + UsageAggregator.RAW_SUMS
        + " FROM "
        + from
        + " WHERE ts >= :from AND ts < :end"
        + condition
        + " GROUP BY "
        + extraSelected
        + value
        + " ON CONFLICT ("
        + extraColumns
        + "dimension, "
        + slot
        + ", value) DO UPDATE SET "
        + String.format(ADD_TO_EXISTING, table);
  }
}
