package loom.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The WHERE clause that selects a {@link LogFilter}'s rows, from {@code request_logs} or from a
 * {@link RollupTable}, with its named parameters. The SQL text only ever holds our own column
 * names; every value a caller chose is bound, never spliced in.
 */
record LogConditions(String sql, Map<String, Object> binds) {
  LogConditions {
    binds = Map.copyOf(binds);
  }

  /** Rows of {@code request_logs} matching the filter, its time range included (an open end is open). */
  static LogConditions forLogs(LogFilter filter) {
    return forLogs(
        filter,
        filter.start() == null ? null : filter.start().toEpochMilli(),
        filter.end() == null ? null : filter.end().toEpochMilli());
  }

  /** Rows of {@code request_logs} matching the filter with a timestamp in [from, to) epoch millis (null: open). */
  static LogConditions forLogs(LogFilter filter, Long from, Long to) {
    Builder where = new Builder();
    if (from != null) {
      where.add("ts >= :from", "from", from);
    }
    if (to != null) {
      where.add("ts < :to", "to", to);
    }
    where.common(filter);
    where.attributes(filter, from, to);
    if (filter.outcome() != null) {
      where.add(
          filter.outcome() == LogFilter.Outcome.ERROR ? "status_code >= 400" : "status_code < 400");
    }
    if (filter.cacheStatus() != null) {
      where.add("cache_status = :cacheStatus", "cacheStatus", filter.cacheStatus().name());
    }
    if (filter.search() != null) {
      // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. No index
      // serves a contains-search; the time range (on the ts index) bounds the rows it reads.
      where.add(
          "(LOWER(path) LIKE :search ESCAPE '!' OR LOWER(error_message) LIKE :search ESCAPE '!')",
          "search",
          filter.searchPattern());
    }
    return where.build();
  }

  /**
   * Rows of a rollup table for the filter's user, provider, model and endpoint and the slots starting in
   * [from, to) epoch millis.
   */
  static LogConditions forRollups(LogFilter filter, RollupTable table, long from, long to) {
    if (filter.needsRawRows()) {
      throw new IllegalArgumentException("Rollups cannot filter by outcome, cache status or text");
    }
    String start = table.startColumn();
    Builder where =
        new Builder().add(start + " >= :from", "from", from).add(start + " < :to", "to", to);
    where.common(filter);
    return where.build();
  }

  /**
   * Rows of {@link AttributedRollups#DETAIL_TABLE} for the filter's one attribution value, its user, provider, model
   * and endpoint, and the days starting in [from, to) epoch millis.
   */
  static LogConditions forValueRollups(LogFilter filter, long from, long to) {
    if (filter.attributes().size() != 1
        || filter.outcome() != null
        || filter.cacheStatus() != null
        || filter.search() != null) {
      throw new IllegalArgumentException(
          "The rollups by value hold one attribution value's sums: " + filter);
    }
    Map.Entry<Dimension, String> only = filter.attributes().entrySet().iterator().next();
    Builder where =
        new Builder()
            .add("day_start >= :from", "from", from)
            .add("day_start < :to", "to", to)
            .add("dimension = :valueDimension", "valueDimension", only.getKey().column())
            .add("value = :value", "value", only.getValue());
    where.common(filter);
    return where.build();
  }

  /** Binds the parameters to a statement of this clause. */
  <S extends SqlStatement<S>> S bindTo(S statement) {
    binds.forEach(statement::bind);
    return statement;
  }

  private static final class Builder {
    private final List<String> terms = new ArrayList<>();
    private final Map<String, Object> binds = new LinkedHashMap<>();

    Builder add(String term) {
      terms.add(term);
      return this;
    }

    Builder add(String term, String name, Object value) {
      binds.put(name, value);
      return add(term);
    }

    /** The dimensions, whose columns the raw rows and the rollups share. */
    void common(LogFilter filter) {
      if (filter.userId() != null) {
        add(Dimension.USER.column() + " = :userId", "userId", filter.userId());
      }
      if (filter.providerId() != null) {
        add(Dimension.PROVIDER.column() + " = :providerId", "providerId", filter.providerId());
      }
      if (filter.model() != null) {
        add(Dimension.MODEL.column() + " = :model", "model", filter.model());
      }
      if (filter.endpoint() != null) {
        add(Dimension.ENDPOINT.column() + " = :endpoint", "endpoint", filter.endpoint());
      }
    }

    /**
     * The attribution dimensions, which only the raw rows have. A tag is matched through {@code request_log_tags}'s
     * (tag, ts) index, bounded by the same time range, so a rare tag reads only its own rows.
     */
    void attributes(LogFilter filter, Long from, Long to) {
      filter
          .attributes()
          .forEach(
              (dimension, value) -> {
                String name = "attr_" + dimension.id();
                if (dimension == Dimension.TAG) {
                  String range =
                      (from == null ? "" : " AND ts >= :from")
                          + (to == null ? "" : " AND ts < :to");
                  add(
                      "id IN (SELECT log_id FROM request_log_tags WHERE tag = :"
                          + name
                          + range
                          + ")",
                      name,
                      value);
                } else {
                  add(dimension.column() + " = :" + name, name, value);
                }
              });
    }

    LogConditions build() {
      // TRUE reads the same on SQLite (3.23+) and PostgreSQL; callers always write WHERE and may
      // add AND.
      return new LogConditions(terms.isEmpty() ? "TRUE" : String.join(" AND ", terms), binds);
    }
  }
}
