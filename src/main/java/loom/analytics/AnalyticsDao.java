package loom.analytics;

import java.util.ArrayList;
import java.util.List;
import loom.support.JsonStrings;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code request_logs} table, its two rollup tables ({@link RollupTable}) and its attributed rollups
 * ({@link AttributedRollups}): the same parameterised SQL on SQLite
 * (≥ 3.24, for the upsert) and PostgreSQL. Callers own the transactions.
 */
@RegisterConstructorMapper(LogRow.class)
@RegisterConstructorMapper(Rollup.class)
interface AnalyticsDao extends SqlObject {
  String LOG_COLUMNS =
      "id, request_id, ts, user_id, api_key_id, end_user, method, path, endpoint, provider_id,"
          + " model_name, prompt_tokens, completion_tokens, total_tokens, cached_tokens, cache_write_tokens,"
          + " cache_write_1h_tokens, reasoning_tokens, latency_ms, time_to_first_byte_ms, status_code, cost_nanos,"
          + " cost_saved_nanos, price_version, cache_status, stream, error_message, request_body, response_body, metadata,"
          + " response_id, team_id, session_id, client_tool, tags, prompt_cache_saved_nanos";

  /** The rollup columns: the {@link Rollup#KEYS} keys, then the sums. */
  String ROLLUP_COLUMNS =
      "hour_start, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,"
          + " completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,"
          + " prompt_cache_saved_nanos, cache_hits, latency_sum_ms,"
          + " le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000, le_10000,"
          + " le_30000, le_60000, le_120000, le_inf";

  /**
   * Inserts rows; a row whose id is stored already is skipped (its count is 0), so a batch retried after a
   * commit whose answer was lost is not stored or counted twice.
   */
  @SqlBatch(
      "INSERT INTO request_logs ("
          + LOG_COLUMNS
          + ") VALUES (:id, :requestId, :ts, :userId, :apiKeyId,"
          + " :endUser, :method, :path, :endpoint, :providerId, :modelName, :promptTokens, :completionTokens,"
          + " :totalTokens, :cachedTokens, :cacheWriteTokens, :cacheWrite1hTokens, :reasoningTokens, :latencyMs,"
          + " :timeToFirstByteMs, :statusCode, :costNanos, :costSavedNanos, :priceVersion, :cacheStatus, :stream,"
          + " :errorMessage, :requestBody, :responseBody, :metadata, :responseId, :teamId, :sessionId, :clientTool, :tags,"
          + " :promptCacheSavedNanos)"
          + " ON CONFLICT (id) DO NOTHING")
  int[] insertLogs(@BindMethods List<LogRow> rows);

  /** Adds rollup deltas (per slot of {@code table}) to their rows, creating the rows that do not exist yet. */
  default void upsertRollups(RollupTable table, List<Rollup> rollups) {
    PreparedBatch batch = getHandle().prepareBatch(table.upsertSql());
    for (Rollup rollup : rollups) {
      batch.bindMethods(rollup).add();
    }
    batch.execute();
  }

  /**
   * Inserts rows and adds the rollups of those that were not stored before; returns how many were inserted.
   * Run it in one transaction, so that rows and rollups agree.
   */
  default int insertWithRollups(List<LogRow> rows) {
    int[] counts = insertLogs(rows);
    List<LogRow> inserted = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      // 0: stored before (e.g. a retried batch whose commit got through); its rollup is counted
      // already. SUCCESS_NO_INFO (-2), which a driver may answer for a batch, counts as inserted.
      if (counts[i] != 0) {
        inserted.add(rows.get(i));
      }
    }
    if (!inserted.isEmpty()) {
      insertTags(inserted);
      List<Rollup> hours = Rollup.of(inserted);
      upsertRollups(RollupTable.HOURLY, hours);
      upsertRollups(RollupTable.DAILY, Rollup.daily(hours));
      // Only requests of hours the job has rolled up already (late ones); the job rolls up the
      // rest.
      AttributedRollups.add(getHandle(), AttributedRollups.rolledUp(getHandle(), inserted), 1);
    }
    return inserted.size();
  }

  /** One row of {@code request_log_tags} per tag of each row. */
  default void insertTags(List<LogRow> rows) {
    PreparedBatch batch = null;
    for (LogRow row : rows) {
      for (String tag : JsonStrings.fromColumn(row.tags())) {
        if (batch == null) {
          batch =
              getHandle()
                  .prepareBatch(
                      "INSERT INTO request_log_tags (log_id, tag, ts) VALUES (:logId, :tag, :ts)"
                          + " ON CONFLICT (log_id, tag) DO NOTHING");
        }
        batch.bind("logId", row.id()).bind("tag", tag).bind("ts", row.ts()).add();
      }
    }
    if (batch != null) {
      batch.execute();
    }
  }

  /** Deletes up to {@code limit} of the oldest rows older than {@code before} (epoch millis); returns how many. */
  @SqlUpdate(
      "DELETE FROM request_logs WHERE id IN"
          + " (SELECT id FROM request_logs WHERE ts < :before ORDER BY ts LIMIT :limit)")
  int deleteLogsBefore(@Bind("before") long before, @Bind("limit") int limit);

  /** Deletes the rollups of the slots that start before {@code before} (epoch millis); returns how many. */
  default int deleteRollupsBefore(RollupTable table, long before) {
    return getHandle()
        .createUpdate(
            "DELETE FROM " + table.table() + " WHERE " + table.startColumn() + " < :before")
        .bind("before", before)
        .execute();
  }

  /**
   * Deletes up to {@code limit} of a user's rows, in id order, and takes those already rolled up out of the attributed
   * rollups (which have no user column); returns how many. Run it in one transaction.
   */
  default int deleteLogsOfUserWithRollups(String userId, int limit) {
    List<LogRow> rows =
        getHandle()
            .createQuery(
                "SELECT "
                    + LOG_COLUMNS
                    + " FROM request_logs WHERE user_id = :userId"
                    + " ORDER BY id LIMIT :limit")
            .bind("userId", userId)
            .bind("limit", limit)
            .map(LogRow.BY_POSITION)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    int deleted =
        getHandle()
            .createUpdate("DELETE FROM request_logs WHERE user_id = :userId AND id <= :lastId")
            .bind("userId", userId)
            .bind("lastId", rows.get(rows.size() - 1).id())
            .execute();
    AttributedRollups.add(getHandle(), AttributedRollups.rolledUp(getHandle(), rows), -1);
    return deleted;
  }

  default int deleteRollupsOfUser(RollupTable table, String userId) {
    return getHandle()
        .createUpdate("DELETE FROM " + table.table() + " WHERE user_id = :userId")
        .bind("userId", userId)
        .execute();
  }

  @SqlQuery("SELECT COUNT(*) FROM request_logs")
  long countLogs();

  @SqlQuery("SELECT COUNT(*) FROM request_rollups_hourly")
  long countRollups();

  @SqlQuery("SELECT COUNT(*) FROM request_rollups_daily")
  long countDailyRollups();

  @SqlQuery("SELECT " + LOG_COLUMNS + " FROM request_logs ORDER BY ts DESC, id DESC LIMIT :limit")
  List<LogRow> recentLogs(@Bind("limit") int limit);

  @SqlQuery(
      "SELECT "
          + ROLLUP_COLUMNS
          + " FROM request_rollups_hourly"
          + " ORDER BY hour_start, user_id, provider_id, model_name, endpoint")
  List<Rollup> rollups();

  /** The daily rollups, with the day's start as {@link Rollup#hourStart}. */
  @SqlQuery(
      "SELECT day_start AS "
          + ROLLUP_COLUMNS
          + " FROM request_rollups_daily"
          + " ORDER BY day_start, user_id, provider_id, model_name, endpoint")
  List<Rollup> dailyRollups();
}
