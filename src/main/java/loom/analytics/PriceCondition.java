package loom.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * When a set of prices applies, judged on the request's time in UTC: always, from a day on (price
 * history), or in a daily window (off-peak prices). Immutable.
 */
sealed interface PriceCondition {
  PriceCondition ALWAYS = new Always();

  boolean holds(Instant at);

  /** No constraint. */
  record Always() implements PriceCondition {
    @Override
    public boolean holds(Instant at) {
      return true;
    }
  }

  /** From the start of {@code day} (UTC) on. */
  record FromDay(LocalDate day) implements PriceCondition {
    public FromDay {
      Objects.requireNonNull(day, "start_date");
    }

    @Override
    public boolean holds(Instant at) {
      return !LocalDate.ofInstant(at, ZoneOffset.UTC).isBefore(day);
    }
  }

  /** Every day from {@code start} (inclusive) to {@code end} (exclusive), UTC; a window may span midnight. */
  record DailyWindow(LocalTime start, LocalTime end) implements PriceCondition {
    public DailyWindow {
      Objects.requireNonNull(start, "start_time");
      Objects.requireNonNull(end, "end_time");
    }

    @Override
    public boolean holds(Instant at) {
      LocalTime time = LocalTime.ofInstant(at, ZoneOffset.UTC);
      boolean afterStart = !time.isBefore(start);
      boolean beforeEnd = time.isBefore(end);
      return start.isBefore(end) ? afterStart && beforeEnd : afterStart || beforeEnd;
    }
  }
}
