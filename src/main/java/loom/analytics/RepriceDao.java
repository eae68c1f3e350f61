package loom.analytics;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL of repricing: read a range's rows (all, or one provider's model's) in keyset order, rewrite a row's cost
 * and its rollups'.
 */
interface RepriceDao extends SqlObject {
  String COLUMNS =
      "id, ts, user_id, provider_id, model_name, endpoint, prompt_tokens, completion_tokens,"
          + " total_tokens, cached_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, status_code,"
          + " cost_nanos, price_version, cache_status, metadata, team_id, api_key_id, end_user, session_id, client_tool,"
          + " tags";
  String AFTER =
      " AND (ts > :afterTs OR (ts = :afterTs AND id > :afterId)) ORDER BY ts, id LIMIT :limit";

  /** A stored row as repricing needs it. */
  record PricedRow(
      String id,
      long ts,
      String userId,
      String providerId,
      String modelName,
      String endpoint,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long cacheWriteTokens,
      long cacheWrite1hTokens,
      long reasoningTokens,
      int statusCode,
      long costNanos,
      String priceVersion,
      String cacheStatus,
      String metadata,
      String teamId,
      String apiKeyId,
      String endUser,
      String sessionId,
      String clientTool,
      String tags) {
    /** The rows of {@link AttributedRollups} this request adds to. */
    java.util.List<AttributedRollups.Key> attributedKeys() {
      return AttributedRollups.keysOf(
          ts,
          java.util.List.of(
              orEmpty(userId), orEmpty(providerId), orEmpty(modelName), orEmpty(endpoint)),
          teamId,
          apiKeyId,
          endUser,
          sessionId,
          clientTool,
          tags);
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }
  }

  @SqlQuery("SELECT " + COLUMNS + " FROM request_logs WHERE ts >= :start AND ts < :end" + AFTER)
  @RegisterConstructorMapper(PricedRow.class)
  List<PricedRow> rowsAfter(
      @Bind("start") long start,
      @Bind("end") long end,
      @Bind("afterTs") long afterTs,
      @Bind("afterId") String afterId,
      @Bind("limit") int limit);

  /** {@link #rowsAfter} of one provider's model (through the provider-model-time index). */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM request_logs WHERE provider_id = :providerId AND model_name = :model"
          + " AND ts >= :start AND ts < :end"
          + AFTER)
  @RegisterConstructorMapper(PricedRow.class)
  List<PricedRow> modelRowsAfter(
      @Bind("providerId") String providerId,
      @Bind("model") String model,
      @Bind("start") long start,
      @Bind("end") long end,
      @Bind("afterTs") long afterTs,
      @Bind("afterId") String afterId,
      @Bind("limit") int limit);

  @SqlUpdate(
      "UPDATE request_logs SET cost_nanos = :costNanos, price_version = :priceVersion, metadata = :metadata"
          + " WHERE id = :id")
  void setCost(
      @Bind("id") String id,
      @Bind("costNanos") long costNanos,
      @Bind("priceVersion") String priceVersion,
      @Bind("metadata") String metadata);

  /** Moves the cost of one rollup row (of the slot starting at {@code start}) by {@code delta} nano-dollars. */
  default void addRollupCost(
      RollupTable table,
      long start,
      String userId,
      String providerId,
      String modelName,
      String endpoint,
      long delta) {
    getHandle()
        .createUpdate(
            "UPDATE "
                + table.table()
                + " SET cost_nanos = cost_nanos + :delta WHERE "
                + table.startColumn()
                + " = :start AND user_id = :userId AND provider_id = :providerId"
                + " AND model_name = :modelName AND endpoint = :endpoint")
        .bind("start", start)
        .bind("userId", userId)
        .bind("providerId", providerId)
        .bind("modelName", modelName)
        .bind("endpoint", endpoint)
        .bind("delta", delta)
        .execute();
  }
}
