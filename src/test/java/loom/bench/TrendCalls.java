package loom.bench;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.MonthlyBudget;
import loom.analytics.RetentionPurger;
import loom.analytics.TrendPeriod;
import loom.analytics.TrendQueries;
import loom.auth.Caller;
import loom.auth.Role;
import loom.store.Store;

/**
 * The trend and projection calls of {@link AnalyticsQueryBench}: each dimension's trends over a week and over a month
 * (to the bench's clock, the newest stored request) for an admin, a team admin's trends of their team, and the month's
 * projection of both. The budgets are a fixed lookup (the alerts' settings are a cached read of one row).
 */
final class TrendCalls {
  private static final Caller ADMIN = new Caller("usr_bench", "bench", Role.ADMIN, null);
  private static final Caller TEAM_ADMIN =
      new Caller("usr_bench_team", "team bench", Role.USER, null);

  /** The dashboard's table: the 20 costliest values, and five movers each way. */
  private static final int GROUPS = 20;

  private static final int MOVERS = 5;

  private TrendCalls() {}

  static Map<String, Supplier<Object>> of(
      Store store, Clock clock, RetentionPurger purger, String team) {
    MonthlyBudget.Lookup budgets =
        (caller, whose) -> Optional.of(new MonthlyBudget("global", null, new BigDecimal("10000")));
    TrendQueries admin =
        new TrendQueries(new AnalyticsQueries(store, clock, purger), store, clock, budgets);
    TrendQueries teamAdmin =
        new TrendQueries(
            new AnalyticsQueries(
                store,
                clock,
                purger,
                userId -> userId.equals(TEAM_ADMIN.userId()) ? Set.of(team) : Set.of()),
            store,
            clock,
            budgets);
    LogFilter ofTeam = LogFilter.ALL.with(Dimension.TEAM, team);
    Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
    for (TrendPeriod period : TrendPeriod.values()) {
      for (Dimension dimension : Dimension.values()) {
        calls.put(
            "trends, " + period.id() + ", by " + dimension.id(),
            () -> admin.trends(ADMIN, LogFilter.ALL, dimension, period, GROUPS, MOVERS));
      }
      for (Dimension dimension :
          new Dimension[] {Dimension.USER, Dimension.MODEL, Dimension.KEY, Dimension.CLIENT_TOOL}) {
        calls.put(
            "trends, " + period.id() + ", team admin, by " + dimension.id(),
            () -> teamAdmin.trends(TEAM_ADMIN, ofTeam, dimension, period, GROUPS, MOVERS));
      }
    }
    calls.put("projection (everyone's, admin)", () -> admin.projection(ADMIN, LogFilter.ALL));
    calls.put("projection (a team's, team admin)", () -> teamAdmin.projection(TEAM_ADMIN, ofTeam));
    return calls;
  }
}
