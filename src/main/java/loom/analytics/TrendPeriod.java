package loom.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The two periods a trend compares, in UTC like every analytics range. A week is the 7 days before the end against
 * the 7 before those; without an end it ends at the start of today, so both are whole days. A month is the calendar
 * month to date against as long a start of the month before (March 1–10 10:00 against February 1–10 10:00), cut at
 * that month's end when it is shorter (March 1–31 against the whole of February): a month-to-date figure is compared
 * with the same stretch of the month before, not with a whole month it cannot yet match.
 */
public enum TrendPeriod {
  WEEK,
  MONTH;

  static final Duration WEEK_LENGTH = Duration.ofDays(7);

  /**
   * The current and the previous range, each [start, end).
   *
   * @param currentStart the start of the current range; its end is the trend's end
   */
  public record Windows(
      Instant currentStart, Instant currentEnd, Instant previousStart, Instant previousEnd) {
    public Windows {
      Objects.requireNonNull(currentStart, "currentStart");
      Objects.requireNonNull(currentEnd, "currentEnd");
      Objects.requireNonNull(previousStart, "previousStart");
      Objects.requireNonNull(previousEnd, "previousEnd");
    }
  }

  /**
   * The ranges of a trend ending at {@code end}, or when none is given, at {@code now} (a week: at the start of
   * today, so that a day half over is not compared with a whole one).
   *
   * @param end the end the caller chose; null for the default
   */
  public Windows windows(Instant end, Instant now) {
    return switch (this) {
      case WEEK -> {
        Instant until =
            end != null
                ? end
                : LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant start = until.minus(WEEK_LENGTH);
        yield new Windows(start, until, start.minus(WEEK_LENGTH), start);
      }
      case MONTH -> monthToDate(end != null ? end : now);
    };
  }

  /**
   * The month holding the last instant before {@code end} (so an end at a month's first midnight compares that
   * whole month before it), to {@code end}, against as long a start of the month before.
   */
  private static Windows monthToDate(Instant end) {
    YearMonth month = YearMonth.from(end.minusMillis(1).atOffset(ZoneOffset.UTC));
    Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant previousStart = month.minusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant previousEnd = previousStart.plus(Duration.between(start, end));
    return new Windows(start, end, previousStart, previousEnd.isAfter(start) ? start : previousEnd);
  }

  /** The name used in the API: {@code week}, {@code month}. */
  public String id() {
    return ApiNames.of(this);
  }

  /** The period an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static TrendPeriod parse(String value) {
    return ApiNames.parse(values(), value);
  }
}
