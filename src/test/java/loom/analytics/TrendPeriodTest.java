package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrendPeriodTest {
  private static final Instant NOW = Instant.parse("2026-03-10T15:30:00Z");

  @Test
  void aWeekWithoutAnEndIsTheSevenWholeDaysBeforeTodayAgainstTheSevenBefore() {
    TrendPeriod.Windows windows = TrendPeriod.WEEK.windows(null, NOW);

    assertThat(windows)
        .isEqualTo(
            new TrendPeriod.Windows(
                Instant.parse("2026-03-03T00:00:00Z"),
                Instant.parse("2026-03-10T00:00:00Z"),
                Instant.parse("2026-02-24T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z")));
  }

  @Test
  void aWeekEndsExactlyAtTheEndAsked() {
    TrendPeriod.Windows windows =
        TrendPeriod.WEEK.windows(NOW, Instant.parse("2027-01-01T00:00:00Z"));

    assertThat(windows.currentEnd()).isEqualTo(NOW);
    assertThat(windows.currentStart()).isEqualTo("2026-03-03T15:30:00Z");
    assertThat(windows.previousStart()).isEqualTo("2026-02-24T15:30:00Z");
    assertThat(windows.previousEnd()).isEqualTo(windows.currentStart());
  }

  @ParameterizedTest(name = "month to {0}: [{1}, {0}) against [{2}, {3})")
  @CsvSource({
    // The month to date against as long a start of the month before.
    "2026-03-10T15:30:00Z, 2026-03-01T00:00:00Z, 2026-02-01T00:00:00Z, 2026-02-10T15:30:00Z",
    // The month's first instant: that month so far is empty, and so is its match.
    "2026-03-01T00:00:00.001Z, 2026-03-01T00:00:00Z, 2026-02-01T00:00:00Z, 2026-02-01T00:00:00.001Z",
    // An end at a month's first midnight compares the whole month before it.
    "2026-04-01T00:00:00Z, 2026-03-01T00:00:00Z, 2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
    // March 30 against a February of 28 days: cut at February's end.
    "2026-03-30T12:00:00Z, 2026-03-01T00:00:00Z, 2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z",
    // January against December, across the year.
    "2026-01-15T00:00:00Z, 2026-01-01T00:00:00Z, 2025-12-01T00:00:00Z, 2025-12-15T00:00:00Z",
    // A leap February against January: the 29th has its match.
    "2028-02-29T23:00:00Z, 2028-02-01T00:00:00Z, 2028-01-01T00:00:00Z, 2028-01-29T23:00:00Z"
  })
  void aMonthToDateIsComparedWithAsLongAStartOfTheMonthBefore(
      Instant end, Instant start, Instant previousStart, Instant previousEnd) {
    TrendPeriod.Windows windows = TrendPeriod.MONTH.windows(end, NOW);

    assertThat(windows).isEqualTo(new TrendPeriod.Windows(start, end, previousStart, previousEnd));
  }

  @Test
  void aMonthWithoutAnEndIsThisMonthToNow() {
    assertThat(TrendPeriod.MONTH.windows(null, NOW).currentEnd()).isEqualTo(NOW);
  }

  @Test
  void periodsAreNamedInTheApiInAnyCase() {
    assertThat(TrendPeriod.parse("Month")).isEqualTo(TrendPeriod.MONTH);
    assertThat(TrendPeriod.WEEK.id()).isEqualTo("week");
    assertThatThrownBy(() -> TrendPeriod.parse("quarter"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be one of week, month; got 'quarter'");
  }
}
