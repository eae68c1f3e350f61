package loom.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /analytics/trends}: the cost, requests and tokens of each value of a dimension in the current period
 * against the previous one ({@link TrendPeriod}), with the absolute and the percent change, and the values whose cost
 * rose or fell most. A value of only one of the periods is there too: a new one with nothing before (its percent
 * change is null, there being nothing to compare with), a gone one with nothing now (-100 %).
 *
 * @param groupBy the dimension's API name
 * @param period {@code week} or {@code month}
 * @param groups the values, costliest now first (then costliest before, then by name), at most the limit asked for
 * @param other the values past the limit summed; null when none is left out
 * @param total every request of each period once (by tag, a request with two tags counts once here, under each
 *     tag in the groups)
 * @param movers the largest rises and falls of cost among all values, listed or not
 */
public record UsageTrends(
    String groupBy,
    String period,
    UsageStats.TimeRange current,
    UsageStats.TimeRange previous,
    List<Change> groups,
    Change other,
    Change total,
    Movers movers) {
  /** The key of the values past the limit, as in a breakdown. */
  static final String OTHER = UsageBreakdown.OTHER;

  public UsageTrends {
    groups = List.copyOf(groups);
  }

  /** What a value, or a sum of values, did in each period. */
  record Sums(long costNanos, long requests, long tokens) {
    static final Sums ZERO = new Sums(0, 0, 0);

    static Sums of(Rollup row) {
      return new Sums(row.costNanos(), row.requests(), row.totalTokens());
    }

    Sums plus(Sums other) {
      return new Sums(
          costNanos + other.costNanos, requests + other.requests, tokens + other.tokens);
    }
  }

  /** Whether a value is new, gone, or costs more, less or the same as before ({@link Change#status}). */
  public enum Status {
    NEW,
    GONE,
    UP,
    DOWN,
    FLAT;

    /** The name used in the API: {@code new}, {@code gone}, {@code up}, {@code down}, {@code flat}. */
    @Override
    public String toString() {
      return ApiNames.of(this);
    }
  }

  /**
   * One value's (or a sum's) numbers in both periods. A percent change is in percent (12.5 = +12.5 %), rounded to
   * 2 decimals, and null when the previous period had none.
   *
   * @param status {@code new} (requests now, none before), {@code gone} (none now), else {@code up}, {@code down} or
   *     {@code flat} by the cost
   */
  public record Change(
      String key,
      String status,
      BigDecimal costUsd,
      BigDecimal previousCostUsd,
      BigDecimal costChangeUsd,
      BigDecimal costChangePct,
      long requests,
      long previousRequests,
      long requestsChange,
      BigDecimal requestsChangePct,
      long tokens,
      long previousTokens,
      long tokensChange,
      BigDecimal tokensChangePct) {
    static Change of(String key, Sums now, Sums before) {
      long costChange = now.costNanos() - before.costNanos();
      return new Change(
          key,
          status(now, before).toString(),
          Money.plain(now.costNanos()),
          Money.plain(before.costNanos()),
          Money.plain(costChange),
          percent(costChange, before.costNanos()),
          now.requests(),
          before.requests(),
          now.requests() - before.requests(),
          percent(now.requests() - before.requests(), before.requests()),
          now.tokens(),
          before.tokens(),
          now.tokens() - before.tokens(),
          percent(now.tokens() - before.tokens(), before.tokens()));
    }

    private static Status status(Sums now, Sums before) {
      if (before.requests() == 0 && now.requests() > 0) {
        return Status.NEW;
      }
      if (now.requests() == 0 && before.requests() > 0) {
        return Status.GONE;
      }
      long change = now.costNanos() - before.costNanos();
      return change > 0 ? Status.UP : change < 0 ? Status.DOWN : Status.FLAT;
    }
  }

  /** The values whose cost rose most (largest rise first) and fell most (largest fall first). */
  public record Movers(List<Change> up, List<Change> down) {
    public Movers {
      up = List.copyOf(up);
      down = List.copyOf(down);
    }
  }

  /** {@code change} in percent of {@code before}, to 2 decimals; null when {@code before} is 0. */
  static BigDecimal percent(long change, long before) {
    if (before == 0) {
      return null;
    }
    BigDecimal pct =
        BigDecimal.valueOf(change)
            .multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(before), 2, RoundingMode.HALF_EVEN);
    return Money.plain(pct);
  }

  /**
   * The trends of each value from its sums in both periods.
   *
   * @param now each value's sums in the current period ({@link Breakdowns#NONE} for requests without one)
   * @param before the same in the previous period
   * @param totals each period's sums of every request once: current, then previous
   * @param limit the most values listed in {@code groups}
   * @param movers the most values listed in each of the movers' lists
   */
  static UsageTrends of(
      Dimension dimension,
      TrendPeriod period,
      TrendPeriod.Windows windows,
      Map<String, Sums> now,
      Map<String, Sums> before,
      List<Sums> totals,
      int limit,
      int movers) {
    Set<String> keys = new HashSet<>(now.keySet());
    keys.addAll(before.keySet());
    List<Change> changes = new ArrayList<>();
    Map<String, Sums[]> sums = new HashMap<>();
    for (String key : keys) {
      Sums current = now.getOrDefault(key, Sums.ZERO);
      Sums previous = before.getOrDefault(key, Sums.ZERO);
      sums.put(key, new Sums[] {current, previous});
      changes.add(Change.of(key, current, previous));
    }
    changes.sort(
        Comparator.comparing((Change change) -> change.costUsd(), Comparator.reverseOrder())
            .thenComparing(Change::previousCostUsd, Comparator.reverseOrder())
            .thenComparing(Change::key));
    List<Change> listed = changes.subList(0, Math.min(limit, changes.size()));
    Change other = null;
    if (changes.size() > limit) {
      Sums restNow = Sums.ZERO;
      Sums restBefore = Sums.ZERO;
      for (Change left : changes.subList(limit, changes.size())) {
        restNow = restNow.plus(sums.get(left.key())[0]);
        restBefore = restBefore.plus(sums.get(left.key())[1]);
      }
      other = Change.of(OTHER, restNow, restBefore);
    }
    return new UsageTrends(
        dimension.id(),
        period.id(),
        new UsageStats.TimeRange(windows.currentStart(), windows.currentEnd()),
        new UsageStats.TimeRange(windows.previousStart(), windows.previousEnd()),
        listed,
        other,
        Change.of("total", totals.get(0), totals.get(1)),
        movers(changes, movers));
  }

  private static Movers movers(List<Change> changes, int count) {
    Comparator<Change> byKey = Comparator.comparing(Change::key);
    List<Change> up =
        changes.stream()
            .filter(change -> change.costChangeUsd().signum() > 0)
            .sorted(
                Comparator.comparing(Change::costChangeUsd, Comparator.reverseOrder())
                    .thenComparing(byKey))
            .limit(count)
            .toList();
    List<Change> down =
        changes.stream()
            .filter(change -> change.costChangeUsd().signum() < 0)
            .sorted(Comparator.comparing(Change::costChangeUsd).thenComparing(byKey))
            .limit(count)
            .toList();
    return new Movers(up, down);
  }
}
