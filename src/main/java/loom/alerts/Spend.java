package loom.alerts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a scope (the whole gateway or one user) has spent, in the alert zone's calendar: today so far, this
 * month so far, and each of the 7 whole days before today (oldest first).
 *
 * @param day today's date in the zone ({@code 2026-11-25}): the period of daily alerts
 * @param month this month in the zone ({@code 2026-11}): the period of monthly alerts
 * @param monthElapsed the fraction of this month that has passed, in (0, 1]
 */
public record Spend(
    String day,
    String month,
    BigDecimal today,
    BigDecimal monthToDate,
    List<BigDecimal> previousDays,
    double monthElapsed) {
  public static final int HISTORY_DAYS = 7;

  public Spend {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(monthToDate, "monthToDate");
    previousDays = List.copyOf(previousDays);
    if (previousDays.size() != HISTORY_DAYS) {
      throw new IllegalArgumentException(
          "Need " + HISTORY_DAYS + " previous days, not " + previousDays.size());
    }
    if (!(monthElapsed > 0 && monthElapsed <= 1)) {
      throw new IllegalArgumentException("monthElapsed must be in (0, 1], not " + monthElapsed);
    }
  }
}
