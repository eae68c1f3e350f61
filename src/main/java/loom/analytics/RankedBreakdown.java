package loom.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * A breakdown of the whole store by one attribution dimension (filtered by nothing but the range), ranked before it
 * is summed: first every value's cost and requests (two sums of the attributed rollups' whole days and hours, and of
 * the raw rows of the partial hours at the ends), then every number of the chosen values only, and {@code other} as
 * the sum of all values minus the chosen. A month's breakdown by key at a million requests has 40,000 daily rows of
 * 2,000 keys, and by session 20,000: summing all 29 columns of each and handing them to Java to choose 100 was most
 * of its time (122 and 204 ms on SQLite; bench/analytics-queries.sh).
 */
final class RankedBreakdown {
  /**
   * The chosen groups and what is left.
   *
   * @param top the rows of the chosen values, labelled with the value
   * @param rest the sums of the values left out; null when none was
   * @param total every request of the range once (for tags: the sum over tags counts a request once per tag)
   */
  record Result(List<Rollup> top, Rollup rest, Rollup total) {}

  private RankedBreakdown() {}

  /** Whether a breakdown can be ranked here: by an attribution dimension, with nothing filtered but the range. */
  static boolean applies(LogFilter filter, Dimension dimension) {
    return filter.attributes().isEmpty()
        && AttributedRollupQueries.canAnswer(filter, null, Set.of(dimension));
  }

  /** The {@code limit} costliest values of {@code dimension} in [from, to) and the sums of the rest. */
  static Result rank(
      Handle handle, LogFilter filter, long from, long to, Dimension dimension, int limit) {
    List<UsageAggregator.Part> plan = UsageAggregator.attributedPlan(handle, from, to, null);
    Map<String, long[]> costAndRequests = new HashMap<>();
    List<Rollup> rawRows = new ArrayList<>();
    for (UsageAggregator.Part part : plan) {
      if (part.isRaw()) {
        // The partial hours at the ends: a few thousand raw rows at most, summed whole once.
        List<Rollup> rows = UsageAggregator.query(handle, part, filter, null, Set.of(dimension));
        rawRows.addAll(rows);
        rows.forEach(row -> add(costAndRequests, row.label(), row.costNanos(), row.requests()));
      } else {
        handle
            .createQuery(AttributedRollupQueries.rankSql(part.table(), dimension))
            .bind("from", part.from())
            .bind("to", part.to())
            .map(
                (rs, ctx) -> {
                  add(costAndRequests, rs.getString(1), rs.getLong(2), rs.getLong(3));
                  return null;
                })
            .list();
      }
    }
    List<String> chosen =
        costAndRequests.entrySet().stream()
            .filter(entry -> entry.getValue()[1] > 0)
            .sorted(
                Comparator.<Map.Entry<String, long[]>, Long>comparing(
                        entry -> entry.getValue()[0], Comparator.reverseOrder())
                    .thenComparing(entry -> entry.getValue()[1], Comparator.reverseOrder())
                    .thenComparing(entry -> UsageBreakdown.groupKey(entry.getKey())))
            .limit(limit)
            .map(Map.Entry::getKey)
            .toList();
    Set<String> chosenSet = Set.copyOf(chosen);
    List<Rollup> top =
        new ArrayList<>(rawRows.stream().filter(row -> chosenSet.contains(row.label())).toList());
    if (!chosen.isEmpty()) {
      for (UsageAggregator.Part part : plan) {
        if (!part.isRaw()) {
          top.addAll(
              handle
                  .createQuery(
                      AttributedRollupQueries.sumSql(
                          part.table(), dimension, null, AttributedRollupQueries.Values.LISTED))
                  .bind("from", part.from())
                  .bind("to", part.to())
                  .bindList("values", chosen)
                  .map(UsageAggregator.ROW)
                  .list());
        }
      }
    }
    List<Rollup> merged = UsageAggregator.merge(top);
    Rollup chosenSum = Breakdowns.total(merged);
    boolean leftOut =
        costAndRequests.values().stream().filter(sums -> sums[1] > 0).count() > chosen.size();
    Rollup all =
        leftOut || dimension == Dimension.TAG ? all(handle, plan, dimension, rawRows) : chosenSum;
    Rollup rest = leftOut ? all.minus(chosenSum) : null;
    // Every request is in exactly one value of a dimension other than tag, so their sum is the
    // total; by tag a request is in each of its tags, and the client tool's rows (a handful a day)
    // count it once.
    Rollup total =
        dimension == Dimension.TAG
            ? all(handle, plan, Dimension.CLIENT_TOOL, rawTotal(handle, plan, filter))
            : all;
    return new Result(merged, rest, total);
  }

  /** The sums of all values of {@code dimension}: its rollup rows of the plan's whole slots, and the raw rows. */
  private static Rollup all(
      Handle handle, List<UsageAggregator.Part> plan, Dimension dimension, List<Rollup> raw) {
    List<Rollup> rows = new ArrayList<>(raw);
    for (UsageAggregator.Part part : plan) {
      if (!part.isRaw()) {
        rows.add(
            handle
                .createQuery(AttributedRollupQueries.allSql(part.table(), dimension))
                .bind("from", part.from())
                .bind("to", part.to())
                .map(UsageAggregator.ROW)
                .one());
      }
    }
    return Breakdowns.total(rows);
  }

  /** The raw parts' requests, each once. */
  private static List<Rollup> rawTotal(
      Handle handle, List<UsageAggregator.Part> plan, LogFilter filter) {
    List<Rollup> rows = new ArrayList<>();
    for (UsageAggregator.Part part : plan) {
      if (part.isRaw()) {
        rows.addAll(UsageAggregator.query(handle, part, filter, null, Set.of()));
      }
    }
    return rows;
  }

  private static void add(Map<String, long[]> sums, String value, long cost, long requests) {
    long[] both = sums.computeIfAbsent(value, v -> new long[2]);
    both[0] += cost;
    both[1] += requests;
  }
}
