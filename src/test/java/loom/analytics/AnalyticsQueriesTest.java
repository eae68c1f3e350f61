package loom.analytics;

import static loom.analytics.AnalyticsQueriesFixtures.ADA;
import static loom.analytics.AnalyticsQueriesFixtures.ADMIN;
import static loom.analytics.AnalyticsQueriesFixtures.BOB;
import static loom.analytics.AnalyticsQueriesFixtures.START;
import static loom.analytics.AnalyticsQueriesFixtures.assertCostsOf;
import static loom.analytics.AnalyticsQueriesFixtures.assertStatsOf;
import static loom.analytics.AnalyticsQueriesFixtures.at;
import static loom.analytics.AnalyticsQueriesFixtures.bucketOf;
import static loom.analytics.AnalyticsQueriesFixtures.bucketStarts;
import static loom.analytics.AnalyticsQueriesFixtures.check;
import static loom.analytics.AnalyticsQueriesFixtures.cost;
import static loom.analytics.AnalyticsQueriesFixtures.costBy;
import static loom.analytics.AnalyticsQueriesFixtures.day;
import static loom.analytics.AnalyticsQueriesFixtures.days;
import static loom.analytics.AnalyticsQueriesFixtures.errors;
import static loom.analytics.AnalyticsQueriesFixtures.idsNewestFirst;
import static loom.analytics.AnalyticsQueriesFixtures.idsOldestFirst;
import static loom.analytics.AnalyticsQueriesFixtures.keyOf;
import static loom.analytics.AnalyticsQueriesFixtures.percentileBounds;
import static loom.analytics.AnalyticsQueriesFixtures.range;
import static loom.analytics.AnalyticsQueriesFixtures.sample;
import static loom.analytics.AnalyticsQueriesFixtures.select;
import static loom.analytics.AnalyticsQueriesFixtures.stripped;
import static loom.analytics.AnalyticsQueriesFixtures.sumBy;
import static loom.analytics.AnalyticsQueriesFixtures.tokens;
import static loom.analytics.AnalyticsQueriesFixtures.withLatency;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import loom.auth.Caller;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.proxy.CacheStatus;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AnalyticsQueriesTest {
  /** Mid-hour, a day and a quarter after the first log: the default 24 h range cuts the sample. */
  private static final Instant NOW = at(26, 15);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** The stores of {@link #sharedSample()}, per dialect; a PostgreSQL one is a database of the shared server. */
  private static final Map<Dialect, Shared> SHARED = new EnumMap<>(Dialect.class);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final TestClock clock = new TestClock(NOW);
  private StorageConfig config;
  private Store store;
  private RetentionPurger purger;
  private AnalyticsQueries queries;
  private List<RequestLog> logs;

  /**
   * The sample in a fresh store of its own, for a test that writes: deletes rows, purges, logs more, exports
   * (which the audit trail records).
   */
  private void freshSample() {
    StorageConfig fresh = stores.migrated(dialect);
    use(fresh, stores.open(fresh));
    LogRowSamples.write(store, logs);
  }

  /**
   * The sample in one store per dialect shared by the tests that only read it (an export's audit entry aside),
   * since a store per test would make the PostgreSQL run several times slower; closed when the dialect is done.
   */
  private void sharedSample() {
    Shared shared = SHARED.get(dialect);
    if (shared == null) {
      StorageConfig storage = dialect == Dialect.SQLITE ? sharedSqlite() : stores.postgres();
      shared = new Shared(storage, Store.open(storage));
      SHARED.put(dialect, shared);
      LogRowSamples.write(shared.store(), sample());
    }
    use(shared.config(), shared.store());
  }

  private record Shared(StorageConfig config, Store store) {}

  private void use(StorageConfig storage, Store opened) {
    config = storage;
    store = opened;
    // A small batch, so purges take several transactions.
    purger = new RetentionPurger(store, config, 7);
    queries = new AnalyticsQueries(store, clock, purger);
    logs = sample();
  }

  private static StorageConfig sharedSqlite() {
    try {
      Path folder = Files.createTempDirectory("loom-analytics-sample");
      return new StorageConfig("jdbc:sqlite:" + folder.resolve("loom.db"), "", new Secret(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterParameterizedClassInvocation
  static void closeSharedSample(Dialect dialect) throws IOException {
    Shared shared = SHARED.remove(dialect);
    if (shared == null) {
      return;
    }
    shared.store().close();
    if (shared.config().isSqlite()) {
      Path folder = Path.of(shared.config().url().substring("jdbc:sqlite:".length())).getParent();
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  // ---- stats and costs ----

  @Test
  void statsAndCostsOfEveryRangeAreTheSumsOfItsLogs() {
    sharedSample();
    ranges()
        .forEach(
            range -> {
              Instant start = (Instant) range.get()[1];
              Instant end = (Instant) range.get()[2];
              List<RequestLog> expected = select(logs, range(start, end));

              check(
                  (String) range.get()[0],
                  () -> {
                    assertStatsOf(queries.stats(ADMIN, range(start, end)), expected, start, end);
                    assertCostsOf(queries.costs(ADMIN, range(start, end)), expected, start, end);
                  });
            });
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of("starts and ends mid-hour", at(0, 30), at(6, 45)),
        Arguments.of("whole hours only", at(1, 0), at(5, 0)),
        Arguments.of("inside one hour (raw rows only)", at(2, 5), at(2, 50)),
        Arguments.of("two partial hours and no whole one", at(2, 30), at(3, 30)),
        Arguments.of(
            "one millisecond either side of an hour",
            at(3, 0).minusMillis(1),
            at(3, 0).plusMillis(1)),
        Arguments.of("a whole hour whose last log is 1 ms before its end", at(2, 0), at(3, 0)),
        Arguments.of("across midnight UTC", at(12, 10), at(19, 40)),
        Arguments.of("everything and more", at(-5, 0), at(30, 0)),
        Arguments.of("an empty range", at(2, 0), at(2, 0)),
        Arguments.of("before the first log", at(-10, 0), at(-2, 13)));
  }

  @Test
  void requestsWithoutUserProviderOrModelAreCountedUnderNone() {
    sharedSample();
    UsageStats stats = queries.stats(ADMIN, range(at(-1, 0), at(21, 0)));

    long withoutUser = logs.stream().filter(log -> log.userId() == null).count();
    long withoutProvider = logs.stream().filter(log -> log.providerId() == null).count();
    long withoutModel = logs.stream().filter(log -> log.modelName() == null).count();
    assertThat(withoutUser).isPositive();
    assertThat(withoutProvider).isPositive();
    assertThat(stats.requestsByUser()).containsEntry("(none)", withoutUser);
    assertThat(stats.requestsByProvider()).containsEntry("(none)", withoutProvider);
    assertThat(stats.requestsByModel()).containsEntry("(none)", withoutModel);
    assertThat(stats.costByUser()).containsKey("(none)");
    assertThat(stats.requestsByUser().keySet()).doesNotContain("", null);
  }

  @Test
  void statsCostsAndTimeSeriesDefaultToThe24HoursBeforeTheEndAndTheEndToNow() {
    sharedSample();
    Instant start = NOW.minus(Duration.ofHours(24));
    List<RequestLog> expected = select(logs, range(start, NOW));
    assertThat(expected).hasSizeBetween(1, logs.size() - 1);

    assertStatsOf(queries.stats(ADMIN, LogFilter.ALL), expected, start, NOW);
    assertCostsOf(queries.costs(ADMIN, LogFilter.ALL), expected, start, NOW);
    TimeSeries series =
        queries.timeseries(ADMIN, LogFilter.ALL, null, null, TimeSeriesMetric.REQUESTS);
    assertThat(series.bucket()).isEqualTo("hour");
    assertThat(series.pointsOf("all")).hasSize(bucketStarts(TimeBucket.HOUR, start, NOW).size());
    assertThat(series.pointsOf("all").values().stream().mapToLong(Number::longValue).sum())
        .isEqualTo(expected.size());
    // A start alone ends now; an end alone starts 24 hours before it; a start after now is refused.
    Instant fiveHoursIn = at(5, 0);
    Instant end = at(10, 30);
    assertStatsOf(
        queries.stats(ADMIN, range(fiveHoursIn, null)),
        select(logs, range(fiveHoursIn, NOW)),
        fiveHoursIn,
        NOW);
    assertStatsOf(
        queries.stats(ADMIN, range(null, end)),
        select(logs, range(end.minus(Duration.ofHours(24)), end)),
        end.minus(Duration.ofHours(24)),
        end);
    assertThatThrownBy(() -> queries.stats(ADMIN, range(NOW.plusSeconds(1), null)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.errors()).extracting(FieldError::param).containsExactly("start_time"));
  }

  @Test
  void wholeHoursAreCountedFromTheRollupsWhichOutliveTheirRows() {
    freshSample();
    Instant hour = at(3, 0);
    List<RequestLog> inHour = select(logs, range(hour, hour.plus(Duration.ofHours(1))));
    assertThat(inHour).hasSizeGreaterThan(1);
    int deleted =
        store.write(
            h ->
                h.execute(
                    "DELETE FROM request_logs WHERE ts >= ? AND ts < ?",
                    hour.toEpochMilli(),
                    hour.plus(Duration.ofHours(1)).toEpochMilli()));
    assertThat(deleted).isEqualTo(inHour.size());
    List<RequestLog> stored = logs.stream().filter(log -> !inHour.contains(log)).toList();
    Instant start = at(0, 30);
    Instant end = at(6, 45);

    // The hour is whole in the range: its rollups still count the deleted rows.
    assertStatsOf(
        queries.stats(ADMIN, range(start, end)), select(logs, range(start, end)), start, end);
    assertCostsOf(
        queries.costs(ADMIN, range(start, end)), select(logs, range(start, end)), start, end);
    // A status filter is answered from the raw rows only: the deleted rows are gone.
    LogFilter success =
        new LogFilter(start, end, null, null, null, LogFilter.Outcome.SUCCESS, null);
    assertStatsOf(queries.stats(ADMIN, success), select(stored, success), start, end);
    assertThat(select(logs, success)).hasSizeGreaterThan(select(stored, success).size());
    // So is a range inside the hour.
    assertThat(
            queries
                .stats(ADMIN, range(hour.plusSeconds(60), hour.plusSeconds(3_000)))
                .totalRequests())
        .isZero();
    // Hour buckets come from the rollups, minute buckets from the raw rows.
    TimeSeries hours =
        queries.timeseries(
            ADMIN, range(start, end), TimeBucket.HOUR, null, TimeSeriesMetric.REQUESTS);
    assertThat(hours.pointsOf("all").get(hour.toString()).longValue()).isEqualTo(inHour.size());
    TimeSeries minutes =
        queries.timeseries(
            ADMIN, range(at(2, 30), at(4, 30)), TimeBucket.MINUTE, null, TimeSeriesMetric.REQUESTS);
    assertThat(
            minutes.pointsOf("all").entrySet().stream()
                .filter(
                    point ->
                        Instant.parse(point.getKey()).equals(hour)
                            || Instant.parse(point.getKey()).isAfter(hour)
                                && Instant.parse(point.getKey()).isBefore(at(4, 0)))
                .mapToLong(point -> point.getValue().longValue())
                .sum())
        .isZero();
  }

  // ---- filters and access ----

  @Test
  void everyFilterKeepsExactlyItsLogs() {
    sharedSample();
    filters()
        .forEach(
            arguments -> {
              LogFilter filter = (LogFilter) arguments.get()[1];
              List<RequestLog> expected = select(logs, filter);

              check(
                  (String) arguments.get()[0],
                  () -> {
                    assertStatsOf(
                        queries.stats(ADMIN, filter), expected, filter.start(), filter.end());
                    assertCostsOf(
                        queries.costs(ADMIN, filter), expected, filter.start(), filter.end());
                    AnalyticsQueries.LogPage page = queries.logs(ADMIN, filter, 1_000, 0, null);
                    assertThat(page.logs())
                        .extracting(RequestLog::id)
                        .containsExactlyElementsOf(idsNewestFirst(expected));
                    assertThat(page.total()).isEqualTo(expected.size());
                    TimeSeries series =
                        queries.timeseries(
                            ADMIN, filter, TimeBucket.HOUR, null, TimeSeriesMetric.REQUESTS);
                    assertThat(
                            series.pointsOf("all").values().stream()
                                .mapToLong(Number::longValue)
                                .sum())
                        .isEqualTo(expected.size());
                  });
            });
  }

  static Stream<Arguments> filters() {
    Instant s = at(0, 30);
    Instant e = at(18, 45);
    return Stream.of(
        Arguments.of("provider_id=openai", new LogFilter(s, e, null, "openai", null, null, null)),
        Arguments.of("model=gpt-4o", new LogFilter(s, e, null, null, "gpt-4o", null, null)),
        Arguments.of(
            "provider_id=demo&model=demo-1",
            new LogFilter(s, e, null, "demo", "demo-1", null, null)),
        Arguments.of("user_id=usr_cy", new LogFilter(s, e, "usr_cy", null, null, null, null)),
        Arguments.of(
            "status=success",
            new LogFilter(s, e, null, null, null, LogFilter.Outcome.SUCCESS, null)),
        Arguments.of(
            "status=error", new LogFilter(s, e, null, null, null, LogFilter.Outcome.ERROR, null)),
        Arguments.of(
            "cache_status=HIT", new LogFilter(s, e, null, null, null, null, CacheStatus.HIT)),
        Arguments.of(
            "cache_status=MISS", new LogFilter(s, e, null, null, null, null, CacheStatus.MISS)),
        Arguments.of(
            "cache_status=BYPASS", new LogFilter(s, e, null, null, null, null, CacheStatus.BYPASS)),
        Arguments.of(
            "user, provider, status and cache status together",
            new LogFilter(
                s, e, "usr_ada", "openai", null, LogFilter.Outcome.SUCCESS, CacheStatus.MISS)),
        Arguments.of(
            "user and model over whole hours",
            new LogFilter(at(1, 0), at(15, 0), "usr_bob", null, "gpt-4o-mini", null, null)),
        Arguments.of(
            "a provider nobody used", new LogFilter(s, e, null, "anthropic", null, null, null)),
        Arguments.of(
            "a value that tries SQL",
            new LogFilter(s, e, null, "openai' OR '1'='1", null, null, null)),
        Arguments.of("search in error messages, any case", range(s, e).withSearch("SAID 'NO")),
        Arguments.of("search in paths", range(s, e).withSearch("chat/Comp")),
        Arguments.of("search with a wildcard is literal", range(s, e).withSearch("%")),
        Arguments.of("search with an underscore is literal", range(s, e).withSearch("_")),
        Arguments.of("search with the escape character", range(s, e).withSearch("!")),
        Arguments.of(
            "search and user together", range(s, e).withUser("usr_ada").withSearch("upstream")),
        Arguments.of("endpoint=messages", range(s, e).withEndpoint("messages")),
        Arguments.of(
            "endpoint and model over whole hours",
            new LogFilter(at(1, 0), at(15, 0), null, null, "gpt-4o-mini", null, null)
                .withEndpoint("responses")),
        Arguments.of(
            "endpoint, user and status together (raw rows)",
            new LogFilter(s, e, "usr_bob", null, null, LogFilter.Outcome.SUCCESS, null)
                .withEndpoint("chat.completions")),
        Arguments.of("an endpoint nobody used", range(s, e).withEndpoint("messages.count_tokens")));
  }

  @Test
  void aSearchFindsTextInPathsAndErrorMessagesLiterallyAndExportsTheSame() {
    freshSample();
    Instant at = at(3, 10);
    List<RequestLog> extra =
        List.of(
            withPathAndError(LogRowSamples.log(300, at, "usr_ada"), "/v1/embeddings", null),
            withPathAndError(
                LogRowSamples.log(301, at.plusSeconds(1), "usr_bob"),
                "/v1/chat/completions",
                "Rate 100%_over! limit"),
            withPathAndError(
                LogRowSamples.log(302, at.plusSeconds(2), "usr_ada"),
                "/v1/chat/completions",
                "rate 1000 over limit"));
    LogRowSamples.write(store, extra);
    LogFilter range = range(at(3, 0), at(3, 30));

    assertThat(queries.logs(ADMIN, range.withSearch("EMBEDDINGS"), 100, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_300");
    assertThat(queries.logs(ADMIN, range.withSearch("100%_over!"), 100, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_301");
    assertThat(queries.logs(ADMIN, range.withSearch("rate 100"), 100, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_302", "log_301");
    assertThat(queries.logs(ADA, range.withSearch("rate 100"), 100, 0, null).logs())
        .extracting(RequestLog::id)
        .containsExactly("log_302");
    assertThat(queries.logs(ADMIN, range.withSearch("  "), 100, 0, null).total())
        .isEqualTo(select(concat(logs, extra), range).size());
    StringWriter out = new StringWriter();
    queries.export(
        ADMIN, range.withSearch("rate 100"), ExportFormat.NDJSON, out, "search=rate 100");
    assertThat(ndjsonIds(out.toString())).containsExactly("log_301", "log_302");
  }

  @Test
  void rowPagesComeInEitherOrderAndTheirCountIsTheTotal() {
    sharedSample();
    LogFilter filter = range(at(0, 30), at(18, 45)).withUser("usr_bob");
    List<RequestLog> expected = select(logs, filter);
    for (AnalyticsQueries.LogOrder order : AnalyticsQueries.LogOrder.values()) {
      List<String> paged = new ArrayList<>();
      for (int offset = 0; offset < expected.size(); offset += 4) {
        queries.logRows(ADMIN, filter, order, 4, offset).forEach(log -> paged.add(log.id()));
      }
      assertThat(paged)
          .as(order.name())
          .containsExactlyElementsOf(
              order == AnalyticsQueries.LogOrder.OLDEST_FIRST
                  ? idsOldestFirst(expected)
                  : idsNewestFirst(expected));
    }
    assertThat(queries.logCount(ADMIN, filter)).isEqualTo(expected.size());
    assertThat(queries.logCount(BOB, range(at(0, 30), at(18, 45)))).isEqualTo(expected.size());
    assertThat(
            queries.logRows(
                BOB,
                range(at(0, 30), at(18, 45)),
                AnalyticsQueries.LogOrder.OLDEST_FIRST,
                1_000,
                0))
        .extracting(RequestLog::id)
        .containsExactlyElementsOf(idsOldestFirst(expected));
    assertThatThrownBy(
            () -> queries.logRows(ADA, filter, AnalyticsQueries.LogOrder.OLDEST_FIRST, 10, 0))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> queries.logCount(ADA, filter))
        .isInstanceOf(AccessDeniedException.class);
  }

  private static RequestLog withPathAndError(RequestLog l, String path, String error) {
    return new RequestLog(
        l.id(),
        l.requestId(),
        l.timestamp(),
        l.userId(),
        l.apiKeyId(),
        l.endUser(),
        l.method(),
        path,
        null,
        l.providerId(),
        l.modelName(),
        l.promptTokens(),
        l.completionTokens(),
        l.totalTokens(),
        l.cachedTokens(),
        l.cacheWriteTokens(),
        l.cacheWrite1hTokens(),
        l.reasoningTokens(),
        l.latencyMs(),
        l.timeToFirstByteMs(),
        error == null ? 200 : 429,
        l.costUsd(),
        l.costSavedUsd(),
        l.priceVersion(),
        l.cacheStatus(),
        l.stream(),
        error,
        l.requestBody(),
        l.responseBody(),
        l.metadata());
  }

  private static List<RequestLog> concat(List<RequestLog> a, List<RequestLog> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void aUserSeesOnlyTheirOwnRequests() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(22, 45);
    List<RequestLog> bobs = select(logs, range(start, end).withUser("usr_bob"));
    assertThat(bobs).isNotEmpty().hasSizeLessThan(select(logs, range(start, end)).size());

    assertStatsOf(queries.stats(BOB, range(start, end)), bobs, start, end);
    assertStatsOf(queries.stats(BOB, range(start, end).withUser("usr_bob")), bobs, start, end);
    assertCostsOf(queries.costs(BOB, range(start, end)), bobs, start, end);
    AnalyticsQueries.LogPage page = queries.logs(BOB, LogFilter.ALL, 1_000, 0, null);
    List<RequestLog> allOfBobs = select(logs, LogFilter.ALL.withUser("usr_bob"));
    assertThat(page.logs())
        .extracting(RequestLog::id)
        .containsExactlyElementsOf(idsNewestFirst(allOfBobs));
    assertThat(page.total()).isEqualTo(allOfBobs.size());
    TimeSeries byUser =
        queries.timeseries(
            BOB, range(start, end), TimeBucket.HOUR, Dimension.USER, TimeSeriesMetric.REQUESTS);
    assertThat(byUser.series()).extracting(TimeSeries.Series::key).containsExactly("usr_bob");
    StringWriter out = new StringWriter();
    ExportRecord record = queries.export(BOB, LogFilter.ALL, ExportFormat.NDJSON, out, "");
    assertThat(ndjsonIds(out.toString())).containsExactlyElementsOf(idsOldestFirst(allOfBobs));
    assertThat(record.userId()).isEqualTo("usr_bob");
  }

  @Test
  void aUserWhoNamesAnotherUserIsRefusedEverywhere() {
    sharedSample();
    LogFilter adas = range(at(0, 0), at(20, 0)).withUser("usr_ada");
    long exports = queries.exportCount(ADMIN);

    assertThatThrownBy(() -> queries.logs(BOB, adas, 10, 0, null))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> queries.stats(BOB, adas)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> queries.costs(BOB, adas)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> queries.timeseries(BOB, adas, TimeBucket.HOUR, null, TimeSeriesMetric.REQUESTS))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                queries.export(BOB, adas, ExportFormat.CSV, new StringWriter(), "user_id=usr_ada"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> queries.exportStats(BOB, adas, false, new StringWriter(), "user_id=usr_ada"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(queries.exportCount(ADMIN)).isEqualTo(exports);
  }

  @Test
  void anAdminSeesEveryoneAndMayNarrowToOneUser() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(22, 45);

    assertStatsOf(
        queries.stats(ADMIN, range(start, end)), select(logs, range(start, end)), start, end);
    assertStatsOf(
        queries.stats(ADMIN, range(start, end).withUser("usr_ada")),
        select(logs, range(start, end).withUser("usr_ada")),
        start,
        end);
    AnalyticsQueries.LogPage page =
        queries.logs(ADMIN, LogFilter.ALL.withUser("usr_cy"), 1_000, 0, null);
    assertThat(page.logs())
        .extracting(RequestLog::id)
        .containsExactlyElementsOf(idsNewestFirst(select(logs, LogFilter.ALL.withUser("usr_cy"))));
    assertThat(queries.logs(ADMIN, LogFilter.ALL, 1_000, 0, null).total()).isEqualTo(logs.size());
  }

  @Test
  void oneLogIsFoundForItsOwnerAndForAdminsButNotForOtherUsers() {
    sharedSample();
    RequestLog adas =
        logs.stream().filter(log -> "usr_ada".equals(log.userId())).findFirst().orElseThrow();
    RequestLog nobodys =
        logs.stream().filter(log -> log.userId() == null).findFirst().orElseThrow();

    assertThat(queries.log(ADA, adas.id()))
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(adas);
    assertThat(queries.log(ADMIN, adas.id()).id()).isEqualTo(adas.id());
    assertThat(queries.log(ADMIN, nobodys.id()).id()).isEqualTo(nobodys.id());
    assertThatThrownBy(() -> queries.log(BOB, adas.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> queries.log(BOB, nobodys.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> queries.log(ADMIN, "log_nope")).isInstanceOf(NotFoundException.class);
  }

  // ---- log pages ----

  @Test
  void offsetPagesAreNewestFirstAndAddUpToEveryLog() {
    sharedSample();
    List<String> expected = idsNewestFirst(logs);

    // 84 logs: limits that divide it, that do not, that hold all and more.
    for (int limit : List.of(1, 7, 10, 84, 100)) {
      List<String> paged = new ArrayList<>();
      for (int offset = 0; offset < logs.size(); offset += limit) {
        AnalyticsQueries.LogPage page = queries.logs(ADMIN, LogFilter.ALL, limit, offset, null);
        String as = "limit " + limit + ", offset " + offset;
        assertThat(page.limit()).as(as).isEqualTo(limit);
        assertThat(page.offset()).as(as).isEqualTo(offset);
        assertThat(page.total()).as(as).isEqualTo(logs.size());
        assertThat(page.logs()).as(as).hasSize(Math.min(limit, logs.size() - offset));
        assertThat(page.nextCursor() == null).as(as).isEqualTo(offset + limit >= logs.size());
        page.logs().forEach(log -> paged.add(log.id()));
      }
      assertThat(paged).as("limit " + limit).containsExactlyElementsOf(expected);
      assertThat(queries.logs(ADMIN, LogFilter.ALL, limit, logs.size(), null).logs()).isEmpty();
    }
  }

  @Test
  void cursorPagesNeitherSkipNorRepeatLogs() {
    sharedSample();
    assertThat(logs).hasSize(84);

    for (int limit : List.of(1, 4, 7, 10, 84, 100)) {
      List<String> walked = new ArrayList<>();
      LogCursor cursor = null;
      int pages = 0;
      do {
        AnalyticsQueries.LogPage page = queries.logs(ADMIN, LogFilter.ALL, limit, 0, cursor);
        pages++;
        String as = "limit " + limit + ", page " + pages;
        assertThat(page.total()).as(as).isEqualTo(logs.size());
        assertThat(page.logs()).as(as).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
        if (page.nextCursor() != null) {
          assertThat(page.logs()).as(as).hasSize(limit);
          RequestLog last = page.logs().get(limit - 1);
          assertThat(page.nextCursor())
              .as(as)
              .isEqualTo(new LogCursor(last.timestamp().toEpochMilli(), last.id()));
        }
        page.logs().forEach(log -> walked.add(log.id()));
        // As a client would: the cursor travels as its token.
        cursor = page.nextCursor() == null ? null : LogCursor.parse(page.nextCursor().token());
      } while (cursor != null && pages <= logs.size());

      assertThat(walked).as("limit " + limit).containsExactlyElementsOf(idsNewestFirst(logs));
      assertThat(pages).as("limit " + limit).isEqualTo((logs.size() + limit - 1) / limit);
    }
    // The pages of a filter walk its logs only.
    LogFilter filter = new LogFilter(at(1, 30), at(16, 30), null, "openai", null, null, null);
    List<String> walked = new ArrayList<>();
    LogCursor cursor = null;
    do {
      AnalyticsQueries.LogPage page = queries.logs(ADMIN, filter, 3, 0, cursor);
      assertThat(page.total()).isEqualTo(select(logs, filter).size());
      page.logs().forEach(log -> walked.add(log.id()));
      cursor = page.nextCursor();
    } while (cursor != null && walked.size() <= logs.size());

    assertThat(walked).containsExactlyElementsOf(idsNewestFirst(select(logs, filter)));
  }

  @Test
  void cursorPagesStayPutWhileNewLogsArriveButOffsetPagesShift() {
    freshSample();
    int limit = 10;
    AnalyticsQueries.LogPage first = queries.logs(ADMIN, LogFilter.ALL, limit, 0, null);
    List<RequestLog> newer =
        IntStream.range(0, 3)
            .mapToObj(i -> LogRowSamples.log(400 + i, NOW.plusSeconds(i), "usr_ada"))
            .toList();
    LogRowSamples.write(store, newer);

    List<String> walked = new ArrayList<>(first.logs().stream().map(RequestLog::id).toList());
    LogCursor cursor = first.nextCursor();
    while (cursor != null && walked.size() <= 2 * logs.size()) {
      AnalyticsQueries.LogPage page = queries.logs(ADMIN, LogFilter.ALL, limit, 0, cursor);
      page.logs().forEach(log -> walked.add(log.id()));
      cursor = page.nextCursor();
    }

    assertThat(walked).containsExactlyElementsOf(idsNewestFirst(logs));
    AnalyticsQueries.LogPage second = queries.logs(ADMIN, LogFilter.ALL, limit, limit, null);
    assertThat(second.logs().subList(0, newer.size()))
        .extracting(RequestLog::id)
        .containsExactlyElementsOf(
            first.logs().subList(limit - newer.size(), limit).stream()
                .map(RequestLog::id)
                .toList());
    assertThat(second.total()).isEqualTo(logs.size() + newer.size());
  }

  @Test
  void totalCountsOnlyTheLogsStillStoredAfterOlderOnesWerePurged() {
    freshSample();
    Instant cutoff = at(5, 10);
    List<RequestLog> kept = logs.stream().filter(log -> !log.timestamp().isBefore(cutoff)).toList();

    RetentionPurger.Result result = purger.purgeLogsBefore(cutoff);

    assertThat(result.logs()).isEqualTo(logs.size() - kept.size()).isGreaterThan(7);
    for (LogFilter filter :
        List.of(
            LogFilter.ALL,
            range(at(0, 30), at(9, 45)),
            range(at(1, 0), at(8, 0)),
            range(at(-3, 0), at(5, 20)),
            range(at(6, 30), null),
            LogFilter.ALL.withUser("usr_bob"),
            new LogFilter(at(2, 15), null, null, "openai", null, null, null),
            new LogFilter(null, at(12, 0), null, null, null, LogFilter.Outcome.SUCCESS, null))) {
      AnalyticsQueries.LogPage page = queries.logs(ADMIN, filter, 1_000, 0, null);
      assertThat(page.total()).as("total of %s", filter).isEqualTo(select(kept, filter).size());
      assertThat(page.logs())
          .extracting(RequestLog::id)
          .as("logs of %s", filter)
          .containsExactlyElementsOf(idsNewestFirst(select(kept, filter)));
    }
    // A user's total, too.
    assertThat(queries.logs(ADA, range(at(0, 0), at(12, 0)), 1, 0, null).total())
        .isEqualTo(select(kept, range(at(0, 0), at(12, 0)).withUser("usr_ada")).size());
    // The rollups stay: stats of the purged whole hours still count their logs.
    assertStatsOf(
        queries.stats(ADMIN, range(at(1, 0), at(5, 0))),
        select(logs, range(at(1, 0), at(5, 0))),
        at(1, 0),
        at(5, 0));
  }

  @Test
  void statsCostsSeriesAndTotalsAcrossWholeDaysAreTheSumsOfTheirLogsAlsoAfterAPurge() {
    freshSample();
    LogRowSamples.write(store, days());
    List<RequestLog> all = new ArrayList<>(logs);
    all.addAll(days());
    List<LogFilter> filters =
        List.of(
            range(day(0).plusSeconds(5_000), day(3).plusSeconds(40_000)),
            range(day(1), day(3)),
            range(at(0, 30), day(4).minusMillis(1)),
            LogFilter.ALL,
            new LogFilter(day(0).plusSeconds(1), null, "usr_ada", null, null, null, null),
            new LogFilter(null, day(2).plusSeconds(7), null, "openai", null, null, null),
            range(day(0).plusSeconds(5_000), day(3).plusSeconds(40_000)).withEndpoint("messages"));

    for (LogFilter filter : filters) {
      Instant start = filter.start() == null ? at(-20, 0) : filter.start();
      Instant end = filter.end() == null ? day(6) : filter.end();
      LogFilter ranged = filter.withRange(start, end);
      check(
          "stats of " + ranged,
          () -> assertStatsOf(queries.stats(ADMIN, ranged), select(all, ranged), start, end));
      check(
          "costs of " + ranged,
          () -> assertCostsOf(queries.costs(ADMIN, ranged), select(all, ranged), start, end));
      check(
          "daily series of " + ranged,
          () ->
              assertThat(
                      queries
                          .timeseries(
                              ADMIN, ranged, TimeBucket.DAY, null, TimeSeriesMetric.REQUESTS)
                          .pointsOf("all")
                          .values()
                          .stream()
                          .mapToLong(Number::longValue)
                          .sum())
                  .isEqualTo(select(all, ranged).size()));
      check(
          "total of " + filter,
          () ->
              assertThat(queries.logs(ADMIN, filter, 5, 0, null).total())
                  .isEqualTo(select(all, filter).size()));
    }

    // After a purge to the middle of day 1 the totals count the logs still stored, days of them
    // included.
    Instant cutoff = day(1).plusSeconds(12_345);
    purger.purgeLogsBefore(cutoff);
    List<RequestLog> kept = all.stream().filter(log -> !log.timestamp().isBefore(cutoff)).toList();
    for (LogFilter filter : filters) {
      check(
          "total after the purge of " + filter,
          () ->
              assertThat(queries.logs(ADMIN, filter, 5, 0, null).total())
                  .isEqualTo(select(kept, filter).size()));
    }
    // The rollups stay: stats of whole purged days (and hours) still count their logs.
    Instant start = at(0, 0);
    assertStatsOf(
        queries.stats(ADMIN, range(start, day(3))),
        select(all, range(start, day(3))),
        start,
        day(3));
  }

  // ---- time series ----

  @Test
  void everyBucketOfTheRangeHasAPointWithTheSumsOfItsLogs() {
    sharedSample();
    Map<TimeBucket, List<Instant[]>> ranges =
        Map.of(
            TimeBucket.HOUR,
                List.of(new Instant[] {at(0, 30), at(18, 45)}, new Instant[] {at(1, 0), at(5, 0)}),
            TimeBucket.DAY, List.<Instant[]>of(new Instant[] {at(-11, 0), at(45, 0)}),
            TimeBucket.MINUTE, List.<Instant[]>of(new Instant[] {at(2, 50), at(4, 30)}));

    ranges.forEach(
        (bucket, list) ->
            list.forEach(
                range -> {
                  Instant start = range[0];
                  Instant end = range[1];
                  List<RequestLog> rows = select(logs, range(start, end));
                  List<Instant> buckets = bucketStarts(bucket, start, end);
                  for (TimeSeriesMetric metric :
                      List.of(
                          TimeSeriesMetric.REQUESTS,
                          TimeSeriesMetric.TOKENS,
                          TimeSeriesMetric.COST,
                          TimeSeriesMetric.ERRORS)) {
                    TimeSeries series =
                        queries.timeseries(ADMIN, range(start, end), bucket, null, metric);

                    check(
                        bucket.id()
                            + " buckets of "
                            + metric.id()
                            + " over ["
                            + start
                            + ", "
                            + end
                            + ")",
                        () -> {
                          assertThat(series.bucket()).isEqualTo(bucket.id());
                          assertThat(series.metric()).isEqualTo(metric.id());
                          assertThat(series.groupBy()).isNull();
                          assertThat(series.series())
                              .extracting(TimeSeries.Series::key)
                              .containsExactly("all");
                          assertPoints(series.series().get(0), buckets, rows, bucket, metric);
                        });
                  }
                }));
  }

  @Test
  void groupedSeriesHaveOneSeriesPerKeyEachWithEveryBucket() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(18, 45);
    List<RequestLog> rows = select(logs, range(start, end));
    List<Instant> buckets = bucketStarts(TimeBucket.HOUR, start, end);

    // The attribution dimensions have tests of their own (AttributedAnalyticsTest): the sample has
    // none.
    for (Dimension groupBy : Dimension.ROLLED_UP_IN_ORDER) {
      Function<RequestLog, String> dimension = dimension(groupBy);
      for (TimeSeriesMetric metric : List.of(TimeSeriesMetric.REQUESTS, TimeSeriesMetric.COST)) {
        TimeSeries series =
            queries.timeseries(ADMIN, range(start, end), TimeBucket.HOUR, groupBy, metric);

        check(
            "group_by " + groupBy.id() + ", " + metric.id(),
            () -> {
              assertThat(series.groupBy()).isEqualTo(groupBy.id());
              TreeSet<String> keys = new TreeSet<>();
              rows.forEach(log -> keys.add(keyOf(dimension.apply(log))));
              // Every request has an endpoint; the other dimensions have requests without one in
              // the sample.
              assertThat(keys).hasSizeGreaterThan(2);
              assertThat(keys.contains("(none)")).isEqualTo(groupBy != Dimension.ENDPOINT);
              assertThat(series.series())
                  .extracting(TimeSeries.Series::key)
                  .containsExactlyElementsOf(keys);
              for (TimeSeries.Series one : series.series()) {
                assertPoints(
                    one,
                    buckets,
                    rows.stream()
                        .filter(log -> keyOf(dimension.apply(log)).equals(one.key()))
                        .toList(),
                    TimeBucket.HOUR,
                    metric);
              }
            });
      }
    }
  }

  @Test
  void filtersApplyToGroupedSeriesToo() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(18, 45);
    LogFilter adas = range(start, end).withUser("usr_ada");
    List<RequestLog> rows = select(logs, adas);

    TimeSeries series =
        queries.timeseries(
            ADMIN, adas, TimeBucket.HOUR, Dimension.PROVIDER, TimeSeriesMetric.TOKENS);

    Map<String, Long> byProvider = new LinkedHashMap<>();
    series
        .series()
        .forEach(
            one ->
                byProvider.put(
                    one.key(),
                    one.points().stream()
                        .mapToLong(point -> ((Number) point.get(1)).longValue())
                        .sum()));
    assertThat(byProvider).isEqualTo(sumBy(rows, RequestLog::providerId, RequestLog::totalTokens));
  }

  @Test
  void theLatencyP50OfEachBucketLiesInTheHistogramBucketOfItsMedian() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(18, 45);
    List<RequestLog> rows = select(logs, range(start, end));

    TimeSeries series =
        queries.timeseries(
            ADMIN, range(start, end), TimeBucket.HOUR, null, TimeSeriesMetric.LATENCY_P50);

    Map<String, Number> points = series.pointsOf("all");
    assertThat(points.keySet())
        .containsExactlyElementsOf(
            bucketStarts(TimeBucket.HOUR, start, end).stream().map(Instant::toString).toList());
    points.forEach(
        (at, p50) -> {
          List<RequestLog> inBucket =
              rows.stream()
                  .filter(log -> bucketOf(log.timestamp(), TimeBucket.HOUR).toString().equals(at))
                  .toList();
          if (inBucket.isEmpty()) {
            assertThat(p50.longValue()).as(at).isZero();
          } else {
            long[] bounds = percentileBounds(inBucket, 0.5);
            assertThat(p50.longValue()).as(at).isBetween(bounds[0], bounds[1]);
          }
        });
  }

  @Test
  void theSumsOfEverySeriesAreTheStatsTotals() {
    sharedSample();
    Instant start = at(0, 30);
    Instant end = at(18, 45);
    UsageStats stats = queries.stats(ADMIN, range(start, end));
    List<RequestLog> rows = select(logs, range(start, end));
    Dimension[] groupings = {
      null, Dimension.USER, Dimension.PROVIDER, Dimension.MODEL, Dimension.ENDPOINT
    };

    for (TimeBucket bucket : TimeBucket.values()) {
      for (Dimension groupBy : groupings) {
        String as = bucket.id() + " by " + groupBy;
        assertThat(
                sum(
                    queries.timeseries(
                        ADMIN, range(start, end), bucket, groupBy, TimeSeriesMetric.REQUESTS)))
            .as(as)
            .isEqualByComparingTo(BigDecimal.valueOf(stats.totalRequests()));
        assertThat(
                sum(
                    queries.timeseries(
                        ADMIN, range(start, end), bucket, groupBy, TimeSeriesMetric.TOKENS)))
            .as(as)
            .isEqualByComparingTo(BigDecimal.valueOf(stats.totalTokens()));
        assertThat(
                sum(
                    queries.timeseries(
                        ADMIN, range(start, end), bucket, groupBy, TimeSeriesMetric.COST)))
            .as(as)
            .isEqualByComparingTo(stats.totalCostUsd());
        assertThat(
                sum(
                    queries.timeseries(
                        ADMIN, range(start, end), bucket, groupBy, TimeSeriesMetric.ERRORS)))
            .as(as)
            .isEqualByComparingTo(BigDecimal.valueOf(errors(rows)));
      }
    }
  }

  @Test
  void theEndpointBreakdownsAddUpToTheTotalsAndEachIsWhatItsFilterCounts() {
    freshSample();
    LogRowSamples.write(store, days());
    List<RequestLog> all = concat(logs, days());
    // Whole days from the daily rollups, whole hours from the hourly ones and raw rows at both
    // ends.
    LogFilter range = range(at(0, 30), day(3).plusSeconds(40_000));
    UsageStats stats = queries.stats(ADMIN, range);

    assertThat(stats.requestsByEndpoint())
        .containsOnlyKeys("chat.completions", "messages", "responses", "embeddings");
    assertThat(stats.requestsByEndpoint().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(stats.totalRequests())
        .isEqualTo(select(all, range).size());
    assertThat(stats.tokensByEndpoint().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(stats.totalTokens());
    assertThat(stats.costByEndpoint().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(stats.totalCostUsd());
    assertThat(queries.costs(ADMIN, range).costByEndpoint()).isEqualTo(stats.costByEndpoint());
    for (String endpoint : stats.requestsByEndpoint().keySet()) {
      LogFilter only = range.withEndpoint(endpoint);
      UsageStats one = queries.stats(ADMIN, only);
      assertThat(one.totalRequests())
          .as(endpoint)
          .isEqualTo(stats.requestsByEndpoint().get(endpoint))
          .isEqualTo(queries.logs(ADMIN, only, 1, 0, null).total())
          .isEqualTo(select(all, only).size());
      assertThat(one.totalCostUsd())
          .as(endpoint)
          .isEqualByComparingTo(stats.costByEndpoint().get(endpoint));
      assertThat(one.requestsByEndpoint()).as(endpoint).containsOnlyKeys(endpoint);
      assertThat(queries.logs(ADMIN, only, 1_000, 0, null).logs())
          .extracting(RequestLog::endpoint)
          .containsOnly(endpoint);
    }
  }

  @Test
  void aBucketThatWouldMakeTooManyPointsIsInvalidInputNamingBucket() {
    sharedSample();
    Instant start = at(0, 0);

    assertThat(
            queries
                .timeseries(
                    ADMIN,
                    range(start, start.plus(Duration.ofMinutes(AnalyticsQueries.MAX_POINTS))),
                    TimeBucket.MINUTE,
                    null,
                    TimeSeriesMetric.REQUESTS)
                .pointsOf("all"))
        .hasSize(1_500);
    for (LogFilter tooLong :
        List.of(
            range(start, start.plus(Duration.ofMinutes(1_501))),
            // 1,500 minutes that start mid-minute touch 1,501 minute buckets.
            range(start.plusSeconds(30), start.plusSeconds(30).plus(Duration.ofMinutes(1_500))))) {
      assertThatThrownBy(
              () ->
                  queries.timeseries(
                      ADMIN, tooLong, TimeBucket.MINUTE, null, TimeSeriesMetric.REQUESTS))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.errors()).extracting(FieldError::param).containsExactly("bucket"));
    }
    assertThat(
            queries
                .timeseries(
                    ADMIN,
                    range(start, start.plus(Duration.ofMinutes(1_501))),
                    TimeBucket.HOUR,
                    null,
                    TimeSeriesMetric.REQUESTS)
                .pointsOf("all"))
        .hasSize(26);
  }

  @Test
  void withoutABucketTheRangeChoosesOne() {
    sharedSample();
    Instant start = at(0, 0);
    TimeSeries sixHours =
        queries.timeseries(
            ADMIN,
            range(start, start.plus(Duration.ofHours(6))),
            null,
            null,
            TimeSeriesMetric.REQUESTS);
    TimeSeries longer =
        queries.timeseries(
            ADMIN,
            range(start, start.plus(Duration.ofHours(6)).plusMillis(1)),
            null,
            null,
            TimeSeriesMetric.REQUESTS);
    TimeSeries fortnight =
        queries.timeseries(
            ADMIN,
            range(start, start.plus(Duration.ofDays(14))),
            null,
            null,
            TimeSeriesMetric.REQUESTS);
    TimeSeries month =
        queries.timeseries(
            ADMIN,
            range(start, start.plus(Duration.ofDays(30))),
            null,
            null,
            TimeSeriesMetric.REQUESTS);

    assertThat(sixHours.bucket()).isEqualTo("minute");
    assertThat(sixHours.pointsOf("all")).hasSize(360);
    assertThat(longer.bucket()).isEqualTo("hour");
    assertThat(longer.pointsOf("all")).hasSize(7);
    assertThat(fortnight.bucket()).isEqualTo("hour");
    assertThat(fortnight.pointsOf("all")).hasSize(14 * 24);
    assertThat(month.bucket()).isEqualTo("day");
    assertThat(month.pointsOf("all")).hasSize(31);
    assertThat(month.pointsOf("all").values().stream().mapToLong(Number::longValue).sum())
        .isEqualTo(logs.size());
  }

  // ---- exports ----

  @Test
  void everyFormatExportsEveryMatchingLogOldestFirstAndIsAudited() throws Exception {
    freshSample();
    LogFilter openai = new LogFilter(at(0, 30), at(18, 45), null, "openai", null, null, null);
    List<RequestLog> openaiLogs = select(logs, openai);
    LogFilter adas = new LogFilter(null, null, "usr_ada", null, null, null, null);
    List<RequestLog> adasLogs = select(logs, adas);
    StringWriter ndjson = new StringWriter();
    StringWriter csv = new StringWriter();
    StringWriter json = new StringWriter();

    ExportRecord record =
        queries.export(ADMIN, openai, ExportFormat.NDJSON, ndjson, "provider_id=openai");
    clock.advance(Duration.ofSeconds(5));
    ExportRecord csvRecord = queries.export(ADMIN, adas, ExportFormat.CSV, csv, "user_id=usr_ada");
    clock.advance(Duration.ofSeconds(5));
    ExportRecord jsonRecord =
        queries.export(ADMIN, adas, ExportFormat.JSON, json, "user_id=usr_ada");

    assertThat(ndjson.toString()).endsWith("\n");
    assertThat(ndjsonIds(ndjson.toString())).containsExactlyElementsOf(idsOldestFirst(openaiLogs));
    List<List<String>> records = ExportCsvReader.read(csv.toString());
    assertThat(records.get(0)).startsWith("Timestamp", "Request ID", "User ID");
    assertThat(records.subList(1, records.size()))
        .extracting(row -> row.get(1))
        .containsExactlyElementsOf(
            adasLogs.stream()
                .sorted(AnalyticsQueriesFixtures.OLDEST_FIRST)
                .map(RequestLog::requestId)
                .toList());
    assertThat(records.subList(1, records.size()))
        .extracting(row -> row.get(2))
        .containsOnly("usr_ada");
    JsonNode array = JSON.readTree(json.toString());
    assertThat(array.isArray()).isTrue();
    List<String> jsonIds = new ArrayList<>();
    array.forEach(row -> jsonIds.add(row.get("id").asText()));
    assertThat(jsonIds).containsExactlyElementsOf(idsOldestFirst(adasLogs));
    assertThat(record.userId()).isEqualTo("usr_root");
    assertThat(record.userName()).isEqualTo("root");
    assertThat(record.kind()).isEqualTo("logs");
    assertThat(record.format()).isEqualTo("ndjson");
    assertThat(record.filter()).isEqualTo("provider_id=openai");
    assertThat(record.rows()).isEqualTo(openaiLogs.size());
    assertThat(record.completed()).isTrue();
    assertThat(record.createdAt()).isEqualTo(NOW);
    assertThat(List.of(csvRecord.rows(), jsonRecord.rows())).containsOnly((long) adasLogs.size());
    assertThat(queries.exports(ADMIN, 10, 0)).containsExactly(jsonRecord, csvRecord, record);
    assertThat(queries.exports(ADMIN, 10, 0))
        .extracting(ExportRecord::format, ExportRecord::createdAt)
        .containsExactly(
            tuple("json", NOW.plusSeconds(10)),
            tuple("csv", NOW.plusSeconds(5)),
            tuple("ndjson", NOW));
    assertThat(queries.exportCount(ADMIN)).isEqualTo(3);
  }

  @Test
  void anExportThatFailsHalfWayIsAuditedAsIncompleteAndRethrown() {
    freshSample();
    StringWriter full = new StringWriter();
    queries.export(ADMIN, LogFilter.ALL, ExportFormat.CSV, full, "");
    String[] lines = full.toString().split("\r\n");
    assertThat(lines).hasSize(logs.size() + 1);
    int rowsThatFit = 10;
    int limit = lines[0].length() + 2;
    for (int i = 1; i <= rowsThatFit; i++) {
      limit += lines[i].length() + 2;
    }
    limit += lines[rowsThatFit + 1].length() / 2;
    AnalyticsQueriesFixtures.FailingWriter client =
        new AnalyticsQueriesFixtures.FailingWriter(limit);
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(
            () -> queries.export(ADMIN, LogFilter.ALL, ExportFormat.CSV, client, "everything"))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("client went away");

    assertThat(full.toString()).startsWith(client.written());
    List<ExportRecord> audit = queries.exports(ADMIN, 10, 0);
    assertThat(audit).hasSize(2);
    ExportRecord failed = audit.get(0);
    assertThat(failed.completed()).isFalse();
    assertThat(failed.rows()).isEqualTo(rowsThatFit);
    assertThat(failed.filter()).isEqualTo("everything");
    assertThat(failed.kind()).isEqualTo("logs");
    assertThat(failed.format()).isEqualTo("csv");
    assertThat(failed.userId()).isEqualTo("usr_root");
    assertThat(audit.get(1).completed()).isTrue();
    assertThat(audit.get(1).rows()).isEqualTo(logs.size());
    // JSON too; Jackson buffers a few kB before it writes, so the count is of rows handed over.
    AnalyticsQueriesFixtures.FailingWriter jsonClient =
        new AnalyticsQueriesFixtures.FailingWriter(2_000);
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(
            () -> queries.export(ADMIN, LogFilter.ALL, ExportFormat.JSON, jsonClient, "all"))
        .hasRootCauseMessage("client went away");
    ExportRecord failedJson = queries.exports(ADMIN, 1, 0).get(0);
    assertThat(failedJson.completed()).isFalse();
    assertThat(failedJson.format()).isEqualTo("json");
    assertThat(failedJson.rows()).isLessThan(logs.size());
    assertThat(jsonClient.written()).doesNotEndWith("]");
  }

  @Test
  void theAuditTrailIsForAdminsOnlyNewestFirstAndPaged() {
    freshSample();
    for (Caller caller : List.of(ADMIN, BOB, ADA)) {
      queries.export(
          caller, LogFilter.ALL, ExportFormat.NDJSON, new StringWriter(), "by " + caller.userId());
      clock.advance(Duration.ofSeconds(1));
    }
    queries.exportStats(BOB, LogFilter.ALL, true, new StringWriter(), "stats");

    assertThatThrownBy(() -> queries.exports(BOB, 10, 0)).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> queries.exportCount(ADA)).isInstanceOf(AccessDeniedException.class);
    assertThat(queries.exportCount(ADMIN)).isEqualTo(4);
    assertThat(queries.exports(ADMIN, 2, 0))
        .extracting(ExportRecord::filter)
        .containsExactly("stats", "by usr_ada");
    assertThat(queries.exports(ADMIN, 2, 2))
        .extracting(ExportRecord::filter)
        .containsExactly("by usr_bob", "by usr_root");
    assertThat(queries.exports(ADMIN, 10, 0))
        .extracting(ExportRecord::userId)
        .containsExactly("usr_bob", "usr_ada", "usr_bob", "usr_root");
    assertThat(queries.exports(ADMIN, 10, 0).get(0).kind()).isEqualTo("stats");
  }

  @Test
  void aStatsExportHasTheSummaryOfTheRangeAsJsonOrAsCsvInFourSections() throws Exception {
    freshSample();
    Instant start = at(0, 30);
    Instant end = at(18, 45);
    List<RequestLog> rows = select(logs, range(start, end));
    StringWriter out = new StringWriter();

    ExportRecord record =
        queries.exportStats(ADMIN, range(start, end), false, out, "start_time=" + start);

    JsonNode document = JSON.readTree(out.toString());
    assertThat(fieldNames(document))
        .containsExactly(
            "exported_at",
            "time_range",
            "summary",
            "cost_by_provider",
            "cost_by_user",
            "requests_by_provider",
            "requests_by_user",
            "cost_by_endpoint",
            "requests_by_endpoint");
    assertThat(document.get("exported_at").asText()).isEqualTo(NOW.toString());
    assertThat(document.get("time_range").get("start").asText()).isEqualTo(start.toString());
    assertThat(document.get("time_range").get("end").asText()).isEqualTo(end.toString());
    JsonNode summary = document.get("summary");
    assertThat(summary.get("total_requests").asLong()).isEqualTo(rows.size());
    assertThat(summary.get("total_tokens").asLong()).isEqualTo(tokens(rows));
    assertThat(summary.get("total_cost_usd").decimalValue()).isEqualByComparingTo(cost(rows));
    assertThat(summary.get("error_rate").asDouble())
        .isCloseTo(errors(rows) / (double) rows.size(), within(5e-5));
    assertThat(summary.get("avg_latency_ms").asDouble())
        .isCloseTo(
            rows.stream().mapToLong(RequestLog::latencyMs).sum() / (double) rows.size(),
            within(5e-5));
    assertThat(decimals(document.get("cost_by_provider")))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::providerId));
    assertThat(decimals(document.get("cost_by_user")))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::userId));
    Map<String, Long> requestsByProvider = new LinkedHashMap<>();
    document
        .get("requests_by_provider")
        .properties()
        .forEach(field -> requestsByProvider.put(field.getKey(), field.getValue().asLong()));
    assertThat(requestsByProvider)
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::providerId, log -> 1));
    assertThat(decimals(document.get("cost_by_endpoint")))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::endpoint));
    assertThat(record.kind()).isEqualTo("stats");
    assertThat(record.format()).isEqualTo("json");
    assertThat(record.rows()).isEqualTo(1);
    assertThat(record.completed()).isTrue();
    assertThat(queries.exports(ADMIN, 10, 0)).containsExactly(record);

    // As CSV, for a user and the default range: four sections.
    StringWriter csv = new StringWriter();
    clock.advance(Duration.ofSeconds(1));
    Instant now = clock.instant();
    ExportRecord csvRecord = queries.exportStats(BOB, LogFilter.ALL, true, csv, "");

    List<RequestLog> bobs =
        select(logs, range(now.minus(Duration.ofHours(24)), now).withUser("usr_bob"));
    List<List<String>> records = ExportCsvReader.read(csv.toString());
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (i == 0 || records.get(i - 1).equals(List.of(""))) {
        titles.add(records.get(i).get(0));
      }
    }
    assertThat(titles)
        .containsExactly("Summary", "Cost by Provider", "Cost by User", "Cost by Endpoint");
    Map<String, String> csvSummary = new LinkedHashMap<>();
    records
        .subList(2, records.indexOf(List.of("")))
        .forEach(r -> csvSummary.put(r.get(0), r.get(1)));
    assertThat(csvSummary)
        .containsEntry("Exported At", now.toString())
        .containsEntry("Start", now.minus(Duration.ofHours(24)).toString())
        .containsEntry("End", now.toString())
        .containsEntry("Total Requests", Integer.toString(bobs.size()))
        .containsEntry("Total Tokens", Long.toString(tokens(bobs)));
    assertThat(new BigDecimal(csvSummary.get("Total Cost (USD)"))).isEqualByComparingTo(cost(bobs));
    int users = records.indexOf(List.of("Cost by User"));
    int endpoints = records.indexOf(List.of("Cost by Endpoint"));
    assertThat(records.subList(users + 1, endpoints))
        .containsExactly(
            List.of("User", "Cost (USD)"),
            List.of("usr_bob", cost(bobs).stripTrailingZeros().toPlainString()),
            List.of(""));
    Map<String, BigDecimal> byEndpoint = new LinkedHashMap<>();
    records
        .subList(endpoints + 2, records.size())
        .forEach(r -> byEndpoint.put(r.get(0), new BigDecimal(r.get(1))));
    assertThat(stripped(byEndpoint)).containsExactlyEntriesOf(costBy(bobs, RequestLog::endpoint));
    assertThat(csvRecord.format()).isEqualTo("csv");
    assertThat(csvRecord.userId()).isEqualTo("usr_bob");
  }

  // ---- purge ----

  @Test
  void onlyAnAdminMayPurgeAndThePurgeDeletesExactlyTheOlderLogsButKeepsTheRollups() {
    freshSample();
    Instant before = at(4, 20); // five logs stand exactly at this time: they stay
    LogRowStore rows = new LogRowStore(store);
    List<Rollup> rollups = rows.rollups();
    Set<String> kept = new HashSet<>();
    logs.stream()
        .filter(log -> !log.timestamp().isBefore(before))
        .forEach(log -> kept.add(log.id()));

    assertThatThrownBy(() -> queries.purge(BOB, NOW)).isInstanceOf(AccessDeniedException.class);
    assertThat(rows.countLogs()).isEqualTo(logs.size());

    long deleted = queries.purge(ADMIN, before);

    assertThat(deleted).isEqualTo(logs.size() - kept.size()).isGreaterThan(7);
    assertThat(rows.recentLogs(1_000))
        .extracting(RequestLog::id)
        .containsExactlyInAnyOrderElementsOf(kept);
    assertThat(rows.rollups()).isEqualTo(rollups);
    assertThat(queries.purge(ADMIN, before)).isZero();
  }

  // ---- latency percentiles ----

  @Test
  void fastRequestsGetAMedianFromTheFineLatencyBucketsNotFromZeroTo50() {
    freshSample();
    Instant hour = START.minus(Duration.ofDays(2));
    List<RequestLog> fast =
        IntStream.rangeClosed(1, 5)
            .mapToObj(
                ms ->
                    withLatency(
                        LogRowSamples.log(
                            300 + ms, hour.plus(Duration.ofMinutes(10L * ms)), "usr_ada"),
                        ms))
            .toList();
    LogRowSamples.write(store, fast);

    // A whole hour (from the rollups) and a part of one (from the raw rows).
    for (LogFilter filter :
        List.of(
            range(hour, hour.plus(Duration.ofHours(1))),
            range(hour.plusSeconds(300), hour.plusSeconds(3_300)))) {
      UsageStats stats = queries.stats(ADMIN, filter);
      assertThat(stats.totalRequests()).isEqualTo(5);
      // The median, 3 ms, lies in (2, 5]; the old 0-50 ms bucket made it 25.
      assertThat(stats.p50LatencyMs()).as("p50 of %s", filter).isBetween(2L, 5L);
      assertThat(stats.p95LatencyMs()).as("p95 of %s", filter).isBetween(2L, 5L);
      TimeSeries series =
          queries.timeseries(ADMIN, filter, TimeBucket.HOUR, null, TimeSeriesMetric.LATENCY_P50);
      assertThat(series.pointsOf("all").get(hour.toString()).longValue()).isBetween(2L, 5L);
      TimeSeries p95 =
          queries.timeseries(ADMIN, filter, TimeBucket.HOUR, null, TimeSeriesMetric.LATENCY_P95);
      assertThat(p95.pointsOf("all").get(hour.toString()).longValue()).isBetween(2L, 5L);
      assertThat(
              queries.timeseries(
                  ADMIN,
                  filter,
                  TimeBucket.HOUR,
                  null,
                  List.of(TimeSeriesMetric.LATENCY_P50, TimeSeriesMetric.LATENCY_P95)))
          .as("several metrics from one read, as each alone")
          .containsExactly(series, p95);
    }
  }

  // ---- helpers ----

  private static void assertPoints(
      TimeSeries.Series series,
      List<Instant> buckets,
      List<RequestLog> rows,
      TimeBucket bucket,
      TimeSeriesMetric metric) {
    assertThat(series.points()).as("points of %s", series.key()).hasSize(buckets.size());
    for (int i = 0; i < buckets.size(); i++) {
      Instant at = buckets.get(i);
      List<RequestLog> inBucket =
          rows.stream().filter(log -> bucketOf(log.timestamp(), bucket).equals(at)).toList();
      BigDecimal expected =
          switch (metric) {
            case REQUESTS -> BigDecimal.valueOf(inBucket.size());
            case TOKENS -> BigDecimal.valueOf(tokens(inBucket));
            case COST -> cost(inBucket);
            case ERRORS -> BigDecimal.valueOf(errors(inBucket));
            case LATENCY_P50, LATENCY_P95 ->
                throw new IllegalArgumentException("estimates are checked by bounds");
          };
      List<Object> point = series.points().get(i);
      assertThat(point.get(0))
          .as("time of point %d of %s", i, series.key())
          .isEqualTo(at.toString());
      assertThat(new BigDecimal(point.get(1).toString()))
          .as("%s at %s of %s", metric.id(), at, series.key())
          .isEqualByComparingTo(expected);
    }
  }

  private static BigDecimal sum(TimeSeries series) {
    return series.series().stream()
        .flatMap(one -> one.points().stream())
        .map(point -> new BigDecimal(point.get(1).toString()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static Function<RequestLog, String> dimension(Dimension dimension) {
    return switch (dimension) {
      case USER -> RequestLog::userId;
      case PROVIDER -> RequestLog::providerId;
      case MODEL -> RequestLog::modelName;
      case ENDPOINT -> RequestLog::endpoint;
      default -> throw new IllegalArgumentException("Not in the sample: " + dimension);
    };
  }

  private static List<String> ndjsonIds(String ndjson) {
    List<String> ids = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isEmpty()) {
        try {
          ids.add(JSON.readTree(line).get("id").asText());
        } catch (java.io.IOException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
      }
    }
    return ids;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, BigDecimal> decimals(JsonNode object) {
    Map<String, BigDecimal> values = new LinkedHashMap<>();
    object
        .properties()
        .forEach(field -> values.put(field.getKey(), field.getValue().decimalValue()));
    return stripped(values);
  }
}
