package loom.analytics;

import static loom.analytics.AnalyticsQueriesFixtures.ADA;
import static loom.analytics.AnalyticsQueriesFixtures.ADMIN;
import static loom.analytics.AnalyticsQueriesFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import loom.auth.Caller;
import loom.config.StorageConfig;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trends and the month's projection on both stores, checked against sums of the written logs: each value's numbers
 * in each period (edges included: a request 1 ms before a period's end, one on its start), values new and gone, the
 * daily spend the projection reads, the budget it is drawn against, and who may see what.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class TrendQueriesTest {
  /** Mid-day of March 11: the default week is March 4–10, the month March 1 to now against February 1–11 noon. */
  private static final Instant NOW = Instant.parse("2026-03-11T12:00:00Z");

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final List<RequestLog> logs = new ArrayList<>();
  private final List<LogFilter> budgetLookups = new ArrayList<>();
  private TrendQueries trends;

  @BeforeEach
  void writeSample() {
    StorageConfig config = stores.migrated(dialect);
    Store store = stores.open(config);
    AnalyticsQueries queries =
        new AnalyticsQueries(
            store,
            new TestClock(NOW),
            new RetentionPurger(store, config),
            userId -> userId.equals(ADA.userId()) ? Set.of("team_a") : Set.of());
    // A fake of the alerts' budgets: everyone's has 50 a month, team_a's 10; it records what it was
    // asked.
    MonthlyBudget.Lookup budgets =
        (caller, whose) -> {
          budgetLookups.add(whose);
          if (whose.equals(LogFilter.ALL)) {
            return Optional.of(new MonthlyBudget("global", null, new BigDecimal("50")));
          }
          return "team_a".equals(whose.valueOf(Dimension.TEAM)) && whose.userId() == null
              ? Optional.of(new MonthlyBudget("team", "team_a", BigDecimal.TEN))
              : Optional.empty();
        };
    trends = new TrendQueries(queries, store, new TestClock(NOW), budgets);
    // The current week [Mar 4, Mar 11): Ada's gpt-4o and mini on team_a by Claude Code, Bob's
    // gpt-4o by Codex.
    log("2026-03-05T10:00:00Z", "usr_ada", "team_a", "claude-code", "gpt-4o", "2.00", 1_000);
    log("2026-03-06T23:59:59.999Z", "usr_bob", "team_b", "codex", "gpt-4o", "1.00", 500);
    log("2026-03-04T00:00:00Z", "usr_ada", "team_a", "claude-code", "mini", "0.50", 100);
    log("2026-03-10T23:59:59.999Z", "usr_ada", "team_a", "claude-code", "mini", "0.25", 50);
    // The week before [Feb 25, Mar 4): gpt-4o, and old-model, gone since.
    log("2026-02-25T00:00:00Z", "usr_ada", "team_a", "claude-code", "gpt-4o", "1.00", 400);
    log("2026-03-03T23:59:59.999Z", "usr_bob", "team_b", "codex", "old-model", "3.00", 300);
    log("2026-03-01T00:00:00Z", "usr_bob", null, null, "gpt-4o", "0.10", 10);
    // Today, in no default week; the month before, one inside its match and one just after it (noon
    // of the 11th).
    log("2026-03-11T08:00:00Z", "usr_ada", "team_a", "claude-code", "mini", "0.25", 50);
    log("2026-02-05T09:00:00Z", "usr_ada", "team_a", "claude-code", "gpt-4o", "4.00", 800);
    log("2026-02-11T11:59:59.999Z", "usr_bob", "team_b", "codex", "old-model", "0.40", 40);
    log("2026-02-11T12:00:00Z", "usr_bob", "team_b", "codex", "old-model", "8.00", 800);
    LogRowSamples.write(store, logs);
    // Whole hours and days of the attribution from their rollups, the rest from the raw rows, as in
    // production.
    AttributedRollupJob job = new AttributedRollupJob(store);
    while (job.run(NOW.minusSeconds(6 * 3_600)) > 0) {
      // Each run rolls up a bounded number of slices.
    }
  }

  private void log(
      String at, String user, String team, String tool, String model, String cost, long tokens) {
    int i = logs.size();
    logs.add(
        new RequestLog(
            "log_" + i,
            "req_" + i,
            Instant.parse(at),
            user,
            "key_" + user,
            null,
            "POST",
            "/v1/chat/completions",
            "chat.completions",
            "openai",
            model,
            tokens - 10,
            10,
            tokens,
            0,
            0,
            0,
            0,
            100,
            50L,
            200,
            new BigDecimal(cost),
            BigDecimal.ZERO,
            "v1",
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null,
            null,
            new Attribution(team, null, tool, List.of()),
            BigDecimal.ZERO));
  }

  /** Each value's sums among the logs of [from, to), summed here from what was written. */
  private Map<String, UsageTrends.Sums> expected(
      Instant from, Instant to, Function<RequestLog, String> value, String user) {
    Map<String, UsageTrends.Sums> sums = new HashMap<>();
    for (RequestLog log : logs) {
      if (!log.timestamp().isBefore(from)
          && log.timestamp().isBefore(to)
          && (user == null || user.equals(log.userId()))) {
        String key = value.apply(log);
        sums.merge(
            key == null ? "(none)" : key,
            new UsageTrends.Sums(Money.toNanos(log.costUsd()), 1, log.totalTokens()),
            UsageTrends.Sums::plus);
      }
    }
    return sums;
  }

  private static Map<String, UsageTrends.Sums> current(UsageTrends trends) {
    return trends.groups().stream()
        .filter(change -> change.requests() > 0)
        .collect(
            Collectors.toMap(
                UsageTrends.Change::key,
                change ->
                    new UsageTrends.Sums(
                        Money.toNanos(change.costUsd()), change.requests(), change.tokens())));
  }

  private static Map<String, UsageTrends.Sums> previous(UsageTrends trends) {
    return trends.groups().stream()
        .filter(change -> change.previousRequests() > 0)
        .collect(
            Collectors.toMap(
                UsageTrends.Change::key,
                change ->
                    new UsageTrends.Sums(
                        Money.toNanos(change.previousCostUsd()),
                        change.previousRequests(),
                        change.previousTokens())));
  }

  @Test
  void eachDimensionsValuesAreSummedInBothPeriodsOfAWeekAndOfAMonth() {
    Map<Dimension, Function<RequestLog, String>> values =
        Map.of(
            Dimension.MODEL,
            RequestLog::modelName,
            Dimension.USER,
            RequestLog::userId,
            Dimension.TEAM,
            log -> log.attribution().teamId(),
            Dimension.CLIENT_TOOL,
            log -> log.attribution().clientTool(),
            Dimension.PROVIDER,
            RequestLog::providerId);
    for (TrendPeriod period : TrendPeriod.values()) {
      TrendPeriod.Windows windows = period.windows(null, NOW);
      values.forEach(
          (dimension, value) -> {
            UsageTrends trend = trends.trends(ADMIN, LogFilter.ALL, dimension, period, 100, 5);
            String what = period.id() + " by " + dimension.id();
            assertThat(current(trend))
                .as(what)
                .isEqualTo(expected(windows.currentStart(), windows.currentEnd(), value, null));
            assertThat(previous(trend))
                .as(what)
                .isEqualTo(expected(windows.previousStart(), windows.previousEnd(), value, null));
            assertThat(trend.current().start()).isEqualTo(windows.currentStart());
            assertThat(trend.previous().end()).isEqualTo(windows.previousEnd());
          });
    }
  }

  @Test
  void aWeeksTrendNamesTheNewTheGoneAndTheMovers() {
    UsageTrends week =
        trends.trends(ADMIN, LogFilter.ALL, Dimension.MODEL, TrendPeriod.WEEK, 100, 5);

    // gpt-4o: 3.00 against 1.10; mini new (0.75); old-model gone (3.00).
    assertThat(week.groups())
        .extracting(UsageTrends.Change::key, UsageTrends.Change::status)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("gpt-4o", "up"),
            org.assertj.core.api.Assertions.tuple("mini", "new"),
            org.assertj.core.api.Assertions.tuple("old-model", "gone"));
    UsageTrends.Change gpt4o = week.groups().get(0);
    assertThat(gpt4o.costChangeUsd()).isEqualByComparingTo("1.90");
    assertThat(gpt4o.costChangePct()).isEqualByComparingTo("172.73");
    assertThat(week.groups().get(1).costChangePct()).isNull();
    assertThat(week.movers().up())
        .extracting(UsageTrends.Change::key)
        .containsExactly("gpt-4o", "mini");
    assertThat(week.movers().down())
        .extracting(UsageTrends.Change::key)
        .containsExactly("old-model");
    assertThat(week.total().costUsd()).isEqualByComparingTo("3.75");
    assertThat(week.total().previousCostUsd()).isEqualByComparingTo("4.10");
    // An end of one's own: the week to now noon takes today's request in and moves March 4's to the
    // week before, whose noon of February 25 leaves that day's out.
    UsageTrends toNow =
        trends.trends(
            ADMIN, LogFilter.ALL.withRange(null, NOW), Dimension.MODEL, TrendPeriod.WEEK, 1, 1);
    assertThat(toNow.total().costUsd()).isEqualByComparingTo("3.50");
    assertThat(toNow.total().previousCostUsd()).isEqualByComparingTo("3.60");
    assertThat(toNow.groups()).hasSize(1);
    assertThat(toNow.other().key()).isEqualTo("(other)");
  }

  @Test
  void aUserSeesTheTrendsOfTheirOwnRequestsAndATeamAdminThoseOfTheirTeam() {
    UsageTrends bobs =
        trends.trends(BOB, LogFilter.ALL, Dimension.MODEL, TrendPeriod.MONTH, 100, 5);
    TrendPeriod.Windows month = TrendPeriod.MONTH.windows(null, NOW);
    assertThat(current(bobs))
        .isEqualTo(
            expected(month.currentStart(), month.currentEnd(), RequestLog::modelName, "usr_bob"));
    assertThat(previous(bobs))
        .isEqualTo(
            expected(month.previousStart(), month.previousEnd(), RequestLog::modelName, "usr_bob"));

    UsageTrends team =
        trends.trends(
            ADA,
            LogFilter.ALL.with(Dimension.TEAM, "team_a"),
            Dimension.USER,
            TrendPeriod.WEEK,
            100,
            5);
    assertThat(team.groups()).extracting(UsageTrends.Change::key).containsExactly("usr_ada");
    assertThat(team.total().costUsd()).isEqualByComparingTo("2.75");
    assertThat(
            trends
                .trends(
                    BOB,
                    LogFilter.ALL.with(Dimension.TEAM, "team_a"),
                    Dimension.USER,
                    TrendPeriod.WEEK,
                    100,
                    5)
                .groups())
        .isEmpty();
    assertThatThrownBy(
            () ->
                trends.trends(
                    BOB,
                    LogFilter.ALL.withUser("usr_ada"),
                    Dimension.MODEL,
                    TrendPeriod.WEEK,
                    10,
                    5))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void limitsOutOfRangeAreRefusedNamingTheParameter() {
    assertThatThrownBy(
            () -> trends.trends(ADMIN, LogFilter.ALL, Dimension.MODEL, TrendPeriod.WEEK, 0, 5))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors()).extracting(error -> error.param()).containsExactly("limit"));
    assertThatThrownBy(
            () -> trends.trends(ADMIN, LogFilter.ALL, Dimension.MODEL, TrendPeriod.WEEK, 10, 101))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors())
                    .extracting(error -> error.param())
                    .containsExactly("movers"));
  }

  @Test
  void theProjectionReadsEachDaysSpendAndDrawsTheGatewaysBudgetForAnAdmin() {
    MonthProjection projection = trends.projection(ADMIN, LogFilter.ALL);

    assertThat(projection.month()).isEqualTo("2026-03");
    assertThat(projection.asOf()).isEqualTo(NOW);
    Map<LocalDate, BigDecimal> byDay = new HashMap<>();
    for (RequestLog log : logs) {
      if (log.timestamp().isBefore(NOW)) {
        byDay.merge(
            LocalDate.ofInstant(log.timestamp(), ZoneOffset.UTC), log.costUsd(), BigDecimal::add);
      }
    }
    for (MonthProjection.Day day : projection.days()) {
      if (day.actualUsd() != null) {
        assertThat(day.actualUsd())
            .as(day.date().toString())
            .isEqualByComparingTo(byDay.getOrDefault(day.date(), BigDecimal.ZERO));
      }
    }
    // March 1–11 so far: 0.10 + 0.50 + 2.00 + 1.00 + 0.25 + 0.25 (today) + 3.00 (the 3rd).
    assertThat(projection.monthToDateUsd()).isEqualByComparingTo("7.10");
    // History from Feb 11 (its first day with spend in the 28 before today) to March 10.
    assertThat(projection.basisDays()).isEqualTo(28);
    assertThat(projection.budget().scope()).isEqualTo("global");
    assertThat(projection.budget().monthlyUsd()).isEqualByComparingTo("50");
    assertThat(budgetLookups).containsExactly(LogFilter.ALL);
  }

  @Test
  void theProjectionOfATeamAdminIsTheirTeamsWithItsBudgetAndAUsersTheirOwn() {
    MonthProjection team = trends.projection(ADA, LogFilter.ALL.with(Dimension.TEAM, "team_a"));
    MonthProjection own = trends.projection(BOB, LogFilter.ALL);
    MonthProjection earlier =
        trends.projection(
            ADA,
            LogFilter.ALL
                .with(Dimension.TEAM, "team_a")
                .withRange(null, Instant.parse("2026-02-11T00:00:00Z")));

    assertThat(team.monthToDateUsd()).isEqualByComparingTo("3.00");
    assertThat(team.budget().monthlyUsd()).isEqualByComparingTo("10");
    assertThat(own.monthToDateUsd()).isEqualByComparingTo("4.10");
    assertThat(own.budget()).isNull();
    assertThat(budgetLookups)
        .containsExactly(
            LogFilter.ALL.with(Dimension.TEAM, "team_a"),
            LogFilter.ALL.withUser("usr_bob"),
            LogFilter.ALL.with(Dimension.TEAM, "team_a"));
    // As of an end of one's own: February to its 11th.
    assertThat(earlier.month()).isEqualTo("2026-02");
    assertThat(earlier.monthToDateUsd()).isEqualByComparingTo("4.00");
    assertThat(earlier.days()).hasSize(28);
  }

  @Test
  void aProjectionAsOfLaterThanNowIsAsOfNow() {
    Caller admin = ADMIN;

    MonthProjection projection =
        trends.projection(
            admin, LogFilter.ALL.withRange(null, Instant.parse("2026-05-01T00:00:00Z")));

    assertThat(projection.asOf()).isEqualTo(NOW);
  }
}
