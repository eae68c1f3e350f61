package loom.alerts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import loom.analytics.LogFilter;
import loom.analytics.SpendReader;

/**
 * A scope's spend in the calendar of the alert zone: today and this month so far (local midnight to now),
 * and the 7 whole local days before today, read through {@link SpendReader} (rollups plus the partial hours
 * of zones whose midnight is not a UTC hour).
 */
final class SpendCalendar {
  private final SpendReader reader;
  private final ZoneId zone;
  private final Clock clock;

  SpendCalendar(SpendReader reader, ZoneId zone, Clock clock) {
    this.reader = reader;
    this.zone = zone;
    this.clock = clock;
  }

  Spend spend(BudgetScope scope) {
    LogFilter whose = scope.spendFilter();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Instant dayStart = today.atStartOfDay(zone).toInstant();
    YearMonth month = YearMonth.from(today);
    Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    List<BigDecimal> previous = new ArrayList<>();
    for (int back = Spend.HISTORY_DAYS; back >= 1; back--) {
      LocalDate day = today.minusDays(back);
      previous.add(
          reader.spend(
              whose,
              day.atStartOfDay(zone).toInstant(),
              day.plusDays(1).atStartOfDay(zone).toInstant()));
    }
    // The instant of the check counts as elapsed, so the fraction is never 0 (a projection divides
    // by it).
    double elapsed =
        Math.max(1, Duration.between(monthStart, now).toMillis() + 1)
            / (double) Duration.between(monthStart, monthEnd).toMillis();
    return new Spend(
        today.toString(),
        month.toString(),
        reader.spendUntil(whose, dayStart, now),
        reader.spendUntil(whose, monthStart, now),
        previous,
        Math.min(1, elapsed));
  }

  /** Today's and this month's spend so far only: what the enforcement ledger starts from. */
  SpendLedger.Spent todayAndMonth(BudgetScope scope) {
    LogFilter whose = scope.spendFilter();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    return new SpendLedger.Spent(
        loom.analytics.Money.toNanos(
            reader.spendUntil(whose, today.atStartOfDay(zone).toInstant(), now)),
        loom.analytics.Money.toNanos(
            reader.spendUntil(
                whose, YearMonth.from(today).atDay(1).atStartOfDay(zone).toInstant(), now)));
  }

  /** The current local day and month. */
  SpendLedger.Periods periods() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    return new SpendLedger.Periods(today.toString(), YearMonth.from(today).toString());
  }

  /** Today's date in the alert zone, as a period ({@code 2026-11-25}). */
  String today() {
    return LocalDate.ofInstant(clock.instant(), zone).toString();
  }

  /** The start of the current local month, as {@link SpendReader#usersActiveSince} wants it. */
  Instant monthStart() {
    ZonedDateTime now = clock.instant().atZone(zone);
    return YearMonth.from(now).atDay(1).atStartOfDay(zone).toInstant();
  }
}
