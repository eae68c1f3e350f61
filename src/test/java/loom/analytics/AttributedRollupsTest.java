package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import loom.config.PriceConfig;
import loom.config.StorageConfig;
import loom.proxy.Attribution;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The attributed rollups on both stores: a sum by each attribution dimension, over ranges with partial days, is
 * exactly the sum of the raw rows (whole days and hours from the rollups, the rest from the rows), before and after
 * {@link AttributedRollupJob} rolls an hour up; repricing, retention, erasure and late requests keep them in step;
 * the migrations' backfill fills them as the job would have.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AttributedRollupsTest {
  private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<List<String>> TAGS =
      List.of(
          List.of(),
          List.of("env:prod"),
          List.of("env:prod", "feature:search"),
          List.of("feature:search", "project:x", "env:dev"));

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private StorageConfig config;
  private Store store;
  private List<RequestLog> logs;

  @BeforeEach
  void storeWithLogs() {
    logs = sample();
    // Written and rolled up once per run (two hundred slices), then copied for each test.
    config =
        stores.prepared(
            dialect,
            "attributed-rollups",
            prepared -> {
              LogRowSamples.write(prepared, sample());
              new AttributedRollupJob(prepared).run(at(7, 0));
            });
    store = stores.open(config);
  }

  /** The job's slices before {@code until} that hold a logged request. */
  private int slicesWithLogs(Instant until) {
    return (int)
        logs.stream()
            .filter(log -> log.timestamp().isBefore(until))
            .map(log -> log.timestamp().toEpochMilli() / AttributedRollupJob.SLICE_MILLIS)
            .distinct()
            .count();
  }

  private int rollUpUntil(Instant now) {
    return new AttributedRollupJob(store).run(now);
  }

  /** 200 logs over four days, every 29 minutes, with every attribution part sometimes missing. */
  static List<RequestLog> sample() {
    return IntStream.range(0, 200)
        .mapToObj(
            i -> {
              RequestLog base =
                  LogRowSamples.log(
                      i,
                      DAY0.plus(Duration.ofMinutes(29L * i + 7)),
                      LogRowSamples.USERS.get(i % 3));
              Attribution attribution =
                  new Attribution(
                      i % 6 == 5 ? null : "team_" + i % 4,
                      i % 3 == 0 ? null : "s_" + i / 9,
                      i % 7 == 6
                          ? null
                          : new String[] {"claude-code", "codex", "openai-sdk-python"}[i % 3],
                      TAGS.get(i % 4));
              return LogRowSamples.attributed(
                  base,
                  "key_" + i % 5,
                  base.endUser(),
                  attribution,
                  BigDecimal.valueOf(i * 1_000L, 9));
            })
        .toList();
  }

  @Test
  void everyDimensionSumsExactlyTheRawRowsOverRangesWithPartialDays() {
    Map<String, Instant[]> ranges = new LinkedHashMap<>();
    ranges.put(
        "mid-day to mid-day three days later",
        new Instant[] {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)});
    ranges.put("midnight to midnight", new Instant[] {at(1, 0), at(3, 0)});
    ranges.put(
        "1 ms either side of two midnights",
        new Instant[] {at(1, 0).minusMillis(1), at(3, 0).plusMillis(1)});
    ranges.put("inside one day", new Instant[] {at(2, 100), at(2, 700)});
    ranges.put("everything", new Instant[] {at(-1, 0), at(6, 0)});
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      ranges.forEach(
          (description, range) -> {
            for (TimeBucket bucket : Arrays.asList(null, TimeBucket.DAY, TimeBucket.HOUR)) {
              assertThat(aggregate(LogFilter.ALL, range, bucket, dimension))
                  .as("%s by %s, bucket %s", description, dimension, bucket)
                  .isEqualTo(expected(logs, dimension, range, bucket, null));
            }
            if (dimension != Dimension.TAG) {
              String value = firstValue(dimension);
              assertThat(aggregate(LogFilter.ALL.with(dimension, value), range, null, dimension))
                  .as("%s by %s, only %s", description, dimension, value)
                  .isEqualTo(expected(logs, dimension, range, null, value));
            }
          });
    }
  }

  @Test
  void sumsAreExactBeforeTheJobRollsAnHourUpAndAfterAndOnlyClosedHoursAreRolledUp() {
    Store fresh = stores.open(dialect);
    LogRowSamples.write(fresh, logs);
    Instant[] range = {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)};
    assertThat(storedRollup(fresh)).isEmpty();
    assertThat(aggregate(fresh, range, Dimension.TAG))
        .isEqualTo(expected(logs, Dimension.TAG, range, null, null));
    // At 02:12 on day 2 the five minutes before 02:10 are closed; the job skips the empty ones.
    AttributedRollupJob job = new AttributedRollupJob(fresh);
    int slices = job.run(at(2, 132));
    assertThat(slices).isEqualTo(slicesWithLogs(at(2, 130)));
    assertThat(fresh.read(AttributedRollups::rolledUpBefore)).isEqualTo(at(2, 130).toEpochMilli());
    assertThat(job.run(at(2, 134))).isZero();
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      assertThat(aggregate(fresh, range, dimension))
          .as("%s", dimension)
          .isEqualTo(expected(logs, dimension, range, null, null));
    }
    job.run(at(7, 0));
    assertThat(storedRollup(fresh)).isEqualTo(storedRollup());
  }

  @Test
  void aRequestOfAnHourAlreadyRolledUpIsAddedToTheRollupsAtOnce() {
    RequestLog late =
        LogRowSamples.attributed(
            LogRowSamples.log(999, at(1, 61), "usr_late"),
            "key_late",
            null,
            new Attribution("team_late", "s_late", "codex", List.of("env:prod")),
            new BigDecimal("0.5"));
    LogRowSamples.write(store, List.of(late));
    assertStoredRollupEqualsStoredRows();
  }

  @Test
  void twoJobsAtOnceRollEachHourUpOnce() throws Exception {
    Store fresh = stores.open(dialect);
    LogRowSamples.write(fresh, logs);
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = threads.submit(() -> new AttributedRollupJob(fresh).run(at(7, 0)));
      var second = threads.submit(() -> new AttributedRollupJob(fresh).run(at(7, 0)));
      assertThat(
              first.get(60, java.util.concurrent.TimeUnit.SECONDS)
                  + second.get(60, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(slicesWithLogs(at(7, 0)));
    } finally {
      threads.shutdownNow();
    }
    assertThat(storedRollup(fresh)).isEqualTo(storedRollup());
  }

  @Test
  void repricingAndErasureOfHoursNotRolledUpYetLeaveThemToTheJob() {
    Store fresh = stores.open(dialect);
    LogRowSamples.write(fresh, logs);
    new AttributedRollupJob(fresh).run(at(2, 0));
    PriceTable corrected =
        PriceTable.load(
            List.of(
                new PriceConfig(
                    "openai", "gpt-4o-mini", new BigDecimal("1"), new BigDecimal("2"), null),
                new PriceConfig(
                    "openai", "gpt-4o", new BigDecimal("3"), new BigDecimal("4"), null)),
            List.of());
    assertThat(new Repricer(fresh, corrected).reprice(at(1, 0), at(3, 300)).updated()).isPositive();
    new LogRowStore(fresh).eraseUser("usr_bob");
    new AttributedRollupJob(fresh).run(at(7, 0));
    assertStoredRollupEqualsStoredRows(fresh);
  }

  @Test
  void aRankedBreakdownIsTheBreakdownOfEveryGroupsSumsWhateverTheLimit() {
    List<Instant[]> ranges =
        List.of(
            new Instant[] {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)},
            new Instant[] {at(1, 0), at(3, 0)},
            new Instant[] {at(2, 100), at(2, 700)},
            new Instant[] {at(7, 0), at(8, 0)});
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      for (Instant[] range : ranges) {
        List<Rollup> groups = expected(logs, dimension, range, null, null);
        Rollup total = Breakdowns.total(expected(logs, Dimension.CLIENT_TOOL, range, null, null));
        for (int limit : new int[] {1, 2, 3, 1_000}) {
          RankedBreakdown.Result ranked =
              store.read(
                  handle ->
                      RankedBreakdown.rank(
                          handle,
                          LogFilter.ALL,
                          range[0].toEpochMilli(),
                          range[1].toEpochMilli(),
                          dimension,
                          limit));
          assertThat(
                  UsageBreakdown.ofChosen(
                      ranked.top(), ranked.rest(), dimension, ranked.total(), null))
              .as("%s over %s, limit %d", dimension, Arrays.toString(range), limit)
              .isEqualTo(UsageBreakdown.of(groups, dimension, limit, total, null));
        }
      }
    }
  }

  @Test
  void aLogCountOfOneAttributionValueIsTheCountOfItsRawRows() {
    Instant[] range = {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)};
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      String value =
          dimension == Dimension.TAG
              ? "env:prod"
              : logs.stream()
                  .filter(log -> log.timestamp().isAfter(range[0]))
                  .map(log -> values(log, dimension).get(0))
                  .filter(candidate -> !candidate.isEmpty())
                  .findFirst()
                  .orElseThrow();
      long expected =
          logs.stream()
              .filter(
                  log ->
                      !log.timestamp().isBefore(range[0])
                          && log.timestamp().isBefore(range[1])
                          && values(log, dimension).contains(value))
              .count();
      long counted =
          store.read(
              handle ->
                  UsageAggregator.count(
                      handle,
                      LogFilter.ALL.with(dimension, value),
                      range[0].toEpochMilli(),
                      range[1].toEpochMilli()));
      assertThat(counted).as("%s=%s", dimension, value).isEqualTo(expected).isPositive();
    }
  }

  @Test
  void wholeDaysAndHoursComeFromTheRollupsAndOnlyPartialHoursFromRawRows() {
    store.write(
        handle ->
            handle
                .createUpdate("DELETE FROM request_logs WHERE ts >= :from AND ts < :to")
                .bind("from", at(1, 0).toEpochMilli())
                .bind("to", at(2, 0).toEpochMilli())
                .execute());
    Instant[] wholeDay = {at(1, 0), at(2, 0)};
    assertThat(aggregate(LogFilter.ALL, wholeDay, null, Dimension.TEAM))
        .isEqualTo(expected(logs, Dimension.TEAM, wholeDay, null, null))
        .isNotEmpty();
    Instant[] wholeHours = {at(1, 60), at(2, 0)};
    assertThat(aggregate(LogFilter.ALL, wholeHours, TimeBucket.HOUR, Dimension.TEAM))
        .isEqualTo(expected(logs, Dimension.TEAM, wholeHours, TimeBucket.HOUR, null))
        .isNotEmpty();
    // From 01:30 the half hour to 02:00 is read from the raw rows, which are gone.
    Instant[] partialHour = {at(1, 90), at(2, 0)};
    assertThat(aggregate(LogFilter.ALL, partialHour, null, Dimension.TEAM))
        .isEqualTo(
            expected(logs, Dimension.TEAM, new Instant[] {at(1, 120), at(2, 0)}, null, null));
  }

  @Test
  void repricingMovesTheAttributedCostsLikeTheRows() {
    PriceTable corrected =
        PriceTable.load(
            List.of(
                new PriceConfig(
                    "openai", "gpt-4o-mini", new BigDecimal("1"), new BigDecimal("2"), null),
                new PriceConfig(
                    "openai", "gpt-4o", new BigDecimal("3"), new BigDecimal("4"), null)),
            List.of());
    Repricer.Result result = new Repricer(store, corrected).reprice(at(1, 0), at(2, 300));
    assertThat(result.updated()).isPositive();
    assertStoredRollupEqualsStoredRows();
  }

  @Test
  void erasureTakesTheUsersRequestsOutAndLeavesNoEmptyRows() {
    new LogRowStore(store).eraseUser("usr_bob");
    assertThat(new LogRowStore(store).recentLogs(1_000))
        .extracting(RequestLog::userId)
        .doesNotContain("usr_bob");
    assertStoredRollupEqualsStoredRows();
    for (RollupTable table : AttributedRollups.TABLES) {
      long empty =
          store.read(
              handle ->
                  handle
                      .createQuery(
                          "SELECT COUNT(*) FROM " + table.attributedTable() + " WHERE requests = 0")
                      .mapTo(Long.class)
                      .one());
      assertThat(empty).as("%s", table).isZero();
    }
  }

  @Test
  void retentionDeletesTheAttributedDaysPastRollupRetention() {
    new RetentionPurger(store, config).purge(at(2, 60).plus(config.rollupRetention()));
    long oldestDay =
        store.read(
            handle ->
                handle
                    .createQuery(
                        "SELECT MIN(day_start) FROM " + RollupTable.DAILY.attributedTable())
                    .mapTo(Long.class)
                    .one());
    assertThat(oldestDay).isEqualTo(at(2, 0).toEpochMilli());
    long oldestHour =
        store.read(
            handle ->
                handle
                    .createQuery(
                        "SELECT MIN(hour_start) FROM " + RollupTable.HOURLY.attributedTable())
                    .mapTo(Long.class)
                    .one());
    assertThat(oldestHour).isGreaterThanOrEqualTo(at(2, 60).toEpochMilli());
    Instant[] kept = {at(2, 0), at(6, 0)};
    assertThat(aggregate(LogFilter.ALL, kept, null, Dimension.TAG))
        .isEqualTo(expected(logs, Dimension.TAG, kept, null, null));
  }

  @Test
  void theMigrationBackfillsWhatTheWriterWrites() {
    List<Map<String, Object>> written = storedRollup();
    StorageConfig old = stores.config(dialect);
    OldSchemas.migrate(old, dialect, "10");
    org.jdbi.v3.core.Jdbi.create(old.url(), old.username(), old.password().value())
        .installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin())
        .useTransaction(
            handle -> {
              AnalyticsDao dao = handle.attach(AnalyticsDao.class);
              List<LogRow> rows = logs.stream().map(LogRow::of).toList();
              dao.insertLogs(rows);
              dao.insertTags(rows);
            });
    Store migrated = stores.open(old);
    List<Map<String, Object>> backfilled = migrated.read(handle -> storedRollup(handle));
    assertThat(backfilled).isEqualTo(written).isNotEmpty();
  }

  // Helpers ---

  private List<Map<String, Object>> storedRollup() {
    return storedRollup(store);
  }

  private static List<Map<String, Object>> storedRollup(Store of) {
    return of.read(handle -> storedRollup(handle));
  }

  /** Every row of the attributed tables, in key order. */
  private static List<Map<String, Object>> storedRollup(org.jdbi.v3.core.Handle handle) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (RollupTable table : AttributedRollups.TABLES) {
      rows.addAll(
          handle
              .createQuery(
                  "SELECT * FROM "
                      + table.attributedTable()
                      + " ORDER BY dimension, "
                      + table.startColumn()
                      + ", value")
              .mapToMap()
              .list());
    }
    rows.addAll(
        handle
            .createQuery(
                "SELECT * FROM "
                    + AttributedRollups.DETAIL_TABLE
                    + " ORDER BY dimension, value,"
                    + " day_start, user_id, provider_id, model_name, endpoint")
            .mapToMap()
            .list());
    rows.addAll(
        handle
            .createQuery(
                "SELECT * FROM "
                    + AttributedRollups.TEAM_TABLE
                    + " ORDER BY team_id, dimension,"
                    + " day_start, value")
            .mapToMap()
            .list());
    return rows;
  }

  /** The stored attributed rollups equal what the stored rows add up to, every table, dimension, slot and value. */
  private void assertStoredRollupEqualsStoredRows() {
    assertStoredRollupEqualsStoredRows(store);
  }

  private static void assertStoredRollupEqualsStoredRows(Store store) {
    List<RequestLog> stored = new LogRowStore(store).recentLogs(1_000);
    assertSumsOfEachValueEqualItsRows(store, stored, new Instant[] {at(-1, 0), at(6, 0)});
    Instant[] all = {at(-1, 0), at(6, 0)};
    for (RollupTable table : AttributedRollups.TABLES) {
      TimeBucket slot = table == RollupTable.DAILY ? TimeBucket.DAY : TimeBucket.HOUR;
      for (Dimension dimension : AttributedRollups.DIMENSIONS) {
        List<Rollup> rollup =
            store.read(
                handle ->
                    handle
                        .createQuery(
                            AttributedRollupQueries.sumSql(
                                table, dimension, slot, AttributedRollupQueries.Values.ALL))
                        .bind("from", all[0].toEpochMilli())
                        .bind("to", all[1].toEpochMilli())
                        .map(UsageAggregator.ROW)
                        .list());
        assertThat(UsageAggregator.merge(rollup))
            .as("%s %s", table, dimension)
            .isEqualTo(expected(stored, dimension, all, slot, null));
      }
    }
  }

  /**
   * The sums of each value of each dimension per day, user, provider, model and endpoint (what the stats of one
   * value read, from the detailed rollup where whole days allow) equal those of its raw rows.
   */
  private static void assertSumsOfEachValueEqualItsRows(
      Store store, List<RequestLog> logs, Instant[] range) {
    Set<Dimension> detail = Set.copyOf(Dimension.ROLLED_UP);
    int nonEmpty = 0;
    for (Dimension dimension : AttributedRollups.DIMENSIONS) {
      Set<String> values = new java.util.TreeSet<>();
      logs.forEach(log -> values.addAll(values(log, dimension)));
      values.remove("");
      for (String value : values) {
        LogFilter filter = LogFilter.ALL.with(dimension, value);
        for (TimeBucket bucket : Arrays.asList(null, TimeBucket.DAY)) {
          List<Rollup> summed =
              store.read(
                  handle ->
                      UsageAggregator.aggregate(
                          handle,
                          filter,
                          range[0].toEpochMilli(),
                          range[1].toEpochMilli(),
                          bucket,
                          detail));
          List<Rollup> raw =
              store.read(
                  handle ->
                      UsageAggregator.merge(
                          UsageAggregator.query(
                              handle,
                              new UsageAggregator.Part(
                                  null, range[0].toEpochMilli(), range[1].toEpochMilli()),
                              filter,
                              bucket,
                              detail)));
          assertThat(summed).as("%s=%s by %s", dimension, value, bucket).isEqualTo(raw);
          nonEmpty += summed.isEmpty() ? 0 : 1;
        }
      }
    }
    assertThat(nonEmpty).isGreaterThan(AttributedRollups.DIMENSIONS.size());
    // A team's sums by each other dimension (a team admin's breakdowns), from the team rollup where
    // days allow.
    Set<String> teams = new java.util.TreeSet<>();
    logs.forEach(log -> teams.addAll(values(log, Dimension.TEAM)));
    teams.remove("");
    assertThat(teams).isNotEmpty();
    for (String team : teams) {
      LogFilter filter = LogFilter.ALL.with(Dimension.TEAM, team);
      for (Dimension other : AttributedRollups.DIMENSIONS) {
        for (TimeBucket bucket : Arrays.asList(null, TimeBucket.DAY)) {
          if (other == Dimension.TEAM) {
            continue;
          }
          assertThat(AttributedRollupQueries.canAnswerWithinTeam(filter, bucket, Set.of(other)))
              .isTrue();
          List<Rollup> summed =
              store.read(
                  handle ->
                      UsageAggregator.aggregate(
                          handle,
                          filter,
                          range[0].toEpochMilli(),
                          range[1].toEpochMilli(),
                          bucket,
                          Set.of(other)));
          List<Rollup> raw =
              store.read(
                  handle ->
                      UsageAggregator.merge(
                          UsageAggregator.query(
                              handle,
                              new UsageAggregator.Part(
                                  null, range[0].toEpochMilli(), range[1].toEpochMilli()),
                              filter,
                              bucket,
                              Set.of(other))));
          assertThat(summed).as("team %s by %s, bucket %s", team, other, bucket).isEqualTo(raw);
        }
      }
    }
  }

  @Test
  void theStatsOfOneValueSumItsDetailedRollupRowsAndTheEdgesExactlyAsItsRawRows() {
    assertSumsOfEachValueEqualItsRows(
        store, logs, new Instant[] {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)});
    assertSumsOfEachValueEqualItsRows(store, logs, new Instant[] {at(1, 0), at(3, 0)});
    // With a user too, as a user's own stats of one tag or a team admin's by user.
    LogFilter adasProd = LogFilter.ALL.with(Dimension.TAG, "env:prod").withUser("usr_ada");
    Instant[] range = {at(0, 9 * 60 + 13), at(3, 17 * 60 + 41)};
    assertThat(UsageAggregator.canSumByValue(adasProd, null, Set.copyOf(Dimension.ROLLED_UP)))
        .isTrue();
    List<Rollup> summed =
        store.read(
            handle ->
                UsageAggregator.aggregate(
                    handle,
                    adasProd,
                    range[0].toEpochMilli(),
                    range[1].toEpochMilli(),
                    null,
                    Set.of(Dimension.MODEL)));
    List<Rollup> raw =
        store.read(
            handle ->
                UsageAggregator.merge(
                    UsageAggregator.query(
                        handle,
                        new UsageAggregator.Part(
                            null, range[0].toEpochMilli(), range[1].toEpochMilli()),
                        adasProd,
                        null,
                        Set.of(Dimension.MODEL))));
    assertThat(summed).isEqualTo(raw).isNotEmpty();
    // What the detailed rows cannot answer (a text search, hourly buckets) is read from the raw
    // rows.
    assertThat(UsageAggregator.canSumByValue(adasProd.withSearch("gpt"), null, Set.of())).isFalse();
    assertThat(UsageAggregator.canSumByValue(adasProd, TimeBucket.HOUR, Set.of())).isFalse();
  }

  private static List<Rollup> aggregate(Store on, Instant[] range, Dimension groupBy) {
    return on.read(
        handle ->
            UsageAggregator.aggregate(
                handle,
                LogFilter.ALL,
                range[0].toEpochMilli(),
                range[1].toEpochMilli(),
                null,
                Set.of(groupBy)));
  }

  private List<Rollup> aggregate(
      LogFilter filter, Instant[] range, TimeBucket bucket, Dimension groupBy) {
    return store.read(
        handle ->
            UsageAggregator.aggregate(
                handle,
                filter,
                range[0].toEpochMilli(),
                range[1].toEpochMilli(),
                bucket,
                Set.of(groupBy)));
  }

  /** What the raw logs of the range add up to per bucket and value of the dimension, computed here. */
  static List<Rollup> expected(
      List<RequestLog> logs,
      Dimension dimension,
      Instant[] range,
      TimeBucket bucket,
      String onlyValue) {
    Map<List<Object>, long[]> sums = new HashMap<>();
    for (RequestLog log : logs) {
      long ts = log.timestamp().toEpochMilli();
      if (ts < range[0].toEpochMilli() || ts >= range[1].toEpochMilli()) {
        continue;
      }
      long start = bucket == null ? 0 : ts / bucket.millis() * bucket.millis();
      for (String value : values(log, dimension)) {
        if (onlyValue == null || onlyValue.equals(value)) {
          Rollup.add(
              sums.computeIfAbsent(
                  List.of(start, value), k -> new long[Rollup.SUMS + Rollup.BUCKETS]),
              LogRow.of(log),
              1);
        }
      }
    }
    List<Rollup> rows = new ArrayList<>();
    sums.forEach(
        (key, sum) ->
            rows.add(Rollup.of((Long) key.get(0), "", "", "", "", sum, (String) key.get(1))));
    return UsageAggregator.merge(rows);
  }

  /** The first value a sample log has of the dimension (not the '' of those without). */
  private String firstValue(Dimension dimension) {
    return logs.stream()
        .map(log -> values(log, dimension).get(0))
        .filter(value -> !value.isEmpty())
        .findFirst()
        .orElseThrow();
  }

  private static List<String> values(RequestLog log, Dimension dimension) {
    Attribution attribution = log.attribution();
    String value =
        switch (dimension) {
          case TEAM -> attribution.teamId();
          case KEY -> log.apiKeyId();
          case END_USER -> log.endUser();
          case SESSION -> attribution.sessionId();
          case CLIENT_TOOL -> attribution.clientTool();
          case TAG -> null;
          default -> throw new IllegalArgumentException(dimension.toString());
        };
    if (dimension == Dimension.TAG) {
      return attribution.tags().isEmpty() ? List.of("") : attribution.tags();
    }
    return List.of(value == null ? "" : value);
  }

  private static Instant at(int day, int minutes) {
    return DAY0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minutes));
  }
}
