package loom.analytics;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code request_logs} and {@code request_rollups_hourly} tables: the same parameterised SQL on SQLite
 * (≥ 3.24, for the upsert) and PostgreSQL. Callers own the transactions.
 */
@RegisterConstructorMapper(LogRow.class)
@RegisterConstructorMapper(Rollup.class)
interface AnalyticsDao {
  String LOG_COLUMNS = "id, request_id, ts, user_id, api_key_id, end_user, method, path, provider_id, model_name,"
      + " prompt_tokens, completion_tokens, total_tokens, cached_tokens, reasoning_tokens, latency_ms,"
      + " time_to_first_byte_ms, status_code, cost_nanos, cost_saved_nanos, price_version, cache_status, stream,"
      + " error_message, request_body, response_body, metadata";
  String ROLLUP_COLUMNS = "hour_start, user_id, provider_id, model_name, requests, errors, prompt_tokens,"
      + " completion_tokens, total_tokens, cached_tokens, cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms,"
      + " le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000, le_10000,"
      + " le_30000, le_60000, le_120000, le_inf";

  /**
   * Inserts rows; a row whose id is stored already is skipped (its count is 0), so a batch retried after a
   * commit whose answer was lost is not stored or counted twice.
   */
  @SqlBatch("INSERT INTO request_logs (" + LOG_COLUMNS + ") VALUES (:id, :requestId, :ts, :userId, :apiKeyId,"
      + " :endUser, :method, :path, :providerId, :modelName, :promptTokens, :completionTokens, :totalTokens,"
      + " :cachedTokens, :reasoningTokens, :latencyMs, :timeToFirstByteMs, :statusCode, :costNanos,"
      + " :costSavedNanos, :priceVersion, :cacheStatus, :stream, :errorMessage, :requestBody, :responseBody,"
      + " :metadata) ON CONFLICT (id) DO NOTHING")
  int[] insertLogs(@BindMethods List<LogRow> rows);

  /** Adds rollup deltas to their rows, creating the rows that do not exist yet. */
  @SqlBatch("INSERT INTO request_rollups_hourly (" + ROLLUP_COLUMNS + ") VALUES (:hourStart, :userId, :providerId,"
      + " :modelName, :requests, :errors, :promptTokens, :completionTokens, :totalTokens, :cachedTokens,"
      + " :costNanos, :costSavedNanos, :cacheHits, :latencySumMs, :le1, :le2, :le5, :le10, :le25, :le50, :le100,"
      + " :le250, :le500, :le1000,"
      + " :le2500, :le5000, :le10000, :le30000, :le60000, :le120000, :leInf)"
      + " ON CONFLICT (hour_start, user_id, provider_id, model_name) DO UPDATE SET"
      + " requests = request_rollups_hourly.requests + excluded.requests,"
      + " errors = request_rollups_hourly.errors + excluded.errors,"
      + " prompt_tokens = request_rollups_hourly.prompt_tokens + excluded.prompt_tokens,"
      + " completion_tokens = request_rollups_hourly.completion_tokens + excluded.completion_tokens,"
      + " total_tokens = request_rollups_hourly.total_tokens + excluded.total_tokens,"
      + " cached_tokens = request_rollups_hourly.cached_tokens + excluded.cached_tokens,"
      + " cost_nanos = request_rollups_hourly.cost_nanos + excluded.cost_nanos,"
      + " cost_saved_nanos = request_rollups_hourly.cost_saved_nanos + excluded.cost_saved_nanos,"
      + " cache_hits = request_rollups_hourly.cache_hits + excluded.cache_hits,"
      + " latency_sum_ms = request_rollups_hourly.latency_sum_ms + excluded.latency_sum_ms,"
      + " le_1 = request_rollups_hourly.le_1 + excluded.le_1,"
      + " le_2 = request_rollups_hourly.le_2 + excluded.le_2,"
      + " le_5 = request_rollups_hourly.le_5 + excluded.le_5,"
      + " le_10 = request_rollups_hourly.le_10 + excluded.le_10,"
      + " le_25 = request_rollups_hourly.le_25 + excluded.le_25,"
      + " le_50 = request_rollups_hourly.le_50 + excluded.le_50,"
      + " le_100 = request_rollups_hourly.le_100 + excluded.le_100,"
      + " le_250 = request_rollups_hourly.le_250 + excluded.le_250,"
      + " le_500 = request_rollups_hourly.le_500 + excluded.le_500,"
      + " le_1000 = request_rollups_hourly.le_1000 + excluded.le_1000,"
      + " le_2500 = request_rollups_hourly.le_2500 + excluded.le_2500,"
      + " le_5000 = request_rollups_hourly.le_5000 + excluded.le_5000,"
      + " le_10000 = request_rollups_hourly.le_10000 + excluded.le_10000,"
      + " le_30000 = request_rollups_hourly.le_30000 + excluded.le_30000,"
      + " le_60000 = request_rollups_hourly.le_60000 + excluded.le_60000,"
      + " le_120000 = request_rollups_hourly.le_120000 + excluded.le_120000,"
      + " le_inf = request_rollups_hourly.le_inf + excluded.le_inf")
  void upsertRollups(@BindMethods List<Rollup> rollups);

  /**
   * Inserts rows and adds the rollups of those that were not stored before; returns how many were inserted.
   * Run it in one transaction, so that rows and rollups agree.
   */
  default int insertWithRollups(List<LogRow> rows) {
    int[] counts = insertLogs(rows);
    List<LogRow> inserted = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      // 0: stored before (e.g. a retried batch whose commit got through); its rollup is counted already.
      // SUCCESS_NO_INFO (-2), which a driver may answer for a batch, counts as inserted.
      if (counts[i] != 0) {
        inserted.add(rows.get(i));
      }
    }
    if (!inserted.isEmpty()) {
      upsertRollups(Rollup.of(inserted));
    }
    return inserted.size();
  }

  /** Deletes up to {@code limit} of the oldest rows older than {@code before} (epoch millis); returns how many. */
  @SqlUpdate("DELETE FROM request_logs WHERE id IN"
      + " (SELECT id FROM request_logs WHERE ts < :before ORDER BY ts LIMIT :limit)")
  int deleteLogsBefore(@Bind("before") long before, @Bind("limit") int limit);

  /** Deletes the rollups of the hours that start before {@code before} (epoch millis); returns how many. */
  @SqlUpdate("DELETE FROM request_rollups_hourly WHERE hour_start < :before")
  int deleteRollupsBefore(@Bind("before") long before);

  /** Deletes up to {@code limit} of a user's rows; returns how many. */
  @SqlUpdate("DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE user_id = :userId LIMIT :limit)")
  int deleteLogsOfUser(@Bind("userId") String userId, @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM request_rollups_hourly WHERE user_id = :userId")
  int deleteRollupsOfUser(@Bind("userId") String userId);

  @SqlQuery("SELECT COUNT(*) FROM request_logs")
  long countLogs();

  @SqlQuery("SELECT COUNT(*) FROM request_rollups_hourly")
  long countRollups();

  @SqlQuery("SELECT " + LOG_COLUMNS + " FROM request_logs ORDER BY ts DESC, id DESC LIMIT :limit")
  List<LogRow> recentLogs(@Bind("limit") int limit);

  @SqlQuery("SELECT " + ROLLUP_COLUMNS + " FROM request_rollups_hourly"
      + " ORDER BY hour_start, user_id, provider_id, model_name")
  List<Rollup> rollups();
}
