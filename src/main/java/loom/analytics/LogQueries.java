package loom.analytics;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import loom.store.Dialect;
import loom.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Reads request logs from the raw table for the API: pages newest first (by offset or cursor, both on the
 * time index), one row by id, the number of rows a filter matches (summed from the rollups where whole hours
 * allow), and every row of a filter streamed from a database cursor in constant memory for exports.
 * Thread-safe; access rules are the caller's.
 */
final class LogQueries {
  /** Rows fetched from the database per round trip while an export streams. */
  static final int EXPORT_FETCH_SIZE = 1_000;

  private static final RowMapper<LogRow> ROW = LogRow.BY_POSITION;
  private static final String SELECT =
      "SELECT " + AnalyticsDao.LOG_COLUMNS + " FROM request_logs WHERE ";

  /** The same columns, but NULL for the bodies and metadata, which CSV exports do not hold (and may be long). */
  private static final String SELECT_WITHOUT_BODIES =
      SELECT.replace(
          "request_body, response_body, metadata",
          "NULL AS request_body, NULL AS response_body, NULL AS metadata");

  private final Store store;

  LogQueries(Store store) {
    this.store = store;
  }

  /** A page, newest first: {@code limit} rows after {@code cursor} (when given) and {@code offset} rows. */
  List<RequestLog> page(LogFilter filter, int limit, int offset, LogCursor cursor) {
    PageSource source = PageSource.of(filter, store.dialect());
    // "ts <= :cursorTs" first lets both databases range-scan the time index; the OR alone made
    // SQLite sort every older row and PostgreSQL filter them one by one (seconds deep into a
    // million rows, bench/analytics-api.sh).
    String after =
        cursor == null ? "" : " AND ts <= :cursorTs AND (ts < :cursorTs OR id < :cursorId)";
    return store.read(
        handle -> {
          var query =
              source
                  .bindTo(
                      handle.createQuery(
                          source.select()
                              + after
                              + " ORDER BY "
                              + source.time()
                              + " DESC, id DESC LIMIT :limit OFFSET :offset"))
                  .bind("limit", limit)
                  .bind("offset", offset);
          if (cursor != null) {
            query.bind("cursorTs", cursor.ts()).bind("cursorId", cursor.id());
          }
          return query.map(ROW).list().stream().map(LogRow::toLog).toList();
        });
  }

  /** A page, oldest first (the dashboard's ascending sort): {@code limit} rows after {@code offset}, on the time index. */
  List<RequestLog> pageOldestFirst(LogFilter filter, int limit, int offset) {
    PageSource source = PageSource.of(filter, store.dialect());
    return store.read(
        handle ->
            source
                .bindTo(
                    handle.createQuery(
                        source.select()
                            + " ORDER BY "
                            + source.time()
                            + ", id LIMIT :limit OFFSET :offset"))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(ROW)
                .list()
                .stream()
                .map(LogRow::toLog)
                .toList());
  }

  /**
   * Where a page's rows are read from, in time order. Filtered by a tag, the walk starts from the tag's (tag, ts)
   * index in time order and looks each request up by id, stopping at the page's end: SQLite, given
   * {@code id IN (the tag's rows)}, read all of a busy tag's rows and sorted them for the newest 100 (551 ms at
   * 124,000 rows; bench/analytics-queries.sh). {@code CROSS JOIN} is SQLite's way to keep that join order;
   * PostgreSQL plans it well either way.
   *
   * @param select the SELECT up to and including its WHERE conditions
   * @param time the column that orders the rows by time
   */
  private record PageSource(String select, String time, LogConditions where, String tag) {
    static PageSource of(LogFilter filter, Dialect dialect) {
      String tag = filter.valueOf(Dimension.TAG);
      if (tag == null) {
        LogConditions where = LogConditions.forLogs(filter);
        return new PageSource(SELECT + where.sql(), "ts", where, null);
      }
      LogConditions where = LogConditions.forLogs(filter.with(Dimension.TAG, null));
      // The same :from and :to as the request's own range, which the conditions bind.
      String range =
          (filter.start() == null ? "" : " AND ts >= :from")
              + (filter.end() == null ? "" : " AND ts < :to");
      String join = dialect == Dialect.SQLITE ? " CROSS JOIN " : " JOIN ";
      String from =
          "(SELECT log_id, ts AS tag_ts FROM request_log_tags WHERE tag = :pageTag"
              + range
              + ") tagged"
              + join
              + "request_logs ON request_logs.id = tagged.log_id";
      return new PageSource(
          SELECT.replace("FROM request_logs", "FROM " + from) + where.sql(), "tag_ts", where, tag);
    }

    <S extends SqlStatement<S>> S bindTo(S statement) {
      where.bindTo(statement);
      return tag == null ? statement : statement.bind("pageTag", tag);
    }
  }

  Optional<RequestLog> find(String id) {
    return store.read(
        handle ->
            handle
                .createQuery(SELECT + "id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne()
                .map(LogRow::toLog));
  }

  /**
   * How many rows the filter matches. Whole hours are counted from the rollups, but only from the oldest row
   * still stored on: rollups outlive the rows that retention and purges delete, oldest first.
   */
  long count(LogFilter filter) {
    return store.read(
        handle -> {
          Long oldest =
              handle.createQuery("SELECT MIN(ts) FROM request_logs").mapTo(Long.class).one();
          if (oldest == null) {
            return 0L;
          }
          long from =
              filter.start() == null ? oldest : Math.max(oldest, filter.start().toEpochMilli());
          long to = filter.end() == null ? Long.MAX_VALUE : filter.end().toEpochMilli();
          if (from >= to) {
            return 0L;
          }
          return UsageAggregator.count(handle, filter, from, to);
        });
  }

  /**
   * Hands every row of the filter to {@code sink}, oldest first (without bodies and metadata unless
   * {@code withBodies}), reading from a cursor of
   * {@link #EXPORT_FETCH_SIZE} rows at a time (on PostgreSQL that needs a transaction; on SQLite the driver
   * steps through the result anyway). Returns how many rows were handed over.
   */
  long stream(LogFilter filter, boolean withBodies, Consumer<RequestLog> sink) {
    LogConditions where = LogConditions.forLogs(filter);
    String select = withBodies ? SELECT : SELECT_WITHOUT_BODIES;
    return store.read(handle -> streamInTransaction(handle, select, where, sink));
  }

  /**
   * Hands the successful rows of the filter whose request and response bodies were both kept to {@code sink}, oldest
   * first, at most {@code limit} of them, streamed like an export (the rows to replay into the cache).
   */
  long streamKeptBodies(LogFilter filter, int limit, Consumer<RequestLog> sink) {
    LogConditions where = LogConditions.forLogs(filter);
    return store.read(
        handle ->
            streamInTransaction(
                handle,
                SELECT,
                where,
                " AND status_code = 200 AND request_body IS NOT NULL AND response_body IS NOT NULL ORDER BY ts, id LIMIT "
                    + Math.max(0, limit),
                sink));
  }

  private static long streamInTransaction(
      Handle handle, String select, LogConditions where, Consumer<RequestLog> sink) {
    return streamInTransaction(handle, select, where, " ORDER BY ts, id", sink);
  }

  private static long streamInTransaction(
      Handle handle, String select, LogConditions where, String order, Consumer<RequestLog> sink) {
    handle.begin();
    try {
      return where
          .bindTo(handle.createQuery(select + where.sql() + order))
          .setFetchSize(EXPORT_FETCH_SIZE)
          .map(ROW)
          .withIterator(
              rows -> {
                long count = 0;
                while (rows.hasNext()) {
                  sink.accept(rows.next().toLog());
                  count++;
                }
                return count;
              });
    } finally {
      // Nothing was written: ending the read-only transaction either way releases its snapshot.
      handle.rollback();
    }
  }
}
