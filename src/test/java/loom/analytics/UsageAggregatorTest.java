package loom.analytics;

import static loom.analytics.AnalyticsQueriesFixtures.at;
import static loom.analytics.AnalyticsQueriesFixtures.check;
import static loom.analytics.AnalyticsQueriesFixtures.day;
import static loom.analytics.AnalyticsQueriesFixtures.days;
import static loom.analytics.AnalyticsQueriesFixtures.expectedAggregate;
import static loom.analytics.AnalyticsQueriesFixtures.range;
import static loom.analytics.AnalyticsQueriesFixtures.rollupOf;
import static loom.analytics.AnalyticsQueriesFixtures.sample;
import static loom.analytics.AnalyticsQueriesFixtures.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import loom.proxy.CacheStatus;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class UsageAggregatorTest {
  private static final List<Set<Dimension>> GROUPINGS =
      List.of(
          Set.of(),
          EnumSet.of(Dimension.USER),
          EnumSet.of(Dimension.PROVIDER),
          EnumSet.of(Dimension.MODEL),
          EnumSet.of(Dimension.PROVIDER, Dimension.MODEL),
          EnumSet.of(Dimension.ENDPOINT),
          EnumSet.of(Dimension.USER, Dimension.ENDPOINT),
          EnumSet.copyOf(Dimension.ROLLED_UP));
  private static final List<TimeBucket> BUCKETS =
      Arrays.asList(null, TimeBucket.MINUTE, TimeBucket.HOUR, TimeBucket.DAY);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private List<RequestLog> logs;

  @BeforeEach
  void storeWithLogs() {
    store = stores.open(dialect);
    logs = sample();
    LogRowSamples.write(store, logs);
  }

  @Test
  void everyRangeBucketAndGroupingSumsExactlyTheLogsOfTheRange() {
    Map<String, Instant[]> ranges = new LinkedHashMap<>();
    ranges.put("starts and ends mid-hour", new Instant[] {at(0, 30), at(6, 45)});
    ranges.put("whole hours only", new Instant[] {at(1, 0), at(5, 0)});
    ranges.put("inside one hour", new Instant[] {at(2, 5), at(2, 50)});
    ranges.put("two partial hours", new Instant[] {at(2, 30), at(3, 30)});
    ranges.put(
        "1 ms either side of an hour",
        new Instant[] {at(3, 0).minusMillis(1), at(3, 0).plusMillis(1)});
    ranges.put(
        "one whole hour and a partial one", new Instant[] {at(3, 0), at(4, 20).plusMillis(1)});
    ranges.put("across midnight", new Instant[] {at(12, 10), at(19, 40)});
    ranges.put("everything", new Instant[] {at(-5, 0), at(30, 0)});
    ranges.put("empty", new Instant[] {at(2, 0), at(2, 0)});
    ranges.put("before every log", new Instant[] {at(-10, 0), at(-2, 13)});

    ranges.forEach(
        (description, range) -> {
          for (TimeBucket bucket : BUCKETS) {
            for (Set<Dimension> groupBy : GROUPINGS) {
              check(
                  description + ", bucket " + bucket + ", group by " + groupBy,
                  () ->
                      assertThat(aggregate(LogFilter.ALL, range[0], range[1], bucket, groupBy))
                          .isEqualTo(
                              expectedAggregate(
                                  logs,
                                  LogFilter.ALL,
                                  range[0].toEpochMilli(),
                                  range[1].toEpochMilli(),
                                  bucket,
                                  groupBy)));
            }
          }
        });
    assertThat(aggregate(LogFilter.ALL, at(-5, 0), at(30, 0), null, Set.of()))
        .singleElement()
        .extracting(Rollup::requests)
        .isEqualTo((long) logs.size());
  }

  @Test
  void filtersKeepOnlyTheirRowsWhetherSummedFromRollupsOrFromRawRows() {
    List<LogFilter> filters =
        List.of(
            new LogFilter(null, null, "usr_ada", null, null, null, null),
            new LogFilter(null, null, null, "demo", null, null, null),
            new LogFilter(null, null, null, null, "gpt-4o", null, null),
            new LogFilter(null, null, "usr_bob", "openai", "gpt-4o-mini", null, null),
            new LogFilter(null, null, null, null, null, LogFilter.Outcome.SUCCESS, null),
            new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null),
            new LogFilter(null, null, null, null, null, null, CacheStatus.HIT),
            new LogFilter(null, null, null, null, null, null, CacheStatus.MISS),
            new LogFilter(null, null, null, null, null, null, CacheStatus.BYPASS),
            new LogFilter(
                null, null, "usr_cy", "openai", null, LogFilter.Outcome.ERROR, CacheStatus.BYPASS),
            new LogFilter(null, null, null, "nobody's", null, null, null),
            LogFilter.ALL.withEndpoint("messages"),
            LogFilter.ALL.withEndpoint("chat.completions").withUser("usr_ada"),
            new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null)
                .withEndpoint("responses"));
    Instant from = at(0, 30);
    Instant to = at(18, 45);

    for (LogFilter filter : filters) {
      for (TimeBucket bucket : Arrays.asList(null, TimeBucket.HOUR)) {
        for (Set<Dimension> groupBy :
            List.of(Set.<Dimension>of(), EnumSet.copyOf(Dimension.ROLLED_UP))) {
          check(
              filter + ", bucket " + bucket + ", group by " + groupBy,
              () ->
                  assertThat(aggregate(filter, from, to, bucket, groupBy))
                      .isEqualTo(
                          expectedAggregate(
                              logs,
                              filter,
                              from.toEpochMilli(),
                              to.toEpochMilli(),
                              bucket,
                              groupBy)));
        }
      }
    }
  }

  @Test
  void wholeHoursAreSummedFromTheRollups() {
    Instant hour = at(3, 0);
    // Only the rollups know of these 1,000 requests per row: whoever reads them counts them.
    int tampered =
        store.write(
            h ->
                h.execute(
                    "UPDATE request_rollups_hourly SET requests = requests + 1000 WHERE hour_start = ?",
                    hour.toEpochMilli()));
    assertThat(tampered).isPositive();
    long extra = 1_000L * tampered;

    assertThat(requests(LogFilter.ALL, at(2, 30), at(4, 30), null))
        .isEqualTo(select(logs, range(at(2, 30), at(4, 30))).size() + extra);
    assertThat(requests(LogFilter.ALL, hour, hour.plus(Duration.ofHours(1)), TimeBucket.HOUR))
        .isEqualTo(select(logs, range(hour, hour.plus(Duration.ofHours(1)))).size() + extra);
    // (From 01:00: a range holding the whole day would sum it from the daily rollups, which are not
    // tampered with.)
    assertThat(requests(LogFilter.ALL, at(-9, 0), at(30, 0), TimeBucket.DAY))
        .isEqualTo(logs.size() + extra);
    // Where the hour is not whole, or the query needs what rollups do not keep, the raw rows
    // answer.
    for (Instant[] partial :
        List.of(
            new Instant[] {at(3, 10), at(3, 50)},
            new Instant[] {at(2, 30), at(3, 30)},
            new Instant[] {hour, at(3, 59)},
            new Instant[] {hour.plusMillis(1), at(4, 30)})) {
      assertThat(requests(LogFilter.ALL, partial[0], partial[1], null))
          .as("[%s, %s)", partial[0], partial[1])
          .isEqualTo(select(logs, range(partial[0], partial[1])).size());
    }
    assertThat(requests(LogFilter.ALL, at(2, 30), at(4, 30), TimeBucket.MINUTE))
        .isEqualTo(select(logs, range(at(2, 30), at(4, 30))).size());
    LogFilter success =
        new LogFilter(null, null, null, null, null, LogFilter.Outcome.SUCCESS, null);
    assertThat(requests(success, at(2, 30), at(4, 30), null))
        .isEqualTo(
            select(
                    logs,
                    new LogFilter(
                        at(2, 30), at(4, 30), null, null, null, LogFilter.Outcome.SUCCESS, null))
                .size());
  }

  @Test
  void rawRowsDeletedFromAnHourAreMissedOnlyWhereThatHourIsPartial() {
    Instant hour = at(2, 0);
    List<RequestLog> inHour = select(logs, range(hour, hour.plus(Duration.ofHours(1))));
    assertThat(inHour).hasSizeGreaterThan(2);
    store.write(
        h ->
            h.execute(
                "DELETE FROM request_logs WHERE ts >= ? AND ts < ?",
                hour.toEpochMilli(),
                hour.plus(Duration.ofHours(1)).toEpochMilli()));
    List<RequestLog> stored = logs.stream().filter(log -> !inHour.contains(log)).toList();
    Set<Dimension> all = EnumSet.copyOf(Dimension.ROLLED_UP);

    // 02:00-03:00 is whole here: its rollups answer.
    assertThat(aggregate(LogFilter.ALL, hour, at(6, 45), TimeBucket.HOUR, all))
        .isEqualTo(
            expectedAggregate(
                logs,
                LogFilter.ALL,
                hour.toEpochMilli(),
                at(6, 45).toEpochMilli(),
                TimeBucket.HOUR,
                all));
    // Here it is the partial hour at the start or the end: the raw rows answer, and they are gone.
    assertThat(aggregate(LogFilter.ALL, at(2, 30), at(6, 45), TimeBucket.HOUR, all))
        .isEqualTo(
            expectedAggregate(
                stored,
                LogFilter.ALL,
                at(2, 30).toEpochMilli(),
                at(6, 45).toEpochMilli(),
                TimeBucket.HOUR,
                all));
    assertThat(aggregate(LogFilter.ALL, at(0, 15), at(2, 45), null, all))
        .isEqualTo(
            expectedAggregate(
                stored,
                LogFilter.ALL,
                at(0, 15).toEpochMilli(),
                at(2, 45).toEpochMilli(),
                null,
                all));
  }

  @Test
  void rangesAcrossUtcDaysSumExactlyTheLogsOfTheRangeFromDaysHoursAndRawRows() {
    LogRowSamples.write(store, days());
    List<RequestLog> all = new ArrayList<>(logs);
    all.addAll(days());
    Map<String, Instant[]> ranges = new LinkedHashMap<>();
    ranges.put(
        "mid-hour of one day to mid-hour three days later",
        new Instant[] {
          day(0).plus(Duration.ofMinutes(9 * 60 + 13)),
          day(3).plus(Duration.ofMinutes(17 * 60 + 41))
        });
    ranges.put("midnight to midnight", new Instant[] {day(1), day(3)});
    ranges.put(
        "1 ms either side of two midnights",
        new Instant[] {day(1).minusMillis(1), day(3).plusMillis(1)});
    ranges.put(
        "whole hours around whole days",
        new Instant[] {day(0).plus(Duration.ofHours(5)), day(4).minus(Duration.ofHours(3))});
    ranges.put(
        "midnight to mid-hour", new Instant[] {day(1), day(2).plus(Duration.ofMinutes(150))});
    ranges.put(
        "mid-hour to midnight", new Instant[] {day(0).plus(Duration.ofMinutes(100)), day(2)});
    ranges.put("one whole day, nothing else", new Instant[] {day(2), day(3)});
    ranges.put("a day less 1 ms", new Instant[] {day(2), day(3).minusMillis(1)});
    ranges.put("both samples and the empty day between", new Instant[] {at(-3, 20), day(5)});

    ranges.forEach(
        (description, range) -> {
          for (TimeBucket bucket : Arrays.asList(null, TimeBucket.HOUR, TimeBucket.DAY)) {
            for (Set<Dimension> groupBy : GROUPINGS) {
              check(
                  description + ", bucket " + bucket + ", group by " + groupBy,
                  () ->
                      assertThat(aggregate(LogFilter.ALL, range[0], range[1], bucket, groupBy))
                          .isEqualTo(
                              expectedAggregate(
                                  all,
                                  LogFilter.ALL,
                                  range[0].toEpochMilli(),
                                  range[1].toEpochMilli(),
                                  bucket,
                                  groupBy)));
            }
          }
          for (LogFilter filter :
              List.of(
                  LogFilter.ALL.withUser("usr_bob"),
                  new LogFilter(null, null, null, "openai", "gpt-4o", null, null),
                  new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null))) {
            check(
                description + ", " + filter,
                () ->
                    assertThat(
                            aggregate(
                                filter,
                                range[0],
                                range[1],
                                TimeBucket.DAY,
                                EnumSet.copyOf(Dimension.ROLLED_UP)))
                        .isEqualTo(
                            expectedAggregate(
                                all,
                                filter,
                                range[0].toEpochMilli(),
                                range[1].toEpochMilli(),
                                TimeBucket.DAY,
                                EnumSet.copyOf(Dimension.ROLLED_UP))));
            check(
                "count of " + description + ", " + filter,
                () ->
                    assertThat(count(filter, range[0], range[1]))
                        .isEqualTo(select(all, filter.withRange(range[0], range[1])).size()));
          }
        });
  }

  @Test
  void wholeDaysAreSummedFromTheDailyRollupsAlone() {
    LogRowSamples.write(store, days());
    List<RequestLog> all = new ArrayList<>(logs);
    all.addAll(days());
    // Day 2 is left only in the daily rollups: its raw rows and its hourly rollups are gone.
    long from = day(2).toEpochMilli();
    long to = day(3).toEpochMilli();
    int deleted =
        store.write(h -> h.execute("DELETE FROM request_logs WHERE ts >= ? AND ts < ?", from, to));
    store.write(
        h ->
            h.execute(
                "DELETE FROM request_rollups_hourly WHERE hour_start >= ? AND hour_start < ?",
                from,
                to));
    assertThat(deleted).isGreaterThan(20);
    List<RequestLog> stored =
        all.stream()
            .filter(
                log ->
                    log.timestamp().toEpochMilli() < from || log.timestamp().toEpochMilli() >= to)
            .toList();
    Set<Dimension> every = EnumSet.copyOf(Dimension.ROLLED_UP);

    // Where day 2 is whole in the range (and the buckets are days or none), its daily rollups
    // answer.
    for (Instant[] range :
        List.of(
            new Instant[] {day(2), day(3)},
            new Instant[] {day(1).plusSeconds(1), day(4)},
            new Instant[] {at(0, 0), day(3).plus(Duration.ofMinutes(30))})) {
      for (TimeBucket bucket : Arrays.asList(null, TimeBucket.DAY)) {
        assertThat(aggregate(LogFilter.ALL, range[0], range[1], bucket, every))
            .as("[%s, %s) %s", range[0], range[1], bucket)
            .isEqualTo(
                expectedAggregate(
                    all,
                    LogFilter.ALL,
                    range[0].toEpochMilli(),
                    range[1].toEpochMilli(),
                    bucket,
                    every));
      }
      assertThat(count(LogFilter.ALL, range[0], range[1]))
          .isEqualTo(select(all, range(range[0], range[1])).size());
    }
    // Where it is not (hour buckets, a part of the day, a filter the rollups lack), its rows are
    // missed.
    assertThat(aggregate(LogFilter.ALL, day(2), day(3), TimeBucket.HOUR, every)).isEmpty();
    assertThat(aggregate(LogFilter.ALL, day(2).plusMillis(1), day(3), null, every)).isEmpty();
    assertThat(aggregate(LogFilter.ALL, day(1), day(3).minusMillis(1), null, every))
        .isEqualTo(
            expectedAggregate(
                stored, LogFilter.ALL, day(1).toEpochMilli(), day(3).toEpochMilli(), null, every));
    LogFilter errors = new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null);
    assertThat(aggregate(errors, day(1), day(4), null, every))
        .isEqualTo(
            expectedAggregate(
                stored, errors, day(1).toEpochMilli(), day(4).toEpochMilli(), null, every));
  }

  @Test
  void aRangeIsSplitIntoWholeDaysWholeHoursAroundThemAndRawEdges() {
    long h = Rollup.HOUR_MS;
    long d = 24 * h;
    long from = 10 * d + 5 * h + 1_234;
    long to = 13 * d + 7 * h + 55;
    assertThat(UsageAggregator.plan(LogFilter.ALL, from, to, null))
        .containsExactly(
            new UsageAggregator.Part(null, from, 10 * d + 6 * h),
            new UsageAggregator.Part(RollupTable.HOURLY, 10 * d + 6 * h, 11 * d),
            new UsageAggregator.Part(RollupTable.DAILY, 11 * d, 13 * d),
            new UsageAggregator.Part(RollupTable.HOURLY, 13 * d, 13 * d + 7 * h),
            new UsageAggregator.Part(null, 13 * d + 7 * h, to));
    // Days do not split into hours; nothing splits into minutes; whole days only are days.
    assertThat(UsageAggregator.plan(LogFilter.ALL, from, to, TimeBucket.HOUR))
        .containsExactly(
            new UsageAggregator.Part(null, from, 10 * d + 6 * h),
            new UsageAggregator.Part(RollupTable.HOURLY, 10 * d + 6 * h, 13 * d + 7 * h),
            new UsageAggregator.Part(null, 13 * d + 7 * h, to));
    assertThat(UsageAggregator.plan(LogFilter.ALL, from, to, TimeBucket.MINUTE))
        .containsExactly(new UsageAggregator.Part(null, from, to));
    assertThat(UsageAggregator.plan(LogFilter.ALL, 11 * d, 12 * d, TimeBucket.DAY))
        .containsExactly(new UsageAggregator.Part(RollupTable.DAILY, 11 * d, 12 * d));
    assertThat(UsageAggregator.plan(LogFilter.ALL, 11 * d, 12 * d - 1, TimeBucket.DAY))
        .containsExactly(
            new UsageAggregator.Part(RollupTable.HOURLY, 11 * d, 12 * d - h),
            new UsageAggregator.Part(null, 12 * d - h, 12 * d - 1));
    assertThat(
            UsageAggregator.plan(
                new LogFilter(null, null, null, null, null, null, CacheStatus.HIT), from, to, null))
        .containsExactly(new UsageAggregator.Part(null, from, to));
    // The rollups are keyed by endpoint: filtering by one still sums whole days and hours from
    // them.
    assertThat(UsageAggregator.plan(LogFilter.ALL.withEndpoint("messages"), from, to, null))
        .isEqualTo(UsageAggregator.plan(LogFilter.ALL, from, to, null));
    assertThat(UsageAggregator.plan(LogFilter.ALL, from, from, null)).isEmpty();
    // An open end (a log page's total) still ends in whole days and hours.
    assertThat(UsageAggregator.plan(LogFilter.ALL, from, Long.MAX_VALUE, null))
        .extracting(UsageAggregator.Part::table)
        .containsExactly(null, RollupTable.HOURLY, RollupTable.DAILY, RollupTable.HOURLY, null);
  }

  @Test
  void mergeAddsUpRowsOfTheSameBucketAndKeysAndOrdersThem() {
    RequestLog a = LogRowSamples.log(1);
    RequestLog b = LogRowSamples.log(2);
    RequestLog c = LogRowSamples.log(3);
    Rollup first = rollupOf(7_200_000, "usr_bob", "openai", "m", "", List.of(a));
    Rollup second = rollupOf(7_200_000, "usr_bob", "openai", "m", "", List.of(b, c));
    Rollup earlier = rollupOf(3_600_000, "usr_zed", "", "", "", List.of(c));
    Rollup otherUser = rollupOf(7_200_000, "usr_ada", "openai", "m", "", List.of(a));

    List<Rollup> merged =
        UsageAggregator.merge(new ArrayList<>(List.of(first, otherUser, second, earlier)));

    assertThat(merged)
        .containsExactly(
            earlier,
            otherUser,
            rollupOf(7_200_000, "usr_bob", "openai", "m", "", List.of(a, b, c)));
    assertThat(UsageAggregator.merge(List.of())).isEmpty();
  }

  @Test
  void logConditionsSelectExactlyTheFilteredRows() {
    List<LogFilter> filters =
        List.of(
            LogFilter.ALL,
            range(at(2, 0), null),
            range(null, at(3, 0)),
            range(at(3, 0).minusMillis(1), at(4, 20).plusMillis(1)),
            new LogFilter(
                at(1, 0),
                at(9, 0),
                "usr_ada",
                "openai",
                "gpt-4o-mini",
                LogFilter.Outcome.SUCCESS,
                CacheStatus.MISS),
            new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null),
            new LogFilter(null, null, null, "demo", null, null, CacheStatus.HIT),
            range(at(1, 0), at(9, 0)).withEndpoint("embeddings"));

    for (LogFilter filter : filters) {
      LogConditions where = LogConditions.forLogs(filter);
      List<String> ids =
          store.read(
              h ->
                  where
                      .bindTo(h.createQuery("SELECT id FROM request_logs WHERE " + where.sql()))
                      .mapTo(String.class)
                      .list());
      assertThat(ids)
          .as("%s", filter)
          .containsExactlyInAnyOrderElementsOf(
              select(logs, filter).stream().map(RequestLog::id).toList());
    }
    assertThat(LogConditions.forLogs(LogFilter.ALL).sql()).isEqualTo("TRUE");
    assertThat(LogConditions.forLogs(LogFilter.ALL).binds()).isEmpty();
  }

  @Test
  void logConditionsBindEveryValueTheCallerChoseAndNeverSpliceIt() {
    String user = "usr_ada' OR '1'='1";
    String provider = "openai'; DROP TABLE request_logs; --";
    String model = "gpt-4o-mini\" OR \"\"=\"";
    String endpoint = "messages' OR endpoint <> '";
    LogFilter hostile =
        new LogFilter(
                at(0, 0),
                at(20, 0),
                user,
                provider,
                model,
                LogFilter.Outcome.ERROR,
                CacheStatus.HIT)
            .withEndpoint(endpoint);

    LogConditions where = LogConditions.forLogs(hostile);
    LogConditions rollups =
        LogConditions.forRollups(
            new LogFilter(null, null, user, provider, model, null, null).withEndpoint(endpoint),
            RollupTable.HOURLY,
            0,
            1);

    for (LogConditions conditions : List.of(where, rollups)) {
      assertThat(conditions.sql())
          .doesNotContain(user, provider, model, "DROP", "usr_ada", "openai", "messages");
      assertThat(conditions.binds())
          .containsEntry("userId", user)
          .containsEntry("endpoint", endpoint);
    }
    assertThat(where.binds())
        .containsEntry("providerId", provider)
        .containsEntry("model", model)
        .containsEntry("cacheStatus", "HIT")
        .containsEntry("from", at(0, 0).toEpochMilli())
        .containsEntry("to", at(20, 0).toEpochMilli());
    long matched =
        store.read(
            h ->
                where
                    .bindTo(h.createQuery("SELECT COUNT(*) FROM request_logs WHERE " + where.sql()))
                    .mapTo(Long.class)
                    .one());
    assertThat(matched).isZero();
    assertThat(new LogRowStore(store).countLogs()).isEqualTo(logs.size());
  }

  @Test
  void rollupConditionsRefuseWhatOnlyRawRowsKnow() {
    assertThatThrownBy(
            () ->
                LogConditions.forRollups(
                    new LogFilter(null, null, null, null, null, LogFilter.Outcome.ERROR, null),
                    RollupTable.HOURLY,
                    0,
                    3_600_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LogConditions.forRollups(
                    new LogFilter(null, null, null, null, null, null, CacheStatus.HIT),
                    RollupTable.HOURLY,
                    0,
                    3_600_000))
        .isInstanceOf(IllegalArgumentException.class);

    LogConditions bobsHours =
        LogConditions.forRollups(
            LogFilter.ALL.withUser("usr_bob"),
            RollupTable.HOURLY,
            at(1, 0).toEpochMilli(),
            at(6, 0).toEpochMilli());
    long requests =
        store.read(
            h ->
                bobsHours
                    .bindTo(
                        h.createQuery(
                            "SELECT COALESCE(SUM(requests), 0) FROM request_rollups_hourly WHERE "
                                + bobsHours.sql()))
                    .mapTo(Long.class)
                    .one());
    assertThat(requests)
        .isEqualTo(select(logs, range(at(1, 0), at(6, 0)).withUser("usr_bob")).size());
  }

  private List<Rollup> aggregate(
      LogFilter filter, Instant from, Instant to, TimeBucket bucket, Set<Dimension> groupBy) {
    return store.read(
        h ->
            UsageAggregator.aggregate(
                h, filter, from.toEpochMilli(), to.toEpochMilli(), bucket, groupBy));
  }

  private long count(LogFilter filter, Instant from, Instant to) {
    return store.read(
        h -> UsageAggregator.count(h, filter, from.toEpochMilli(), to.toEpochMilli()));
  }

  private long requests(LogFilter filter, Instant from, Instant to, TimeBucket bucket) {
    return aggregate(filter, from, to, bucket, Set.of()).stream().mapToLong(Rollup::requests).sum();
  }
}
