package loom.analytics;

import static loom.analytics.AnalyticsQueriesFixtures.ADA;
import static loom.analytics.AnalyticsQueriesFixtures.ADMIN;
import static loom.analytics.AnalyticsQueriesFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import loom.config.StorageConfig;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Analytics by the attribution dimensions (team, key, tag, end user, session, client tool), on both stores: every
 * filter keeps exactly its rows, every breakdown sums exactly its groups (a request with two tags under each), the
 * prompt-cache numbers, and who may read what (a team admin their team's rows, nobody another team's).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AttributedAnalyticsTest {
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  private static final Instant DAY_AGO = NOW.minusSeconds(86_400);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private AnalyticsQueries queries;
  private final List<RequestLog> logs = new ArrayList<>();

  @BeforeEach
  void writeSample() {
    StorageConfig config = stores.migrated(dialect);
    Store store = stores.open(config);
    // Ada administers team_a; Bob is only a member somewhere.
    queries =
        new AnalyticsQueries(
            store,
            new TestClock(NOW),
            new RetentionPurger(store, config),
            userId -> userId.equals(ADA.userId()) ? Set.of("team_a") : Set.of());
    // team_a: Ada's Claude Code session s1 (cache reads), Bob's Codex session s2; team_b: Bob's
    // untagged calls.
    log(
        "usr_ada",
        "key_a1",
        "team_a",
        "s1",
        "claude-code",
        List.of("env:prod", "feature:search"),
        "0.010",
        1_000,
        800,
        "0.002");
    log(
        "usr_ada",
        "key_a1",
        "team_a",
        "s1",
        "claude-code",
        List.of("env:prod"),
        "0.020",
        2_000,
        1_500,
        "0.004");
    log("usr_bob", "key_b1", "team_a", "s2", "codex", List.of("env:dev"), "0.040", 1_000, 0, "0");
    log("usr_bob", "key_b2", "team_b", null, "openai-sdk-python", List.of(), "0.080", 500, 0, "0");
    log("usr_bob", "key_b2", "team_b", null, null, List.of(), "0.160", 500, 0, "0");
    LogRowSamples.write(store, logs);
  }

  private void log(
      String user,
      String key,
      String team,
      String session,
      String tool,
      List<String> tags,
      String cost,
      long prompt,
      long cached,
      String promptCacheSaved) {
    int i = logs.size();
    logs.add(
        new RequestLog(
            "log_" + i,
            "req_" + i,
            NOW.minusSeconds(3_600 - i * 60L),
            user,
            key,
            "end_" + (i % 2),
            "POST",
            "/v1/messages",
            "messages",
            "anthropic",
            "claude-haiku-4-5",
            prompt,
            10,
            prompt + 10,
            cached,
            i == 0 ? 1_000 : 0,
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
            new Attribution(team, session, tool, tags),
            new BigDecimal(promptCacheSaved)));
  }

  private static LogFilter lastDay() {
    return new LogFilter(DAY_AGO, NOW, null, null, null, null, null);
  }

  @Test
  void eachAttributionFilterKeepsExactlyItsRows() {
    assertThat(costOf(lastDay().with(Dimension.TEAM, "team_a"))).isEqualByComparingTo("0.070");
    assertThat(costOf(lastDay().with(Dimension.KEY, "key_b2"))).isEqualByComparingTo("0.240");
    assertThat(costOf(lastDay().with(Dimension.TAG, "env:prod"))).isEqualByComparingTo("0.030");
    assertThat(costOf(lastDay().with(Dimension.END_USER, "end_0"))).isEqualByComparingTo("0.210");
    assertThat(costOf(lastDay().with(Dimension.SESSION, "s1"))).isEqualByComparingTo("0.030");
    assertThat(costOf(lastDay().with(Dimension.CLIENT_TOOL, "codex")))
        .isEqualByComparingTo("0.040");
    // Filters combine: team_a's Claude Code calls tagged feature:search.
    assertThat(
            costOf(
                lastDay()
                    .with(Dimension.TEAM, "team_a")
                    .with(Dimension.CLIENT_TOOL, "claude-code")
                    .with(Dimension.TAG, "feature:search")))
        .isEqualByComparingTo("0.010");
    assertThat(queries.logs(ADMIN, lastDay().with(Dimension.TAG, "env:prod"), 10, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_1", "log_0");
    assertThat(queries.logCount(ADMIN, lastDay().with(Dimension.SESSION, "nope"))).isZero();
  }

  @Test
  void aTagsLogsPageFromTheTagsIndexKeepsTimeOrderCursorOtherFiltersAndTheCallersScope() {
    LogFilter prod = lastDay().with(Dimension.TAG, "env:prod");
    AnalyticsQueries.LogPage first = queries.logs(ADMIN, prod, 1, 0, null);
    assertThat(first.logs()).extracting(RequestLog::id).containsExactly("log_1");
    assertThat(first.total()).isEqualTo(2);
    assertThat(queries.logs(ADMIN, prod, 1, 0, first.nextCursor()).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_0");
    assertThat(queries.logRows(ADMIN, prod, AnalyticsQueries.LogOrder.OLDEST_FIRST, 10, 0))
        .extracting(RequestLog::id)
        .containsExactly("log_0", "log_1");
    assertThat(
            queries.logRows(
                ADMIN,
                prod.with(Dimension.CLIENT_TOOL, "codex"),
                AnalyticsQueries.LogOrder.NEWEST_FIRST,
                10,
                0))
        .isEmpty();
    // The range bounds the tag's rows too: a range that ends before log_1 keeps log_0 only.
    LogFilter beforeSecond = prod.withRange(DAY_AGO, NOW.minusSeconds(3_600 - 30));
    assertThat(queries.logs(ADMIN, beforeSecond, 10, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_0");
    // Bob sees only his own rows of a tag (env:dev is his), none of Ada's env:prod.
    assertThat(queries.logs(BOB, prod, 10, 0, null).logs()).isEmpty();
    assertThat(queries.logs(BOB, lastDay().with(Dimension.TAG, "env:dev"), 10, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_2");
  }

  private BigDecimal costOf(LogFilter filter) {
    return queries.stats(ADMIN, filter).totalCostUsd();
  }

  @Test
  void aBreakdownSumsEachGroupCostliestFirstWithTheRestInOther() {
    UsageBreakdown byTeam = queries.breakdown(ADMIN, lastDay(), Dimension.TEAM, 10);
    assertThat(byTeam.groupBy()).isEqualTo("team");
    assertThat(byTeam.groups())
        .extracting(
            UsageBreakdown.Group::key,
            group -> group.costUsd().toPlainString(),
            UsageBreakdown.Group::requests)
        .containsExactly(tuple("team_b", "0.24", 2L), tuple("team_a", "0.07", 3L));
    assertThat(byTeam.other()).isNull();
    assertThat(byTeam.total().costUsd()).isEqualByComparingTo("0.310");

    UsageBreakdown topTool = queries.breakdown(ADMIN, lastDay(), Dimension.CLIENT_TOOL, 2);
    assertThat(topTool.groups())
        .extracting(UsageBreakdown.Group::key)
        .containsExactly("(none)", "openai-sdk-python");
    assertThat(topTool.other().key()).isEqualTo("(other)");
    assertThat(topTool.other().costUsd()).isEqualByComparingTo("0.070");
    assertThat(topTool.other().requests()).isEqualTo(3);

    assertThat(queries.breakdown(ADMIN, lastDay(), Dimension.SESSION, 10).groups())
        .extracting(UsageBreakdown.Group::key)
        .containsExactly("(none)", "s2", "s1");
    assertThat(queries.breakdown(ADMIN, lastDay(), Dimension.KEY, 10).groups())
        .extracting(UsageBreakdown.Group::key)
        .containsExactly("key_b2", "key_b1", "key_a1");
    assertThat(queries.breakdown(ADMIN, lastDay(), Dimension.END_USER, 10).groups())
        .extracting(UsageBreakdown.Group::key)
        .containsExactly("end_0", "end_1");
  }

  @Test
  void byTagARequestCountsUnderEachOfItsTagsAndTheTotalOnce() {
    UsageBreakdown byTag = queries.breakdown(ADMIN, lastDay(), Dimension.TAG, 10);

    assertThat(byTag.groups())
        .extracting(UsageBreakdown.Group::key, group -> group.costUsd().toPlainString())
        .containsExactly(
            tuple("(none)", "0.24"),
            tuple("env:dev", "0.04"),
            tuple("env:prod", "0.03"),
            tuple("feature:search", "0.01"));
    assertThat(byTag.total().requests()).isEqualTo(5);
    assertThat(byTag.total().costUsd()).isEqualByComparingTo("0.310");
    // Within a tag filter, the breakdown by another dimension.
    assertThat(
            queries
                .breakdown(ADMIN, lastDay().with(Dimension.TAG, "env:prod"), Dimension.SESSION, 10)
                .groups())
        .extracting(UsageBreakdown.Group::key, UsageBreakdown.Group::requests)
        .containsExactly(tuple("s1", 2L));
  }

  @Test
  void promptCacheNumbersAreWhatTheReadsSavedTheirShareAndTheWritesNeverReadBack() {
    PromptCacheSummary session =
        queries.breakdown(ADMIN, lastDay(), Dimension.SESSION, 10).groups().stream()
            .filter(group -> group.key().equals("s1"))
            .findFirst()
            .orElseThrow()
            .promptCache();
    assertThat(session.savedUsd()).isEqualByComparingTo("0.006");
    assertThat(session.readTokens()).isEqualTo(2_300);
    assertThat(session.readShare()).isEqualTo(Math.round(2_300 * 10_000.0 / 3_000) / 10_000.0);
    assertThat(session.writeTokens()).isEqualTo(1_000);
    assertThat(session.unreadWriteTokensAtLeast()).isZero();

    PromptCacheSummary overall = queries.stats(ADMIN, lastDay()).promptCache();
    assertThat(overall.savedUsd()).isEqualByComparingTo("0.006");
    assertThat(overall.readTokens()).isEqualTo(2_300);
    // Only the first call wrote; filtered to it alone, none of its 1,000 written tokens were read
    // back in the set.
    assertThat(
            queries
                .stats(ADMIN, lastDay().with(Dimension.TAG, "feature:search"))
                .promptCache()
                .unreadWriteTokensAtLeast())
        .isEqualTo(200);
  }

  @Test
  void timeSeriesGroupByAnAttributionDimension() {
    TimeSeries series =
        queries.timeseries(
            ADMIN, lastDay(), TimeBucket.HOUR, Dimension.CLIENT_TOOL, TimeSeriesMetric.REQUESTS);

    assertThat(series.groupBy()).isEqualTo("client_tool");
    assertThat(series.series())
        .extracting(TimeSeries.Series::key)
        .containsExactly("(none)", "claude-code", "codex", "openai-sdk-python");
  }

  @Test
  void aTeamAdminReadsTheirTeamWithTeamIdAndNothingOfAnotherTeam() {
    // Ada administers team_a: with team_id she sees Bob's calls there too.
    assertThat(queries.stats(ADA, lastDay().with(Dimension.TEAM, "team_a")).totalRequests())
        .isEqualTo(3);
    assertThat(
            queries
                .breakdown(ADA, lastDay().with(Dimension.TEAM, "team_a"), Dimension.USER, 10)
                .groups())
        .extracting(UsageBreakdown.Group::key)
        .containsExactlyInAnyOrder("usr_ada", "usr_bob");
    assertThat(queries.log(ADA, "log_2").userId()).isEqualTo("usr_bob");
    // Another team's id only narrows her to her own rows, of which team_b has none.
    assertThat(queries.stats(ADA, lastDay().with(Dimension.TEAM, "team_b")).totalRequests())
        .isZero();
    assertThatThrownBy(() -> queries.log(ADA, "log_3")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> queries.stats(ADA, lastDay().withUser("usr_bob")))
        .isInstanceOf(AccessDeniedException.class);
    // Bob administers no team: team_id does not widen what he sees.
    assertThat(queries.stats(BOB, lastDay().with(Dimension.TEAM, "team_a")).totalRequests())
        .isEqualTo(1);
    assertThatThrownBy(() -> queries.log(BOB, "log_0")).isInstanceOf(NotFoundException.class);
    // Without a team filter, a team admin sees their own rows only.
    assertThat(queries.breakdown(ADA, lastDay(), Dimension.TEAM, 10).total().requests())
        .isEqualTo(2);
  }

  @Test
  void aBreakdownLimitOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> queries.breakdown(ADMIN, lastDay(), Dimension.TEAM, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () ->
                queries.breakdown(
                    ADMIN, lastDay(), Dimension.TEAM, AnalyticsQueries.MAX_GROUPS + 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1 to 1000");
  }
}
