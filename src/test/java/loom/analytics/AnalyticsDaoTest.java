package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import loom.config.StorageConfig;
import loom.proxy.Attribution;
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
class AnalyticsDaoTest {
  static final long HOUR_MS = 3_600_000;
  static final long DAY_MS = 86_400_000;
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private LogRowStore rows;

  @BeforeEach
  void open() {
    store = stores.open(dialect);
    rows = new LogRowStore(store);
  }

  @Test
  void aLogWithEveryFieldSetComesBackExactly() {
    RequestLog full =
        new RequestLog(
            "log_full",
            "req_full",
            Instant.parse("2026-03-01T10:15:30.123Z"),
            "usr_ada",
            "key_1",
            "end-user-7",
            "POST",
            "/v1/messages",
            "messages",
            "openai",
            "gpt-4o-mini",
            1_234,
            567,
            1_801,
            1_000,
            200,
            150,
            42,
            8_765,
            321L,
            201,
            new BigDecimal("0.000123457"),
            new BigDecimal("12.345678901"),
            "prices-2026-03",
            CacheStatus.MISS,
            true,
            "x'); DROP TABLE request_logs; --",
            "{\"q\":\"SELECT * FROM users WHERE 1=1; --\"}",
            "answer with 'quotes', \"double\", \\backslash, :colon ?mark $1 and ünïcødé 🚀",
            "{\"client_disconnected\":true}",
            "resp_1",
            new Attribution("team_1", "sess-1", "claude-code", List.of("env:prod", "billing")),
            new BigDecimal("0.000045"));

    insert(List.of(full));

    assertThat(rows.recentLogs(10)).containsExactly(full);
    List<String> tags =
        store.read(
            handle ->
                handle
                    .createQuery(
                        "SELECT tag FROM request_log_tags"
                            + " WHERE log_id = 'log_full' ORDER BY tag")
                    .mapTo(String.class)
                    .list());
    assertThat(tags).containsExactly("billing", "env:prod");
  }

  @Test
  void nullFieldsStayNullAndDefaultsAreKept() {
    RequestLog sparse =
        new RequestLog(
            "log_sparse",
            "req_sparse",
            Instant.ofEpochMilli(1),
            null,
            null,
            null,
            "GET",
            "/v1/models",
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            3,
            null,
            401,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null);

    insert(List.of(sparse));

    RequestLog back = rows.recentLogs(1).get(0);
    assertThat(back)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(sparse);
    assertThat(back.timeToFirstByteMs()).isNull();
    assertThat(back.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
  }

  @Test
  void costsRoundToWholeNanoDollars() {
    RequestLog log = LogRowSamples.log(1);
    RequestLog tiny =
        new RequestLog(
            "log_tiny",
            "req_tiny",
            log.timestamp(),
            log.userId(),
            null,
            null,
            "POST",
            "/p",
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            200,
            new BigDecimal("0.0000000015"),
            new BigDecimal("1E-10"),
            null,
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null);

    insert(List.of(tiny));

    RequestLog back = rows.recentLogs(1).get(0);
    assertThat(back.costUsd()).isEqualByComparingTo("0.000000002");
    assertThat(back.costSavedUsd()).isEqualByComparingTo("0");
  }

  @Test
  void nulCharactersWhichPostgresCannotStoreBecomeReplacementCharactersOnBothDialects() {
    RequestLog log = LogRowSamples.log(2);
    RequestLog withNul =
        new RequestLog(
            log.id(),
            log.requestId(),
            log.timestamp(),
            log.userId(),
            null,
            null,
            "POST",
            "/p",
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            500,
            null,
            null,
            null,
            null,
            false,
            "bad\0byte",
            null,
            null,
            null);

    insert(List.of(withNul));

    assertThat(rows.recentLogs(1).get(0).errorMessage()).isEqualTo("bad\uFFFDbyte");
  }

  @Test
  void rollupsSumTheirRowsPerHourUserProviderAndModel() {
    List<RequestLog> logs = LogRowSamples.logs(300);

    insert(logs);

    assertThat(rows.rollups()).containsExactlyInAnyOrderElementsOf(expectedRollups(logs));
    assertThat(rows.rollups().stream().mapToLong(Rollup::requests).sum()).isEqualTo(300);
  }

  @Test
  void dailyRollupsSumTheirRowsPerUtcDayUserProviderAndModelInTheSameBatches() {
    List<RequestLog> logs = new ArrayList<>(LogRowSamples.logs(300));
    logs.addAll(AnalyticsQueriesFixtures.days());

    for (int from = 0; from < logs.size(); from += 37) {
      insert(logs.subList(from, Math.min(logs.size(), from + 37)));
    }

    assertThat(rows.dailyRollups()).isEqualTo(expectedDailyRollups(logs)).hasSizeGreaterThan(20);
    assertThat(rows.countDailyRollups()).isEqualTo(expectedDailyRollups(logs).size());
    assertThat(rows.dailyRollups()).isEqualTo(Rollup.daily(rows.rollups()));
  }

  @Test
  void theMigrationFillsTheDailyRollupsFromTheHourlyOnes() {
    StorageConfig config = stores.config(dialect);
    List<RequestLog> logs = new ArrayList<>(LogRowSamples.logs(300));
    logs.addAll(AnalyticsQueriesFixtures.days());
    // A store as V5 left it: hourly rollups only (written as the writer of then did), without
    // endpoints.
    OldSchemas.migrate(config, dialect, "5");
    OldSchemas.insertRollups(config, RollupTable.HOURLY, expectedRollups(logs, HOUR_MS, false));

    LogRowStore migrated = new LogRowStore(stores.open(config));

    // V8 keys them by endpoint too; with no logs left to tell, every row stays under endpoint "".
    assertThat(migrated.dailyRollups()).isEqualTo(expectedRollups(logs, DAY_MS, false));
  }

  @Test
  void repeatedBatchesAccumulateInTheSameRollupRows() {
    List<RequestLog> logs = LogRowSamples.logs(300);

    for (int from = 0; from < logs.size(); from += 37) {
      insert(logs.subList(from, Math.min(logs.size(), from + 37)));
    }

    assertThat(rows.rollups()).containsExactlyInAnyOrderElementsOf(expectedRollups(logs));
  }

  @Test
  void aRowStoredBeforeIsNeitherStoredNorRolledUpAgain() {
    List<LogRow> batch = LogRowSamples.logs(3).stream().map(LogRow::of).toList();
    insert(LogRowSamples.logs(2));

    int inserted =
        store.write(handle -> handle.attach(AnalyticsDao.class).insertWithRollups(batch));

    assertThat(inserted).isEqualTo(1);
    assertThat(rows.rollups())
        .containsExactlyInAnyOrderElementsOf(expectedRollups(LogRowSamples.logs(3)));
    assertThat(rows.dailyRollups()).isEqualTo(expectedDailyRollups(LogRowSamples.logs(3)));
  }

  @Test
  void aRowStoredBeforeIsSkippedAndReportedAsNotInserted() {
    List<LogRow> batch = LogRowSamples.logs(3).stream().map(LogRow::of).toList();
    store.write(handle -> handle.attach(AnalyticsDao.class).insertLogs(batch.subList(1, 2)));

    int[] counts = store.write(handle -> handle.attach(AnalyticsDao.class).insertLogs(batch));

    assertThat(counts).containsExactly(1, 0, 1);
    assertThat(rows.countLogs()).isEqualTo(3);
  }

  private void insert(List<RequestLog> logs) {
    List<LogRow> batch = logs.stream().map(LogRow::of).toList();
    int inserted =
        store.write(handle -> handle.attach(AnalyticsDao.class).insertWithRollups(batch));
    assertThat(inserted).isEqualTo(batch.size());
  }

  /** The hourly rollups of logs, summed here the slow, obvious way. */
  static List<Rollup> expectedRollups(List<RequestLog> logs) {
    return expectedRollups(logs, HOUR_MS, true);
  }

  /** The daily rollups of logs (the day's start as hourStart), summed the same way. */
  static List<Rollup> expectedDailyRollups(List<RequestLog> logs) {
    return expectedRollups(logs, DAY_MS, true);
  }

  /**
   * The rollups of logs per slot of {@code slotMs}, summed the slow, obvious way; {@code byEndpoint} false for
   * rollups as they were before V8: no endpoint (so {@code ""}) and no cache writes (so 0).
   */
  static List<Rollup> expectedRollups(List<RequestLog> logs, long slotMs, boolean byEndpoint) {
    Map<List<Object>, List<RequestLog>> groups = new LinkedHashMap<>();
    for (RequestLog log : logs) {
      long hour = log.timestamp().toEpochMilli() / slotMs * slotMs;
      groups
          .computeIfAbsent(
              List.of(
                  hour,
                  Objects.toString(log.userId(), ""),
                  Objects.toString(log.providerId(), ""),
                  Objects.toString(log.modelName(), ""),
                  byEndpoint ? log.endpoint() : ""),
              key -> new ArrayList<>())
          .add(log);
    }
    List<Rollup> expected = new ArrayList<>();
    groups.forEach(
        (key, group) -> {
          long[] buckets = new long[Rollup.BUCKETS];
          for (RequestLog log : group) {
            int bucket = Rollup.BUCKETS - 1;
            while (bucket > 0 && log.latencyMs() <= Rollup.LATENCY_BOUNDS_MS.get(bucket - 1)) {
              bucket--;
            }
            buckets[bucket]++;
          }
          expected.add(
              new Rollup(
                  (long) key.get(0),
                  (String) key.get(1),
                  (String) key.get(2),
                  (String) key.get(3),
                  (String) key.get(4),
                  group.size(),
                  group.stream().filter(log -> log.statusCode() >= 400).count(),
                  group.stream().mapToLong(RequestLog::promptTokens).sum(),
                  group.stream().mapToLong(RequestLog::completionTokens).sum(),
                  group.stream().mapToLong(RequestLog::totalTokens).sum(),
                  group.stream().mapToLong(RequestLog::cachedTokens).sum(),
                  byEndpoint ? group.stream().mapToLong(RequestLog::cacheWriteTokens).sum() : 0,
                  group.stream().mapToLong(log -> Money.toNanos(log.costUsd())).sum(),
                  group.stream().mapToLong(log -> Money.toNanos(log.costSavedUsd())).sum(),
                  group.stream().mapToLong(log -> Money.toNanos(log.promptCacheSavedUsd())).sum(),
                  group.stream().filter(log -> log.cacheStatus() == CacheStatus.HIT).count(),
                  group.stream().mapToLong(RequestLog::latencyMs).sum(),
                  buckets[0],
                  buckets[1],
                  buckets[2],
                  buckets[3],
                  buckets[4],
                  buckets[5],
                  buckets[6],
                  buckets[7],
                  buckets[8],
                  buckets[9],
                  buckets[10],
                  buckets[11],
                  buckets[12],
                  buckets[13],
                  buckets[14],
                  buckets[15],
                  buckets[16]));
        });
    expected.sort(
        Comparator.comparingLong(Rollup::hourStart)
            .thenComparing(Rollup::userId)
            .thenComparing(Rollup::providerId)
            .thenComparing(Rollup::modelName)
            .thenComparing(Rollup::endpoint));
    return expected;
  }
}
