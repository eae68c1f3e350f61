package loom.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code price_overrides} table and its revision counter; the same SQL on SQLite and PostgreSQL. Every write
 * must {@link #bumpRevision()} in its transaction, which also takes the writes one at a time on PostgreSQL (the
 * counter's row lock). Callers own the transactions.
 */
@RegisterConstructorMapper(PriceOverrideDao.Row.class)
interface PriceOverrideDao extends SqlObject {
  String COLUMNS =
      "provider_id, model, effective_from, input_nanos_per_mtok, output_nanos_per_mtok,"
          + " cache_read_nanos_per_mtok, cache_write_nanos_per_mtok, changed_by, changed_by_name, changed_at";

  /** A stored row; public only because JDBI maps public types. An effective_from of 0 means every call. */
  record Row(
      String providerId,
      String model,
      long effectiveFrom,
      long inputNanosPerMtok,
      long outputNanosPerMtok,
      Long cacheReadNanosPerMtok,
      Long cacheWriteNanosPerMtok,
      String changedBy,
      String changedByName,
      long changedAt) {
    static Row of(PriceOverride price) {
      return new Row(
          price.providerId(),
          price.model(),
          price.effectiveFromMillis(),
          Money.toNanos(price.input()),
          Money.toNanos(price.output()),
          price.cacheRead() == null ? null : Money.toNanos(price.cacheRead()),
          price.cacheWrite() == null ? null : Money.toNanos(price.cacheWrite()),
          price.changedBy(),
          price.changedByName(),
          price.changedAt().toEpochMilli());
    }

    PriceOverride toOverride() {
      return new PriceOverride(
          providerId,
          model,
          effectiveFrom == 0 ? null : Instant.ofEpochMilli(effectiveFrom),
          Money.plain(inputNanosPerMtok),
          Money.plain(outputNanosPerMtok),
          cacheReadNanosPerMtok == null ? null : Money.plain(cacheReadNanosPerMtok),
          cacheWriteNanosPerMtok == null ? null : Money.plain(cacheWriteNanosPerMtok),
          changedBy,
          changedByName,
          Instant.ofEpochMilli(changedAt));
    }
  }

  /** Every run-time price, by provider, model and start. */
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM price_overrides ORDER BY provider_id, model, effective_from")
  List<Row> all();

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM price_overrides WHERE provider_id = :providerId AND model = :model"
          + " AND effective_from = :effectiveFrom")
  Optional<Row> find(
      @Bind("providerId") String providerId,
      @Bind("model") String model,
      @Bind("effectiveFrom") long effectiveFrom);

  /** Stores a price, replacing the one of the same provider, model and start. */
  @SqlUpdate(
      "INSERT INTO price_overrides ("
          + COLUMNS
          + ") VALUES (:providerId, :model, :effectiveFrom,"
          + " :inputNanosPerMtok, :outputNanosPerMtok, :cacheReadNanosPerMtok, :cacheWriteNanosPerMtok, :changedBy,"
          + " :changedByName, :changedAt) ON CONFLICT (provider_id, model, effective_from) DO UPDATE SET"
          + " input_nanos_per_mtok = excluded.input_nanos_per_mtok,"
          + " output_nanos_per_mtok = excluded.output_nanos_per_mtok,"
          + " cache_read_nanos_per_mtok = excluded.cache_read_nanos_per_mtok,"
          + " cache_write_nanos_per_mtok = excluded.cache_write_nanos_per_mtok, changed_by = excluded.changed_by,"
          + " changed_by_name = excluded.changed_by_name, changed_at = excluded.changed_at")
  void save(@BindMethods Row row);

  /** Deletes one price; 1 when it existed, else 0. */
  @SqlUpdate(
      "DELETE FROM price_overrides WHERE provider_id = :providerId AND model = :model"
          + " AND effective_from = :effectiveFrom")
  int delete(
      @Bind("providerId") String providerId,
      @Bind("model") String model,
      @Bind("effectiveFrom") long effectiveFrom);

  @SqlQuery("SELECT revision FROM price_overrides_revision WHERE id = 1")
  long revision();

  @SqlUpdate("UPDATE price_overrides_revision SET revision = revision + 1 WHERE id = 1")
  void bumpRevision();

  /** A page of the prices of one provider and/or model (null: any), by provider, model and start. */
  default List<Row> page(String providerId, String model, int limit, int offset) {
    Query query =
        getHandle()
            .createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM price_overrides"
                    + Filter.where(providerId, model)
                    + " ORDER BY provider_id, model, effective_from LIMIT :limit OFFSET :offset");
    return Filter.bind(query, providerId, model)
        .bind("limit", limit)
        .bind("offset", offset)
        .mapTo(Row.class)
        .list();
  }

  /** How many prices {@link #page} pages through. */
  default long count(String providerId, String model) {
    Query query =
        getHandle()
            .createQuery("SELECT COUNT(*) FROM price_overrides" + Filter.where(providerId, model));
    return Filter.bind(query, providerId, model).mapTo(Long.class).one();
  }

  /** The optional provider and model condition of {@link #page} and {@link #count}. */
  final class Filter {
    private Filter() {}

    static String where(String providerId, String model) {
      if (providerId == null && model == null) {
        return "";
      }
      if (providerId == null) {
        return " WHERE model = :model";
      }
      return model == null
          ? " WHERE provider_id = :providerId"
          : " WHERE provider_id = :providerId AND model = :model";
    }

    static Query bind(Query query, String providerId, String model) {
      if (providerId != null) {
        query.bind("providerId", providerId);
      }
      if (model != null) {
        query.bind("model", model);
      }
      return query;
    }
  }
}
