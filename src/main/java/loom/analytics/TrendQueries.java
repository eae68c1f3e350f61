package loom.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import loom.auth.Caller;
import loom.store.Store;
import loom.support.InvalidInputException;
import org.jdbi.v3.core.Handle;

/**
 * Trends and the month's projection, for the REST API and the dashboard alike: each value of a dimension this week
 * or month against the one before ({@link UsageTrends}), and the month's spend projected to its end against the
 * budget of the same requests ({@link MonthProjection}). Both are summed by {@link UsageAggregator} as breakdowns and
 * time series are (rollups for whole days and hours, raw rows only at the edges), and see what
 * {@link AnalyticsQueries} lets the caller see. Thread-safe.
 */
public final class TrendQueries {
  /** The most values the movers' lists may hold. */
  public static final int MAX_MOVERS = 100;

  private final AnalyticsQueries queries;
  private final Store store;
  private final Clock clock;
  private final MonthlyBudget.Lookup budgets;

  public TrendQueries(
      AnalyticsQueries queries, Store store, Clock clock, MonthlyBudget.Lookup budgets) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.budgets = Objects.requireNonNull(budgets, "budgets");
  }

  /**
   * Each value of {@code groupBy} in the period ending at the filter's end (none: now, see {@link TrendPeriod})
   * against the period before, the {@code limit} costliest listed, and the {@code movers} largest rises and falls.
   * The filter's start is not used: the period decides it.
   *
   * @throws InvalidInputException when {@code limit} or {@code movers} is out of range
   */
  public UsageTrends trends(
      Caller caller,
      LogFilter filter,
      Dimension groupBy,
      TrendPeriod period,
      int limit,
      int movers) {
    if (limit < 1 || limit > AnalyticsQueries.MAX_GROUPS) {
      throw InvalidInputException.of(
          "limit", "must be 1 to " + AnalyticsQueries.MAX_GROUPS + "; got " + limit);
    }
    if (movers < 1 || movers > MAX_MOVERS) {
      throw InvalidInputException.of("movers", "must be 1 to " + MAX_MOVERS + "; got " + movers);
    }
    Objects.requireNonNull(groupBy, "groupBy");
    LogFilter scoped = queries.scope(caller, filter);
    TrendPeriod.Windows windows = period.windows(filter.end(), now());
    return store.read(
        handle -> {
          Map<String, UsageTrends.Sums> current = new HashMap<>();
          Map<String, UsageTrends.Sums> previous = new HashMap<>();
          UsageTrends.Sums currentTotal =
              sum(handle, scoped, windows.currentStart(), windows.currentEnd(), groupBy, current);
          UsageTrends.Sums previousTotal =
              sum(
                  handle,
                  scoped,
                  windows.previousStart(),
                  windows.previousEnd(),
                  groupBy,
                  previous);
          return UsageTrends.of(
              groupBy,
              period,
              windows,
              current,
              previous,
              List.of(currentTotal, previousTotal),
              limit,
              movers);
        });
  }

  /**
   * Sums [from, to) per value of {@code groupBy} into {@code byValue}; returns the sum of every request once (by
   * tag, from a sum of its own, since a request with two tags is in two values).
   */
  private static UsageTrends.Sums sum(
      Handle handle,
      LogFilter filter,
      Instant from,
      Instant to,
      Dimension groupBy,
      Map<String, UsageTrends.Sums> byValue) {
    long start = from.toEpochMilli();
    long end = to.toEpochMilli();
    UsageTrends.Sums total = UsageTrends.Sums.ZERO;
    for (Map.Entry<String, UsageTrends.Sums> value :
        perValue(handle, filter, start, end, groupBy).entrySet()) {
      byValue.merge(
          UsageBreakdown.groupKey(value.getKey()), value.getValue(), UsageTrends.Sums::plus);
      total = total.plus(value.getValue());
    }
    if (groupBy == Dimension.TAG) {
      total =
          UsageAggregator.aggregate(handle, filter, start, end, null, Set.of()).stream()
              .map(UsageTrends.Sums::of)
              .reduce(UsageTrends.Sums.ZERO, UsageTrends.Sums::plus);
    }
    return total;
  }

  /**
   * Each value's sums in [from, to) ({@code ""} for none). Everyone's by an attribution dimension (thousands of keys,
   * tens of thousands of sessions a month) sums only the three numbers a trend needs from the attributed rollups'
   * whole slots, and the partial hours at the ends from the raw rows; anything else is an aggregate as a breakdown's.
   */
  private static Map<String, UsageTrends.Sums> perValue(
      Handle handle, LogFilter filter, long from, long to, Dimension groupBy) {
    Map<String, UsageTrends.Sums> sums = new HashMap<>();
    if (!AttributedRollupQueries.canAnswer(filter, null, Set.of(groupBy))
        || !filter.attributes().isEmpty()) {
      for (Rollup row :
          UsageAggregator.aggregate(handle, filter, from, to, null, EnumSet.of(groupBy))) {
        sums.merge(groupBy.of(row), UsageTrends.Sums.of(row), UsageTrends.Sums::plus);
      }
      return sums;
    }
    for (UsageAggregator.Part part : UsageAggregator.attributedPlan(handle, from, to, null)) {
      if (part.isRaw()) {
        UsageAggregator.query(handle, part, filter, null, Set.of(groupBy))
            .forEach(
                row -> sums.merge(row.label(), UsageTrends.Sums.of(row), UsageTrends.Sums::plus));
      } else {
        handle
            .createQuery(AttributedRollupQueries.trendSql(part.table(), groupBy))
            .bind("from", part.from())
            .bind("to", part.to())
            .map(
                (rs, ctx) ->
                    sums.merge(
                        rs.getString(1),
                        new UsageTrends.Sums(rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                        UsageTrends.Sums::plus))
            .list();
      }
    }
    // As an aggregate does: a value whose rows count no request (all of it erased) is no value.
    sums.values().removeIf(value -> value.requests() == 0);
    return sums;
  }

  /**
   * The UTC month holding the filter's end (none: now) projected to its end from the daily spend of the filter's
   * requests, with the monthly budget of exactly those requests when they have one (everyone's for an admin: the
   * gateway's; a team's for its admins; a user's own). The filter's start is not used; an end after now is now
   * (the days to come have no actual spend yet).
   */
  public MonthProjection projection(Caller caller, LogFilter filter) {
    LogFilter scoped = queries.scope(caller, filter);
    Instant now = now();
    Instant asOf = filter.end() != null && filter.end().isBefore(now) ? filter.end() : now;
    Instant first = SpendProjection.firstDay(asOf).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Rollup> rows =
        store.read(
            handle ->
                UsageAggregator.aggregate(
                    handle,
                    scoped,
                    first.toEpochMilli(),
                    asOf.toEpochMilli(),
                    TimeBucket.DAY,
                    Set.of()));
    Map<LocalDate, Long> daily = new HashMap<>();
    for (Rollup row : rows) {
      daily.merge(
          LocalDate.ofInstant(Instant.ofEpochMilli(row.hourStart()), ZoneOffset.UTC),
          row.costNanos(),
          Long::sum);
    }
    MonthlyBudget budget = budgets.covering(caller, scoped.withRange(null, null)).orElse(null);
    return SpendProjection.project(asOf, daily, budget);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
