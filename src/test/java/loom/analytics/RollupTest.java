package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RollupTest {
  @ParameterizedTest(name = "{0} ms → bucket {1}")
  @CsvSource({
    "-5, 0",
    "0, 0",
    "1, 0",
    "2, 1",
    "3, 2",
    "5, 2",
    "6, 3",
    "10, 3",
    "11, 4",
    "25, 4",
    "26, 5",
    "50, 5",
    "51, 6",
    "100, 6",
    "101, 7",
    "250, 7",
    "500, 8",
    "1000, 9",
    "2500, 10",
    "5000, 11",
    "10000, 12",
    "30000, 13",
    "60000, 14",
    "120000, 15",
    "120001, 16",
    "9999999, 16"
  })
  void latencyFallsInTheFirstBucketWhoseBoundItDoesNotExceed(long latencyMs, int bucket) {
    assertThat(Rollup.bucketOf(latencyMs)).isEqualTo(bucket);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("percentiles")
  void percentilesAreInterpolatedInsideTheirBucket(
      String description, List<Long> buckets, double quantile, long expectedMs) {
    assertThat(Rollup.estimatePercentileMs(buckets, quantile)).isEqualTo(expectedMs);
  }

  static Stream<Arguments> percentiles() {
    return Stream.of(
        Arguments.of("no requests", buckets(0, 0, 0), 0.5, 0L),
        Arguments.of("all in (25, 50]: median halfway", buckets(10, 0, 0), 0.5, 38L),
        Arguments.of("fast requests keep a fine resolution: all in (2, 5]", at(2, 7), 0.5, 4L),
        Arguments.of(
            "half in (50, 100], half in (100, 250]: median at 100", buckets(0, 4, 4), 0.5, 100L),
        Arguments.of("p95 in the third bucket", buckets(50, 30, 20), 0.95, 213L),
        Arguments.of(
            "p100 is the upper bound of the last used bucket", buckets(1, 1, 1), 1.0, 250L),
        Arguments.of("above the last bound: the last bound", open(3), 0.99, 120_000L));
  }

  @Test
  void percentilesNeedEveryBucketAndAQuantile() {
    assertThatThrownBy(() -> Rollup.estimatePercentileMs(List.of(1L, 2L), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rollup.estimatePercentileMs(buckets(1, 0, 0), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rowsAreSummedPerUtcHourWithMissingKeysAsEmptyText() {
    Instant hour = Instant.parse("2026-03-01T10:00:00Z");
    List<LogRow> rows =
        Stream.of(
                LogRowSamples.log(0, hour, null),
                LogRowSamples.log(6, hour.plusMillis(3_599_999), null),
                LogRowSamples.log(12, hour.plusMillis(3_600_000), null),
                LogRowSamples.log(10, hour.minusMillis(1), "usr_ada"))
            .map(LogRow::of)
            .toList();

    List<Rollup> rollups = Rollup.of(rows);

    assertThat(rollups)
        .extracting(
            Rollup::hour, Rollup::userId, Rollup::providerId, Rollup::modelName, Rollup::requests)
        .containsExactly(
            tuple(hour.minusSeconds(3_600), "usr_ada", "", "", 1L),
            tuple(hour, "", "openai", "gpt-4o-mini", 2L),
            tuple(hour.plusSeconds(3_600), "", "openai", "gpt-4o-mini", 1L));
  }

  @Test
  void timesBeforeTheEpochFloorToTheirHourToo() {
    LogRow row = LogRow.of(LogRowSamples.log(0, Instant.parse("1969-12-31T23:30:00Z"), "usr_ada"));

    assertThat(Rollup.of(List.of(row)).get(0).hour())
        .isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
  }

  /** Counts in the buckets (25, 50], (50, 100] and (100, 250]. */
  private static List<Long> buckets(long first, long second, long third) {
    Long[] counts = new Long[Rollup.BUCKETS];
    java.util.Arrays.fill(counts, 0L);
    counts[5] = first;
    counts[6] = second;
    counts[7] = third;
    return List.of(counts);
  }

  private static List<Long> at(int bucket, long count) {
    Long[] counts = new Long[Rollup.BUCKETS];
    java.util.Arrays.fill(counts, 0L);
    counts[bucket] = count;
    return List.of(counts);
  }

  private static List<Long> open(long count) {
    return at(Rollup.BUCKETS - 1, count);
  }
}
