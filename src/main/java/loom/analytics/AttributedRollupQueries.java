package loom.analytics;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link AttributedRollups} can answer and the SQL that reads them: sums per value of one dimension (daily or
 * hourly), the ranking of a breakdown, one value's count, one team's sums. Every name spliced into the SQL is our
 * own; values are bound. Stateless.
 */
final class AttributedRollupQueries {
  private static final String SUMS =
      AttributedRollups.SUM_COLUMNS.stream()
          .map(column -> "COALESCE(SUM(" + column + "), 0) AS " + column)
          .collect(Collectors.joining(", "));

  private AttributedRollupQueries() {}

  /**
   * Whether a sum can come from here: grouped by {@code labelled} alone (and whole-hour buckets or none), filtered by
   * nothing but the time range and, except for tags, the same dimension's value. (Filtered by a tag, a request's
   * other tags would still be groups of the raw answer, which these rows cannot tell.)
   */
  static boolean canAnswer(LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    if (groupBy.size() != 1 || !AttributedRollups.DIMENSIONS.contains(groupBy.iterator().next())) {
      return false;
    }
    Dimension labelled = groupBy.iterator().next();
    // A filter value of "" matches no raw row, while the '' row here sums the requests without a
    // value.
    boolean ownValueOnly =
        filter.attributes().isEmpty()
            || labelled != Dimension.TAG
                && filter.attributes().keySet().equals(Set.of(labelled))
                && !filter.valueOf(labelled).isEmpty();
    return ownValueOnly
        && filter.userId() == null
        && filter.providerId() == null
        && filter.model() == null
        && filter.endpoint() == null
        && filter.outcome() == null
        && filter.cacheStatus() == null
        && filter.search() == null
        && (bucket == null || bucket.millis() % RollupTable.HOURLY.millis() == 0);
  }

  /**
   * The sums of the whole slots of {@code table} in [:from, :to) per value of {@code dimension} (and bucket), in the
   * shape of {@link UsageAggregator}'s rows: the value is the label.
   *
   * @param values which values to sum: {@code ALL}, {@code ONE} (binding {@code :value}) or {@code LISTED} (binding
   *     the list {@code values})
   */
  static String sumSql(RollupTable table, Dimension dimension, TimeBucket bucket, Values values) {
    String start = table.startColumn();
    String bucketStart =
        bucket == null ? "0" : "(" + start + " / " + bucket.millis() + ") * " + bucket.millis();
    return "SELECT "
        + bucketStart
        + " AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name,"
        + " '' AS endpoint, "
        + SUMS
        + ", value AS label FROM "
        + table.attributedTable()
        + " WHERE "
        + where(table, dimension)
        + values.condition
        + " GROUP BY "
        + (bucket == null ? "" : "1, ")
        + "value";
  }

  /** Which values of a dimension a sum reads. */
  enum Values {
    ALL(""),
    ONE(" AND value = :value"),
    LISTED(" AND value IN (<values>)");

    private final String condition;

    Values(String condition) {
      this.condition = condition;
    }
  }

  /**
   * Whether a sum can come from {@link AttributedRollups#TEAM_TABLE}: one team's requests (filtered by nothing else but the range)
   * grouped by one other attribution dimension, in whole-day buckets or none.
   */
  static boolean canAnswerWithinTeam(LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    String team = filter.valueOf(Dimension.TEAM);
    return team != null
        && !team.isEmpty()
        && filter.attributes().size() == 1
        && groupBy.size() == 1
        && AttributedRollups.DIMENSIONS.contains(groupBy.iterator().next())
        && !groupBy.contains(Dimension.TEAM)
        && filter.userId() == null
        && filter.providerId() == null
        && filter.model() == null
        && filter.endpoint() == null
        && filter.outcome() == null
        && filter.cacheStatus() == null
        && filter.search() == null
        && (bucket == null || bucket.millis() % RollupTable.DAILY.millis() == 0);
  }

  /**
   * The sums of one team's whole days in [:from, :to) per value of {@code dimension} (and bucket), binding
   * {@code :team}, in the shape of {@link UsageAggregator}'s rows: the value is the label.
   */
  static String teamSumSql(Dimension dimension, TimeBucket bucket) {
    String bucketStart =
        bucket == null ? "0" : "(day_start / " + bucket.millis() + ") * " + bucket.millis();
    return "SELECT "
        + bucketStart
        + " AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name,"
        + " '' AS endpoint, "
        + SUMS
        + ", value AS label FROM "
        + AttributedRollups.TEAM_TABLE
        + " WHERE team_id = :team AND "
        + where(RollupTable.DAILY, dimension)
        + " GROUP BY "
        + (bucket == null ? "" : "1, ")
        + "value";
  }

  /** The cost and requests of every value of {@code dimension} in the whole slots of [:from, :to), for ranking. */
  static String rankSql(RollupTable table, Dimension dimension) {
    return "SELECT value, SUM(cost_nanos), SUM(requests) FROM "
        + table.attributedTable()
        + " WHERE "
        + where(table, dimension)
        + " GROUP BY value";
  }

  /**
   * The cost, requests and tokens of every value of {@code dimension} in the whole slots of [:from, :to): what a trend
   * compares, without the other sums (of 20,000 sessions, those were most of the time).
   */
  static String trendSql(RollupTable table, Dimension dimension) {
    return "SELECT value, SUM(cost_nanos), SUM(requests), SUM(total_tokens) FROM "
        + table.attributedTable()
        + " WHERE "
        + where(table, dimension)
        + " GROUP BY value";
  }

  /** All values of {@code dimension} in the whole slots of [:from, :to) summed into one row (no label). */
  static String allSql(RollupTable table, Dimension dimension) {
    return "SELECT 0 AS hour_start, '' AS user_id, '' AS provider_id, '' AS model_name, '' AS endpoint, "
        + SUMS
        + ", '' AS label FROM "
        + table.attributedTable()
        + " WHERE "
        + where(table, dimension);
  }

  /** The requests of one value in the whole slots of [:from, :to), binding {@code :value}. */
  static String countSql(RollupTable table, Dimension dimension) {
    return "SELECT COALESCE(SUM(requests), 0) FROM "
        + table.attributedTable()
        + " WHERE "
        + where(table, dimension)
        + " AND value = :value";
  }

  private static String where(RollupTable table, Dimension dimension) {
    String start = table.startColumn();
    return "dimension = '"
        + dimension.column()
        + "' AND "
        + start
        + " >= :from AND "
        + start
        + " < :to";
  }
}
