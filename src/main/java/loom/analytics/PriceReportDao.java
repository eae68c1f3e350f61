package loom.analytics;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;

/**
 * What the prices pages read from the request logs: the models that ran unpriced in a range, and the models a
 * provider has answered for (from the daily rollups) or has a run-time price for. The same SQL on SQLite and
 * PostgreSQL.
 */
@RegisterConstructorMapper(PriceReportDao.UnpricedRow.class)
@RegisterConstructorMapper(PriceReportDao.ModelRow.class)
interface PriceReportDao extends SqlObject {
  /**
   * The rows of calls that went to a provider and cost nothing because nothing priced them: the recorder flags
   * them {@code unpriced} and repricing keeps the flag true (see {@link Repricer}). A flagged row with a cost was
   * priced by a repricing from before repricing kept the flag. Cache hits cost nothing anyway and are left out.
   */
  String UNPRICED =
      " FROM request_logs WHERE ts >= :start AND ts < :end AND provider_id IS NOT NULL"
          + " AND model_name IS NOT NULL AND cache_status <> 'HIT' AND cost_nanos = 0 AND metadata LIKE :flag";

  String FLAG = "%\"" + Repricer.UNPRICED_FLAG + "\":true%";

  /** A model counts as used once it answered without an error: a name a client made up only ever failed. */
  String USED =
      "SELECT provider_id, model_name AS model FROM request_rollups_daily"
          + " WHERE provider_id IN (<ids>) AND model_name <> '' GROUP BY provider_id, model_name"
          + " HAVING SUM(requests) > SUM(errors)"
          + " UNION SELECT provider_id, model FROM price_overrides WHERE provider_id IN (<ids>)";

  /** One model's unpriced calls; public only because JDBI maps public types. */
  record UnpricedRow(
      String providerId,
      String modelName,
      long calls,
      long inputTokens,
      long outputTokens,
      long firstSeen,
      long lastSeen) {}

  /** A provider and model name; public only because JDBI maps public types. */
  record ModelRow(String providerId, String model) {}

  /** The unpriced models of [start, end) (epoch millis), of one provider or all (null), most calls first. */
  default List<UnpricedRow> unpriced(
      long start, long end, String providerId, int limit, int offset) {
    Query query =
        getHandle()
            .createQuery(
                "SELECT provider_id, model_name, COUNT(*) AS calls,"
                    + " SUM(prompt_tokens) AS input_tokens, SUM(completion_tokens) AS output_tokens, MIN(ts) AS first_seen,"
                    + " MAX(ts) AS last_seen"
                    + UNPRICED
                    + (providerId == null ? "" : " AND provider_id = :providerId")
                    + " GROUP BY provider_id, model_name ORDER BY calls DESC, provider_id, model_name LIMIT :limit OFFSET :offset");
    return Range.bind(query, start, end, providerId)
        .bind("limit", limit)
        .bind("offset", offset)
        .mapTo(UnpricedRow.class)
        .list();
  }

  /** How many models {@link #unpriced} pages through. */
  default long countUnpriced(long start, long end, String providerId) {
    Query query =
        getHandle()
            .createQuery(
                "SELECT COUNT(*) FROM (SELECT provider_id, model_name"
                    + UNPRICED
                    + (providerId == null ? "" : " AND provider_id = :providerId")
                    + " GROUP BY provider_id, model_name) models");
    return Range.bind(query, start, end, providerId).mapTo(Long.class).one();
  }

  /**
   * The models of these providers that answered at least once (as far as the daily rollups go back) or have a
   * run-time price, by provider and model.
   */
  default List<ModelRow> usedModels(Collection<String> providerIds, int limit, int offset) {
    return getHandle()
        .createQuery(
            "SELECT provider_id, model FROM ("
                + USED
                + ") used"
                + " ORDER BY provider_id, model LIMIT :limit OFFSET :offset")
        .bindList("ids", List.copyOf(providerIds))
        .bind("limit", limit)
        .bind("offset", offset)
        .mapTo(ModelRow.class)
        .list();
  }

  /** How many models {@link #usedModels} pages through. */
  default long countUsedModels(Collection<String> providerIds) {
    return getHandle()
        .createQuery("SELECT COUNT(*) FROM (" + USED + ") used")
        .bindList("ids", List.copyOf(providerIds))
        .mapTo(Long.class)
        .one();
  }

  /** The parameters of {@link #UNPRICED}. */
  final class Range {
    private Range() {}

    static Query bind(Query query, long start, long end, String providerId) {
      query.bind("start", start).bind("end", end).bind("flag", FLAG);
      return providerId == null ? query : query.bind("providerId", providerId);
    }
  }
}
