package loom.analytics;

import static loom.analytics.AnalyticsQueriesFixtures.rollupOf;
import static loom.analytics.AnalyticsQueriesFixtures.withLatency;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TimeSeriesTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final long HOUR = 3_600_000;

  @ParameterizedTest(name = "{0} [{1}, {2}) → {3}")
  @CsvSource({
    "HOUR,   2026-03-01T10:00:00Z,     2026-03-01T11:00:00Z,     1",
    "HOUR,   2026-03-01T10:00:00Z,     2026-03-01T11:00:00.001Z, 2",
    "HOUR,   2026-03-01T10:30:00Z,     2026-03-01T11:30:00Z,     2",
    "HOUR,   2026-03-01T10:59:59.999Z, 2026-03-01T11:00:00Z,     1",
    "HOUR,   2026-03-01T10:00:00Z,     2026-03-01T10:00:00Z,     0",
    "HOUR,   2026-03-01T00:00:00Z,     2026-03-02T00:00:00Z,     24",
    "MINUTE, 2026-03-01T10:00:30Z,     2026-03-01T10:01:30Z,     2",
    "MINUTE, 2026-03-01T10:00:00Z,     2026-03-02T11:00:00Z,     1500",
    "DAY,    2026-03-01T23:00:00Z,     2026-03-02T01:00:00Z,     2",
    "DAY,    2026-03-01T00:00:00Z,     2026-03-31T00:00:00Z,     30",
    "DAY,    2026-02-28T12:00:00Z,     2026-03-01T00:00:00.001Z, 2"
  })
  void aRangeTouchesEveryBucketItOverlaps(
      TimeBucket bucket, Instant start, Instant end, long expected) {
    assertThat(TimeSeries.bucketCount(bucket, start, end)).isEqualTo(expected);
  }

  @Test
  void aGroupingOfManyKeysKeepsTheBusiestSeriesAndSumsTheRestIntoOther() {
    List<Rollup> rows = new java.util.ArrayList<>();
    long[] sums = new long[Rollup.SUMS + Rollup.BUCKETS];
    for (int session = 0; session < 30; session++) {
      // Session n made n + 1 requests in the first hour.
      sums[0] = session + 1;
      rows.add(Rollup.of(T.toEpochMilli(), "", "", "", "", sums.clone(), "s" + session));
    }

    TimeSeries series =
        TimeSeries.of(
            rows,
            TimeBucket.HOUR,
            TimeSeriesMetric.REQUESTS,
            Dimension.SESSION,
            T,
            T.plusMillis(HOUR));

    assertThat(series.series()).hasSize(TimeSeries.MAX_SERIES);
    assertThat(series.series())
        .extracting(TimeSeries.Series::key)
        .contains("s29", "s11", TimeSeries.OTHER)
        .doesNotContain("s10", "s0");
    // s0 … s10 made 1 + 2 + … + 11 requests.
    assertThat(series.pointsOf(TimeSeries.OTHER)).containsEntry(T.toString(), 66L);
  }

  @Test
  void anEmptyRangeTouchesNoBucketWhereverItStarts() {
    Instant midHour = T.plusSeconds(1_800);

    assertThat(TimeSeries.bucketCount(TimeBucket.HOUR, T, T)).isZero();
    assertThat(TimeSeries.bucketCount(TimeBucket.HOUR, midHour, midHour)).isZero();
    assertThat(
            TimeSeries.of(
                    List.of(), TimeBucket.HOUR, TimeSeriesMetric.REQUESTS, null, midHour, midHour)
                .pointsOf("all"))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} of {1} is {2}")
  @CsvSource({
    "MINUTE, 2026-03-01T10:17:42.123Z, 2026-03-01T10:17:00Z",
    "HOUR,   2026-03-01T10:17:42.123Z, 2026-03-01T10:00:00Z",
    "HOUR,   2026-03-01T11:00:00Z,     2026-03-01T11:00:00Z",
    "DAY,    2026-03-01T23:59:59.999Z, 2026-03-01T00:00:00Z",
    "DAY,    1969-12-31T12:00:00Z,     1969-12-31T00:00:00Z"
  })
  void aBucketStartsAtTheUtcMinuteHourOrDayThatHoldsTheTime(
      TimeBucket bucket, Instant at, Instant expected) {
    assertThat(bucket.floor(at)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("autoBuckets")
  void withoutABucketTheRangesLengthChoosesOne(Duration length, TimeBucket expected) {
    assertThat(TimeBucket.auto(T, T.plus(length))).isEqualTo(expected);
  }

  static Stream<Arguments> autoBuckets() {
    return Stream.of(
        Arguments.of(Duration.ZERO, TimeBucket.MINUTE),
        Arguments.of(Duration.ofMinutes(90), TimeBucket.MINUTE),
        Arguments.of(Duration.ofHours(6), TimeBucket.MINUTE),
        Arguments.of(Duration.ofHours(6).plusMillis(1), TimeBucket.HOUR),
        Arguments.of(Duration.ofDays(7), TimeBucket.HOUR),
        Arguments.of(Duration.ofDays(14), TimeBucket.HOUR),
        Arguments.of(Duration.ofDays(14).plusMillis(1), TimeBucket.DAY),
        Arguments.of(Duration.ofDays(400), TimeBucket.DAY));
  }

  @Test
  void bucketsMetricsAndDimensionsAreParsedByTheirApiNamesInAnyCase() {
    assertThat(TimeBucket.parse("Hour")).isEqualTo(TimeBucket.HOUR);
    assertThat(TimeSeriesMetric.parse("LATENCY_p50")).isEqualTo(TimeSeriesMetric.LATENCY_P50);
    assertThat(Dimension.parse("model")).isEqualTo(Dimension.MODEL);
    assertThatThrownBy(() -> TimeBucket.parse("week"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minute, hour, day")
        .hasMessageContaining("week");
    assertThatThrownBy(() -> TimeSeriesMetric.parse("p99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests, tokens, cost, latency_p50, latency_p95, errors");
    assertThat(Dimension.parse("Client_Tool")).isEqualTo(Dimension.CLIENT_TOOL);
    assertThatThrownBy(() -> Dimension.parse("customer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "user, provider, model, endpoint, team, key, tag, end_user, session, client_tool");
  }

  @Test
  void anUngroupedSeriesWithoutRowsIsOneSeriesOfZeros() {
    TimeSeries series =
        TimeSeries.of(
            List.of(),
            TimeBucket.HOUR,
            TimeSeriesMetric.REQUESTS,
            null,
            T.plusSeconds(1_800),
            T.plus(Duration.ofHours(3)));

    assertThat(series.bucket()).isEqualTo("hour");
    assertThat(series.metric()).isEqualTo("requests");
    assertThat(series.groupBy()).isNull();
    assertThat(series.series())
        .singleElement()
        .satisfies(
            one -> {
              assertThat(one.key()).isEqualTo("all");
              assertThat(one.points())
                  .containsExactly(
                      List.of("2026-03-01T10:00:00Z", 0),
                      List.of("2026-03-01T11:00:00Z", 0),
                      List.of("2026-03-01T12:00:00Z", 0));
            });
  }

  @Test
  void aGroupedSeriesWithoutRowsHasNoSeries() {
    assertThat(
            TimeSeries.of(
                    List.of(),
                    TimeBucket.DAY,
                    TimeSeriesMetric.COST,
                    Dimension.USER,
                    T,
                    T.plus(Duration.ofDays(2)))
                .series())
        .isEmpty();
  }

  @Test
  void everyBucketIsPresentWithZeroWhereNothingHappened() {
    RequestLog a = LogRowSamples.log(1);
    RequestLog b = LogRowSamples.log(2);
    List<Rollup> rows =
        List.of(
            rollupOf(T.toEpochMilli() + HOUR, "", "", "", "", List.of(a)),
            rollupOf(T.toEpochMilli() + 3 * HOUR, "", "", "", "", List.of(b)));

    TimeSeries series =
        TimeSeries.of(
            rows, TimeBucket.HOUR, TimeSeriesMetric.TOKENS, null, T, T.plus(Duration.ofHours(5)));

    assertThat(series.pointsOf("all"))
        .containsExactly(
            Map.entry("2026-03-01T10:00:00Z", 0),
            Map.entry("2026-03-01T11:00:00Z", a.totalTokens()),
            Map.entry("2026-03-01T12:00:00Z", 0),
            Map.entry("2026-03-01T13:00:00Z", b.totalTokens()),
            Map.entry("2026-03-01T14:00:00Z", 0));
    assertThat(series.pointsOf("nobody")).isEmpty();
  }

  @Test
  void groupedRowsMakeOneSeriesPerKeyInKeyOrderWithMissingKeysUnderNone() {
    RequestLog a = LogRowSamples.log(1);
    RequestLog b = LogRowSamples.log(2);
    RequestLog c = LogRowSamples.log(3);
    long t = T.toEpochMilli();
    // The same bucket and key twice (a rollup part and a raw edge): added up.
    List<Rollup> rows =
        List.of(
            rollupOf(t, "", "openai", "", "", List.of(a)),
            rollupOf(t, "", "openai", "", "", List.of(b)),
            rollupOf(t + HOUR, "", "demo", "", "", List.of(c)),
            rollupOf(t, "", "", "", "", List.of(c)));

    TimeSeries series =
        TimeSeries.of(
            rows,
            TimeBucket.HOUR,
            TimeSeriesMetric.COST,
            Dimension.PROVIDER,
            T,
            T.plus(Duration.ofHours(2)));

    assertThat(series.groupBy()).isEqualTo("provider");
    assertThat(series.series())
        .extracting(TimeSeries.Series::key)
        .containsExactly("(none)", "demo", "openai");
    assertThat(decimal(series.pointsOf("openai").get("2026-03-01T10:00:00Z")))
        .isEqualByComparingTo(a.costUsd().add(b.costUsd()));
    assertThat(decimal(series.pointsOf("openai").get("2026-03-01T11:00:00Z"))).isZero();
    assertThat(decimal(series.pointsOf("demo").get("2026-03-01T11:00:00Z")))
        .isEqualByComparingTo(c.costUsd());
    assertThat(decimal(series.pointsOf("(none)").get("2026-03-01T10:00:00Z")))
        .isEqualByComparingTo(c.costUsd());
    assertThat(series.series()).allSatisfy(one -> assertThat(one.points()).hasSize(2));
  }

  @Test
  void eachMetricIsTakenFromTheBucketsSums() {
    RequestLog ok = withLatency(LogRowSamples.log(1), 3);
    RequestLog failed = withLatency(LogRowSamples.log(3), 4);
    RequestLog slow = withLatency(LogRowSamples.log(4), 5);
    assertThat(failed.statusCode()).isGreaterThanOrEqualTo(400);
    List<Rollup> rows =
        List.of(rollupOf(T.toEpochMilli(), "", "", "", "", List.of(ok, failed, slow)));
    Instant end = T.plus(Duration.ofHours(1));

    assertThat(value(rows, TimeSeriesMetric.REQUESTS, end)).isEqualByComparingTo("3");
    assertThat(value(rows, TimeSeriesMetric.ERRORS, end)).isEqualByComparingTo("1");
    assertThat(value(rows, TimeSeriesMetric.TOKENS, end))
        .isEqualByComparingTo(
            BigDecimal.valueOf(ok.totalTokens() + failed.totalTokens() + slow.totalTokens()));
    assertThat(value(rows, TimeSeriesMetric.COST, end))
        .isEqualByComparingTo(ok.costUsd().add(failed.costUsd()).add(slow.costUsd()));
    // 3, 4 and 5 ms all lie in (2, 5]: the median is estimated inside it.
    assertThat(value(rows, TimeSeriesMetric.LATENCY_P50, end))
        .isBetween(BigDecimal.valueOf(2), BigDecimal.valueOf(5));
  }

  private static BigDecimal value(List<Rollup> rows, TimeSeriesMetric metric, Instant end) {
    return decimal(
        TimeSeries.of(rows, TimeBucket.HOUR, metric, null, T, end)
            .pointsOf("all")
            .get(T.toString()));
  }

  private static BigDecimal decimal(Number number) {
    return new BigDecimal(number.toString());
  }
}
