package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import loom.auth.Caller;
import loom.auth.Role;
import loom.proxy.CacheStatus;

/**
 * The data set of the analytics read-side tests and the brute-force answers they are checked against:
 * every expectation is summed here from the {@link RequestLog}s that were written, never from the store.
 */
final class AnalyticsQueriesFixtures {
  static final Instant START = LogRowSamples.START;
  static final String NONE = "(none)";
  static final Caller ADMIN = new Caller("usr_root", "root", Role.ADMIN, null);
  static final Caller ADA = user("usr_ada");
  static final Caller BOB = user("usr_bob");
  static final long HOUR_MS = Duration.ofHours(1).toMillis();

  /** Bucket bounds of the rollups' latency histogram (ms), as documented in ANALYTICS_API.md. */
  static final long[] LATENCY_BOUNDS = {
    1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000
  };

  private AnalyticsQueriesFixtures() {}

  static Caller user(String id) {
    return new Caller(id, id.substring("usr_".length()), Role.USER, null);
  }

  /** {@link #START} plus hours and minutes. */
  static Instant at(int hours, int minutes) {
    return START.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes));
  }

  /**
   * About 90 logs over 20 hours (10:00 to 05:33 the next day, so across a UTC midnight), of three users and
   * of none, two providers and none, three models and none, errors, cache hits and every latency bucket;
   * with rows on and 1 ms before hour boundaries and five rows in the same millisecond.
   */
  static List<RequestLog> sample() {
    List<RequestLog> logs = new ArrayList<>(LogRowSamples.logs(70));
    for (int k = 0; k < 6; k++) {
      logs.add(LogRowSamples.log(100 + k, at(2 * k + 1, 7).plusSeconds(30), null));
    }
    logs.add(LogRowSamples.log(120, at(3, 0).minusMillis(1), "usr_ada"));
    logs.add(LogRowSamples.log(121, at(3, 0), "usr_bob"));
    logs.add(LogRowSamples.log(122, at(7, 0), "usr_cy"));
    for (int k = 0; k < 5; k++) {
      logs.add(LogRowSamples.log(200 + k, at(4, 20), LogRowSamples.USERS.get(k % 3)));
    }
    return List.copyOf(logs);
  }

  /** The first UTC midnight of {@link #days()}: two days after the day {@link #START} is in. */
  static final Instant DAYS_START = Instant.parse("2026-03-03T00:00:00Z");

  /**
   * About 120 more logs over four whole UTC days from {@link #DAYS_START} (after {@link #sample()}, with other
   * ids), of every user and none, some exactly at a midnight and 1 ms before one, so ranges can cut days and
   * hours anywhere.
   */
  static List<RequestLog> days() {
    List<RequestLog> logs = new ArrayList<>();
    int id = 1_000;
    for (Instant at = DAYS_START.plusSeconds(7);
        at.isBefore(day(4));
        at = at.plus(Duration.ofMinutes(47))) {
      logs.add(LogRowSamples.log(id, at, id % 4 == 3 ? null : LogRowSamples.USERS.get(id % 3)));
      id++;
    }
    for (int day = 1; day < 4; day++) {
      logs.add(LogRowSamples.log(id++, day(day), LogRowSamples.USERS.get(day % 3)));
      logs.add(
          LogRowSamples.log(id++, day(day).minusMillis(1), LogRowSamples.USERS.get((day + 1) % 3)));
    }
    return List.copyOf(logs);
  }

  /** {@link #DAYS_START} plus days. */
  static Instant day(int days) {
    return DAYS_START.plus(Duration.ofDays(days));
  }

  static RequestLog withLatency(RequestLog l, long latencyMs) {
    return new RequestLog(
        l.id(),
        l.requestId(),
        l.timestamp(),
        l.userId(),
        l.apiKeyId(),
        l.endUser(),
        l.method(),
        l.path(),
        l.endpoint(),
        l.providerId(),
        l.modelName(),
        l.promptTokens(),
        l.completionTokens(),
        l.totalTokens(),
        l.cachedTokens(),
        l.cacheWriteTokens(),
        l.cacheWrite1hTokens(),
        l.reasoningTokens(),
        latencyMs,
        l.timeToFirstByteMs(),
        l.statusCode(),
        l.costUsd(),
        l.costSavedUsd(),
        l.priceVersion(),
        l.cacheStatus(),
        l.stream(),
        l.errorMessage(),
        l.requestBody(),
        l.responseBody(),
        l.metadata());
  }

  static LogFilter range(Instant start, Instant end) {
    return new LogFilter(start, end, null, null, null, null, null);
  }

  /**
   * Runs the assertions of one case of a table that shares one store (a store per case would make the
   * PostgreSQL run several times slower), naming the case when they fail.
   */
  static void check(String description, Runnable assertions) {
    try {
      assertions.run();
    } catch (AssertionError e) {
      throw new AssertionError(description + ": " + e.getMessage(), e);
    }
  }

  // ---- brute force ----

  /** Whether a log is one of the filter's, as ANALYTICS_API.md defines the filter. */
  static boolean matches(LogFilter filter, RequestLog log) {
    Instant ts = log.timestamp();
    return (filter.start() == null || !ts.isBefore(filter.start()))
        && (filter.end() == null || ts.isBefore(filter.end()))
        && (filter.userId() == null || filter.userId().equals(log.userId()))
        && (filter.providerId() == null || filter.providerId().equals(log.providerId()))
        && (filter.model() == null || filter.model().equals(log.modelName()))
        && (filter.endpoint() == null || filter.endpoint().equals(log.endpoint()))
        && (filter.outcome() == null
            || (filter.outcome() == LogFilter.Outcome.ERROR) == (log.statusCode() >= 400))
        && (filter.cacheStatus() == null || filter.cacheStatus() == log.cacheStatus())
        && (filter.search() == null
            || contains(log.path(), filter.search())
            || contains(log.errorMessage(), filter.search()));
  }

  private static boolean contains(String text, String part) {
    return text != null
        && text.toLowerCase(java.util.Locale.ROOT)
            .contains(part.toLowerCase(java.util.Locale.ROOT));
  }

  static List<RequestLog> select(List<RequestLog> logs, LogFilter filter) {
    return logs.stream().filter(log -> matches(filter, log)).toList();
  }

  static final Comparator<RequestLog> OLDEST_FIRST =
      Comparator.comparing(RequestLog::timestamp).thenComparing(RequestLog::id);

  static List<String> idsNewestFirst(List<RequestLog> logs) {
    return logs.stream().sorted(OLDEST_FIRST.reversed()).map(RequestLog::id).toList();
  }

  static List<String> idsOldestFirst(List<RequestLog> logs) {
    return logs.stream().sorted(OLDEST_FIRST).map(RequestLog::id).toList();
  }

  static String keyOf(String value) {
    return value == null ? NONE : value;
  }

  static long tokens(List<RequestLog> logs) {
    return logs.stream().mapToLong(RequestLog::totalTokens).sum();
  }

  static BigDecimal cost(List<RequestLog> logs) {
    return logs.stream().map(RequestLog::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static long errors(List<RequestLog> logs) {
    return logs.stream().filter(log -> log.statusCode() >= 400).count();
  }

  static Map<String, Long> sumBy(
      List<RequestLog> logs, Function<RequestLog, String> key, ToLongFunction<RequestLog> value) {
    Map<String, Long> sums = new TreeMap<>();
    logs.forEach(log -> sums.merge(keyOf(key.apply(log)), value.applyAsLong(log), Long::sum));
    return largestFirst(sums);
  }

  static Map<String, BigDecimal> costBy(List<RequestLog> logs, Function<RequestLog, String> key) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    logs.forEach(log -> sums.merge(keyOf(key.apply(log)), log.costUsd(), BigDecimal::add));
    return largestFirst(stripped(sums));
  }

  /** The documented order of breakdowns: largest first, ties by name. */
  static <V extends Comparable<V>> Map<String, V> largestFirst(Map<String, V> values) {
    Map<String, V> sorted = new LinkedHashMap<>();
    values.entrySet().stream()
        .sorted(
            (a, b) -> {
              int byValue = b.getValue().compareTo(a.getValue());
              return byValue != 0 ? byValue : a.getKey().compareTo(b.getKey());
            })
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }

  /** The same amounts without trailing zeros, in the same order, so that maps of them compare by value. */
  static Map<String, BigDecimal> stripped(Map<String, BigDecimal> costs) {
    Map<String, BigDecimal> result = new LinkedHashMap<>();
    costs.forEach((key, usd) -> result.put(key, usd.stripTrailingZeros()));
    return result;
  }

  /** The index of the latency histogram bucket (le_1 … le_120000, le_inf) that holds a latency. */
  static int bucketOf(long latencyMs) {
    int i = 0;
    while (i < LATENCY_BOUNDS.length && latencyMs > LATENCY_BOUNDS[i]) {
      i++;
    }
    return i;
  }

  static long[] histogram(List<RequestLog> logs) {
    long[] counts = new long[LATENCY_BOUNDS.length + 1];
    logs.forEach(log -> counts[bucketOf(log.latencyMs())]++);
    return counts;
  }

  /**
   * The interval a histogram estimate of the quantile must lie in: the bounds of the bucket that holds the
   * request of rank ⌈q·n⌉ (for the open last bucket: its lower bound, the documented cap).
   */
  static long[] percentileBounds(List<RequestLog> logs, double quantile) {
    List<Long> sorted = logs.stream().map(RequestLog::latencyMs).sorted().toList();
    long latency = sorted.get((int) Math.ceil(quantile * sorted.size()) - 1);
    int bucket = bucketOf(latency);
    long lower = bucket == 0 ? 0 : LATENCY_BOUNDS[bucket - 1];
    long upper = bucket == LATENCY_BOUNDS.length ? lower : LATENCY_BOUNDS[bucket];
    return new long[] {lower, upper};
  }

  /** The stats of these rows, checked field by field against sums over them. */
  static void assertStatsOf(UsageStats stats, List<RequestLog> rows, Instant start, Instant end) {
    long n = rows.size();
    assertThat(stats.totalRequests()).as("total_requests").isEqualTo(n);
    assertThat(stats.totalTokens()).as("total_tokens").isEqualTo(tokens(rows));
    assertThat(stats.totalCostUsd()).as("total_cost_usd").isEqualByComparingTo(cost(rows));
    assertThat(stats.costSavedUsd())
        .as("cost_saved_usd")
        .isEqualByComparingTo(
            rows.stream().map(RequestLog::costSavedUsd).reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(stats.errorRate())
        .as("error_rate")
        .isCloseTo(n == 0 ? 0 : errors(rows) / (double) n, within(5e-5));
    assertThat(stats.cacheHitRate())
        .as("cache_hit_rate")
        .isCloseTo(
            n == 0
                ? 0
                : rows.stream().filter(log -> log.cacheStatus() == CacheStatus.HIT).count()
                    / (double) n,
            within(5e-5));
    assertThat(stats.avgLatencyMs())
        .as("avg_latency_ms")
        .isCloseTo(
            n == 0 ? 0 : rows.stream().mapToLong(RequestLog::latencyMs).sum() / (double) n,
            within(5e-5));
    assertThat(stats.requestsByUser())
        .as("requests_by_user")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::userId, log -> 1));
    assertThat(stats.requestsByProvider())
        .as("requests_by_provider")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::providerId, log -> 1));
    assertThat(stats.requestsByModel())
        .as("requests_by_model")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::modelName, log -> 1));
    assertThat(stripped(stats.costByProvider()))
        .as("cost_by_provider")
        .containsExactlyEntriesOf(costBy(rows, RequestLog::providerId));
    assertThat(stripped(stats.costByUser()))
        .as("cost_by_user")
        .containsExactlyEntriesOf(costBy(rows, RequestLog::userId));
    assertThat(stripped(stats.costByModel()))
        .as("cost_by_model")
        .containsExactlyEntriesOf(costBy(rows, RequestLog::modelName));
    assertThat(stats.tokensByProvider())
        .as("tokens_by_provider")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::providerId, RequestLog::totalTokens));
    assertThat(stats.tokensByUser())
        .as("tokens_by_user")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::userId, RequestLog::totalTokens));
    Map<String, Long> requests = sumBy(rows, RequestLog::providerId, log -> 1);
    Map<String, Long> latency = sumBy(rows, RequestLog::providerId, RequestLog::latencyMs);
    List<String> slowestFirst =
        requests.keySet().stream()
            .sorted(
                Comparator.comparingDouble(
                        (String key) -> -latency.get(key) / (double) requests.get(key))
                    .thenComparing(Comparator.naturalOrder()))
            .toList();
    assertThat(stats.latencyByProvider().keySet())
        .as("latency_by_provider keys")
        .containsExactlyElementsOf(slowestFirst);
    requests.forEach(
        (key, count) ->
            assertThat(stats.latencyByProvider().get(key))
                .as("latency of " + key)
                .isCloseTo(latency.get(key) / (double) count, within(5e-5)));
    assertThat(stats.requestsByEndpoint())
        .as("requests_by_endpoint")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::endpoint, log -> 1));
    assertThat(stripped(stats.costByEndpoint()))
        .as("cost_by_endpoint")
        .containsExactlyEntriesOf(costBy(rows, RequestLog::endpoint));
    assertThat(stats.tokensByEndpoint())
        .as("tokens_by_endpoint")
        .containsExactlyEntriesOf(sumBy(rows, RequestLog::endpoint, RequestLog::totalTokens));
    Map<String, Long> endpointRequests = sumBy(rows, RequestLog::endpoint, log -> 1);
    Map<String, Long> endpointLatency = sumBy(rows, RequestLog::endpoint, RequestLog::latencyMs);
    assertThat(stats.latencyByEndpoint().keySet())
        .as("latency_by_endpoint keys")
        .containsExactlyInAnyOrderElementsOf(endpointRequests.keySet());
    endpointRequests.forEach(
        (key, count) ->
            assertThat(stats.latencyByEndpoint().get(key))
                .as("latency of " + key)
                .isCloseTo(endpointLatency.get(key) / (double) count, within(5e-5)));
    if (n == 0) {
      assertThat(stats.p50LatencyMs()).isZero();
      assertThat(stats.p95LatencyMs()).isZero();
    } else {
      long[] p50 = percentileBounds(rows, 0.50);
      long[] p95 = percentileBounds(rows, 0.95);
      assertThat(stats.p50LatencyMs()).as("p50_latency_ms").isBetween(p50[0], p50[1]);
      assertThat(stats.p95LatencyMs())
          .as("p95_latency_ms")
          .isBetween(p95[0], p95[1])
          .isGreaterThanOrEqualTo(stats.p50LatencyMs());
    }
    assertThat(stats.timeRange()).isEqualTo(new UsageStats.TimeRange(start, end));
  }

  /** The cost summary of these rows, checked against sums over them. */
  static void assertCostsOf(CostSummary costs, List<RequestLog> rows, Instant start, Instant end) {
    BigDecimal total = cost(rows);
    long tokens = tokens(rows);
    assertThat(costs.totalCostUsd()).isEqualByComparingTo(total);
    assertThat(costs.totalRequests()).isEqualTo(rows.size());
    assertThat(costs.totalTokens()).isEqualTo(tokens);
    assertThat(costs.costPerRequest())
        .isEqualByComparingTo(
            rows.isEmpty()
                ? BigDecimal.ZERO
                : total.divide(
                    BigDecimal.valueOf(rows.size()), 9, java.math.RoundingMode.HALF_EVEN));
    assertThat(costs.costPer1kTokens())
        .isEqualByComparingTo(
            tokens == 0
                ? BigDecimal.ZERO
                : total
                    .multiply(BigDecimal.valueOf(1_000))
                    .divide(BigDecimal.valueOf(tokens), 9, java.math.RoundingMode.HALF_EVEN));
    assertThat(stripped(costs.costByProvider()))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::providerId));
    assertThat(stripped(costs.costByUser()))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::userId));
    assertThat(stripped(costs.costByModel()))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::modelName));
    assertThat(stripped(costs.costByEndpoint()))
        .containsExactlyEntriesOf(costBy(rows, RequestLog::endpoint));
    assertThat(costs.timeRange()).isEqualTo(new UsageStats.TimeRange(start, end));
  }

  /** The starts of the buckets that [start, end) touches, counted by hand. */
  static List<Instant> bucketStarts(TimeBucket bucket, Instant start, Instant end) {
    long width = bucket.millis();
    List<Instant> starts = new ArrayList<>();
    if (!start.isBefore(end)) {
      return starts;
    }
    for (long at = Math.floorDiv(start.toEpochMilli(), width) * width;
        at < end.toEpochMilli();
        at += width) {
      starts.add(Instant.ofEpochMilli(at));
    }
    return starts;
  }

  static Instant bucketOf(Instant ts, TimeBucket bucket) {
    return Instant.ofEpochMilli(
        Math.floorDiv(ts.toEpochMilli(), bucket.millis()) * bucket.millis());
  }

  /**
   * The aggregate rows {@link UsageAggregator} must answer for these logs, summed by hand: per bucket (0 without
   * one) and per grouped dimension ({@code ""} for a dimension not grouped by or missing), in key order.
   */
  static List<Rollup> expectedAggregate(
      List<RequestLog> logs,
      LogFilter filter,
      long from,
      long to,
      TimeBucket bucket,
      Set<Dimension> groupBy) {
    Map<List<Object>, List<RequestLog>> groups = new LinkedHashMap<>();
    for (RequestLog log : logs) {
      long ts = log.timestamp().toEpochMilli();
      if (ts < from || ts >= to || !matches(filter.withRange(null, null), log)) {
        continue;
      }
      long start = bucket == null ? 0 : Math.floorDiv(ts, bucket.millis()) * bucket.millis();
      List<Object> key =
          List.of(
              start,
              groupBy.contains(Dimension.USER) ? Objects.toString(log.userId(), "") : "",
              groupBy.contains(Dimension.PROVIDER) ? Objects.toString(log.providerId(), "") : "",
              groupBy.contains(Dimension.MODEL) ? Objects.toString(log.modelName(), "") : "",
              groupBy.contains(Dimension.ENDPOINT) ? log.endpoint() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(log);
    }
    List<Rollup> expected = new ArrayList<>();
    groups.forEach(
        (key, group) ->
            expected.add(
                rollupOf(
                    (long) key.get(0),
                    (String) key.get(1),
                    (String) key.get(2),
                    (String) key.get(3),
                    (String) key.get(4),
                    group)));
    expected.sort(
        Comparator.comparingLong(Rollup::hourStart)
            .thenComparing(Rollup::userId)
            .thenComparing(Rollup::providerId)
            .thenComparing(Rollup::modelName)
            .thenComparing(Rollup::endpoint));
    return expected;
  }

  static Rollup rollupOf(
      long start,
      String user,
      String provider,
      String model,
      String endpoint,
      List<RequestLog> group) {
    long[] h = histogram(group);
    return new Rollup(
        start,
        user,
        provider,
        model,
        endpoint,
        group.size(),
        errors(group),
        group.stream().mapToLong(RequestLog::promptTokens).sum(),
        group.stream().mapToLong(RequestLog::completionTokens).sum(),
        tokens(group),
        group.stream().mapToLong(RequestLog::cachedTokens).sum(),
        group.stream().mapToLong(RequestLog::cacheWriteTokens).sum(),
        group.stream().mapToLong(log -> log.costUsd().movePointRight(9).longValueExact()).sum(),
        group.stream()
            .mapToLong(log -> log.costSavedUsd().movePointRight(9).longValueExact())
            .sum(),
        group.stream()
            .mapToLong(log -> log.promptCacheSavedUsd().movePointRight(9).longValueExact())
            .sum(),
        group.stream().filter(log -> log.cacheStatus() == CacheStatus.HIT).count(),
        group.stream().mapToLong(RequestLog::latencyMs).sum(),
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        h[5],
        h[6],
        h[7],
        h[8],
        h[9],
        h[10],
        h[11],
        h[12],
        h[13],
        h[14],
        h[15],
        h[16]);
  }

  /** A client that goes away: takes {@code limit} characters, then fails every write that would pass it. */
  static final class FailingWriter extends Writer {
    private final StringBuilder written = new StringBuilder();
    private final int limit;

    FailingWriter(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      if (written.length() + length > limit) {
        throw new IOException("client went away");
      }
      written.append(chars, offset, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    String written() {
      return written.toString();
    }
  }
}
