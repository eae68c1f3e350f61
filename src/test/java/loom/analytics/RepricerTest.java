package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import loom.config.PriceConfig;
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
class RepricerTest {
  private static final PriceTable CORRECTED =
      PriceTable.load(
          List.of(
              new PriceConfig(
                  "openai", "gpt-4o-mini", new BigDecimal("1"), new BigDecimal("2"), null),
              new PriceConfig("openai", "gpt-4o", new BigDecimal("3"), new BigDecimal("4"), null),
              new PriceConfig("demo", "demo-1", new BigDecimal("5"), new BigDecimal("6"), null)),
          List.of());

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private List<RequestLog> logs;

  @BeforeEach
  void storeWithLogs() {
    store = stores.open(dialect);
    logs = LogRowSamples.logs(120);
    LogRowSamples.write(store, logs);
  }

  @Test
  void rowsInTheRangeGetTheCorrectedCostAndTheRollupsFollow() {
    Instant start = LogRowSamples.START.plusSeconds(3_600);
    Instant end = LogRowSamples.START.plusSeconds(10 * 3_600);

    Repricer.Result result = new Repricer(store, CORRECTED).reprice(start, end);

    Map<String, RequestLog> after =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .collect(Collectors.toMap(RequestLog::id, Function.identity()));
    long expectedUpdates = 0;
    long expectedDelta = 0;
    for (RequestLog before : logs) {
      RequestLog now = after.get(before.id());
      boolean inRange = !before.timestamp().isBefore(start) && before.timestamp().isBefore(end);
      boolean priceable =
          before.statusCode() < 400
              && before.providerId() != null
              && before.cacheStatus() != CacheStatus.HIT;
      if (inRange && priceable) {
        Cost expected =
            CORRECTED.cost(
                before.providerId(), before.modelName(), usageOf(before), before.timestamp());
        assertThat(now.costUsd())
            .as(before.id())
            .isEqualByComparingTo(Money.fromNanos(Money.toNanos(expected.usd())));
        // A row nothing prices has no price version, as when it was logged.
        assertThat(now.priceVersion())
            .as(before.id())
            .isEqualTo(expected.priced() ? CORRECTED.version() : null);
        expectedUpdates++;
        expectedDelta += Money.toNanos(now.costUsd()) - Money.toNanos(before.costUsd());
      } else {
        assertThat(now.costUsd()).as(before.id()).isEqualByComparingTo(before.costUsd());
        assertThat(now.priceVersion()).isEqualTo(before.priceVersion());
        assertThat(now.metadata()).isEqualTo(before.metadata());
      }
    }
    assertThat(result.updated()).isEqualTo(expectedUpdates).isPositive();
    assertThat(result.costDeltaNanos()).isEqualTo(expectedDelta).isNotZero();
    long rowCostNanos =
        after.values().stream().mapToLong(log -> Money.toNanos(log.costUsd())).sum();
    long rollupCostNanos =
        new LogRowStore(store).rollups().stream().mapToLong(Rollup::costNanos).sum();
    assertThat(rollupCostNanos).isEqualTo(rowCostNanos);
    // Both rollup tables follow, row by row: as if the repriced logs had been written so.
    List<RequestLog> repriced = List.copyOf(after.values());
    assertThat(new LogRowStore(store).rollups())
        .isEqualTo(AnalyticsDaoTest.expectedRollups(repriced));
    assertThat(new LogRowStore(store).dailyRollups())
        .isEqualTo(AnalyticsDaoTest.expectedDailyRollups(repriced));
  }

  @Test
  void repricingTwiceChangesNothingTheSecondTime() {
    Repricer repricer = new Repricer(store, CORRECTED);
    Instant end = LogRowSamples.START.plusSeconds(100 * 3_600);

    repricer.reprice(LogRowSamples.START, end);

    assertThat(repricer.reprice(LogRowSamples.START, end).updated()).isZero();
  }

  @Test
  void eachRowIsRepricedAtThePricesOfItsOwnDay() {
    // gpt-4o at $1 per 1M tokens, $2 from 2026-03-02: the samples run from 2026-03-01 10:00 for 34
    // hours.
    PriceTable history =
        PriceTable.of(
            PriceListTest.read(
                """
        {'header': {}, 'providers': [{'id': 'openai', 'api_pattern': 'https://api[.]openai[.]com',
          'model_match': {'starts_with': 'gpt-'}, 'models': [{'id': 'gpt-4o', 'match': {'equals': 'gpt-4o'},
          'prices': [{'input_mtok': 1, 'output_mtok': 1}, {'start_date': '2026-03-02', 'input_mtok': 2,
          'output_mtok': 2}]}]}]}"""),
            List.of(),
            List.of());
    Instant changed = Instant.parse("2026-03-02T00:00:00Z");

    new Repricer(store, history)
        .reprice(LogRowSamples.START, LogRowSamples.START.plusSeconds(100 * 3_600));

    Map<String, RequestLog> after =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .collect(Collectors.toMap(RequestLog::id, Function.identity()));
    List<RequestLog> repriced =
        logs.stream()
            .filter(
                log ->
                    "gpt-4o".equals(log.modelName())
                        && log.statusCode() < 400
                        && log.providerId() != null
                        && log.cacheStatus() != CacheStatus.HIT)
            .toList();
    assertThat(repriced)
        .anyMatch(log -> log.timestamp().isBefore(changed))
        .anyMatch(log -> !log.timestamp().isBefore(changed));
    for (RequestLog before : repriced) {
      long perMillion = before.timestamp().isBefore(changed) ? 1 : 2;
      BigDecimal expected =
          BigDecimal.valueOf((before.promptTokens() + before.completionTokens()) * perMillion, 6);
      assertThat(after.get(before.id()).costUsd()).as(before.id()).isEqualByComparingTo(expected);
    }
  }

  @Test
  void oneModelsRepricingChangesExactlyItsRowsInTheRangeAndTheRollupsFollow() {
    Instant start = LogRowSamples.START.plusSeconds(3_600);
    Instant end = LogRowSamples.START.plusSeconds(10 * 3_600);

    Map<String, RequestLog> stored =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .collect(Collectors.toMap(RequestLog::id, Function.identity()));

    Repricer.Result result = new Repricer(store, CORRECTED).reprice(start, end, "openai", "gpt-4o");

    Map<String, RequestLog> after =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .collect(Collectors.toMap(RequestLog::id, Function.identity()));
    long expectedUpdates = 0;
    long expectedDelta = 0;
    for (RequestLog before : logs) {
      RequestLog now = after.get(before.id());
      boolean matches =
          !before.timestamp().isBefore(start)
              && before.timestamp().isBefore(end)
              && "openai".equals(before.providerId())
              && "gpt-4o".equals(before.modelName())
              && before.statusCode() < 400
              && before.cacheStatus() != CacheStatus.HIT;
      if (matches) {
        BigDecimal expected =
            CORRECTED.cost("openai", "gpt-4o", usageOf(before), before.timestamp()).usd();
        assertThat(now.costUsd())
            .as(before.id())
            .isEqualByComparingTo(Money.fromNanos(Money.toNanos(expected)));
        assertThat(now.priceVersion()).isEqualTo(CORRECTED.version());
        expectedUpdates++;
        expectedDelta += Money.toNanos(now.costUsd()) - Money.toNanos(before.costUsd());
      } else {
        assertThat(now).as(before.id()).isEqualTo(stored.get(before.id()));
      }
    }
    assertThat(result.updated()).isEqualTo(expectedUpdates).isPositive();
    assertThat(result.costDeltaNanos()).isEqualTo(expectedDelta).isPositive();
    List<RequestLog> repriced = List.copyOf(after.values());
    assertThat(new LogRowStore(store).rollups())
        .isEqualTo(AnalyticsDaoTest.expectedRollups(repriced));
    assertThat(new LogRowStore(store).dailyRollups())
        .isEqualTo(AnalyticsDaoTest.expectedDailyRollups(repriced));
  }

  @Test
  void aRowThatGetsAPriceLosesItsUnpricedFlagAndOneThatLosesItsPriceGetsIt() {
    Instant at = Instant.parse("2026-05-01T12:00:00Z");
    RequestLog unpriced =
        call(
            "was_unpriced",
            at,
            "openai",
            "gpt-4o",
            BigDecimal.ZERO,
            null,
            "{\"usage_missing\":true,\"unpriced\":true}");
    RequestLog priced =
        call(
            "was_priced",
            at.plusSeconds(1),
            "openai",
            "mystery",
            new BigDecimal("0.5"),
            "prices-1",
            null);
    LogRowSamples.write(store, List.of(unpriced, priced));

    Repricer.Result result = new Repricer(store, CORRECTED).reprice(at, at.plusSeconds(60));

    Map<String, RequestLog> after =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .collect(Collectors.toMap(RequestLog::id, Function.identity()));
    // gpt-4o at $3 / $4 per 1M: 1,000 and 500 tokens.
    assertThat(after.get("was_unpriced").costUsd()).isEqualByComparingTo("0.005");
    assertThat(after.get("was_unpriced").priceVersion()).isEqualTo(CORRECTED.version());
    assertThat(after.get("was_unpriced").metadata()).isEqualTo("{\"usage_missing\":true}");
    assertThat(after.get("was_priced").costUsd()).isEqualByComparingTo("0");
    assertThat(after.get("was_priced").priceVersion()).isNull();
    assertThat(after.get("was_priced").metadata()).isEqualTo("{\"unpriced\":true}");
    assertThat(result.updated()).isEqualTo(2);
    assertThat(result.costDeltaNanos())
        .isEqualTo(Money.toNanos(new BigDecimal("0.005")) - Money.toNanos(new BigDecimal("0.5")));
  }

  @Test
  void theUnpricedFlagIsSetOrTakenOutAndTheOtherFlagsStay() {
    assertThat(Repricer.flagged(null, true)).isEqualTo("{\"unpriced\":true}");
    assertThat(Repricer.flagged(null, false)).isNull();
    assertThat(Repricer.flagged("{\"unpriced\":true}", false)).isNull();
    assertThat(Repricer.flagged("{\"usage_missing\":true}", true))
        .isEqualTo("{\"usage_missing\":true,\"unpriced\":true}");
    String both = "{\"unpriced\":true,\"client_disconnected\":true}";
    assertThat(Repricer.flagged(both, true)).isSameAs(both);
    assertThat(Repricer.flagged(both, false)).isEqualTo("{\"client_disconnected\":true}");
    assertThat(Repricer.flagged("not json", true)).isEqualTo("not json");
  }

  private static RequestLog call(
      String id,
      Instant at,
      String provider,
      String model,
      BigDecimal cost,
      String priceVersion,
      String metadata) {
    return new RequestLog(
        id,
        id,
        at,
        "usr_ada",
        "key_1",
        null,
        "POST",
        "/v1/chat/completions",
        null,
        provider,
        model,
        1_000,
        500,
        1_500,
        0,
        0,
        0,
        0,
        100,
        50L,
        200,
        cost,
        BigDecimal.ZERO,
        priceVersion,
        CacheStatus.MISS,
        false,
        null,
        null,
        null,
        metadata);
  }

  @Test
  void cacheWritesAreRepricedAtTheirPriceAndTheOneHourOnesAtTwiceInput() {
    // $3 input, $0.30 cache read, $3.75 cache write (five minutes), $15 output per 1M tokens.
    PriceTable claude =
        PriceTable.of(
            PriceListTest.read(
                """
        {'header': {}, 'providers': [{'id': 'anthropic', 'api_pattern': 'https://api[.]anthropic[.]com',
          'model_match': {'starts_with': 'claude-'}, 'models': [{'id': 'claude-x', 'match': {'equals': 'claude-x'},
          'prices': [{'input_mtok': 3, 'cache_read_mtok': 0.3, 'cache_write_mtok': 3.75, 'output_mtok': 15}]}]}]}"""),
            List.of(),
            List.of());
    Instant at = LogRowSamples.START.plusSeconds(600);
    RequestLog written =
        new RequestLog(
            "log_claude",
            "req_claude",
            at,
            "usr_ada",
            "key_1",
            null,
            "POST",
            "/v1/messages",
            null,
            "anthropic",
            "claude-x",
            10_000,
            500,
            10_500,
            2_000,
            7_000,
            4_000,
            0,
            900,
            300L,
            200,
            new BigDecimal("0.01"),
            BigDecimal.ZERO,
            "old-prices",
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null);
    LogRowSamples.write(store, List.of(written));

    new Repricer(store, claude).reprice(at, at.plusSeconds(1));

    // 1,000 uncached × $3 + 2,000 read × $0.30 + 3,000 five-minute writes × $3.75 + 4,000 one-hour
    // writes × $6 + 500 output × $15.
    RequestLog after =
        new LogRowStore(store)
            .recentLogs(1_000).stream()
                .filter(log -> log.id().equals("log_claude"))
                .findFirst()
                .orElseThrow();
    assertThat(after.costUsd()).isEqualByComparingTo("0.04635");
    assertThat(after.cacheWriteTokens()).isEqualTo(7_000);
    assertThat(after.cacheWrite1hTokens()).isEqualTo(4_000);
    assertThat(new LogRowStore(store).rollups())
        .filteredOn(
            rollup -> rollup.endpoint().equals("messages") && rollup.modelName().equals("claude-x"))
        .singleElement()
        .satisfies(rollup -> assertThat(rollup.costNanos()).isEqualTo(46_350_000))
        .satisfies(rollup -> assertThat(rollup.cacheWriteTokens()).isEqualTo(7_000));
  }

  private static loom.proxy.Usage usageOf(RequestLog log) {
    return new loom.proxy.Usage(
        log.promptTokens(),
        log.completionTokens(),
        log.totalTokens(),
        log.cachedTokens(),
        log.reasoningTokens(),
        log.cacheWriteTokens(),
        log.cacheWrite1hTokens(),
        true);
  }
}
