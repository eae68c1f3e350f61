package loom.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Projects a month's spend to its end from the daily spend before today, pure arithmetic on the sums. The model: the
 * days to come each cost what the recent whole days cost on average, independently of each other. So, with n whole
 * days of history (the last {@link #HISTORY_DAYS} before today, from the first with spend), their mean m and sample
 * standard deviation s, the month to date A and r days left (with their fraction, from now to the month's end):
 *
 * <pre>
 *   projected = A + m·r
 *   band      = projected ± t(0.95, n−1) · s · √(r + r²/n)       (the low end no lower than A)
 * </pre>
 *
 * r·s² is the spread of r more days, r²·s²/n the uncertainty of the mean they are projected with; t is Student's
 * quantile, so the band is a 90 % prediction interval for normally distributed days. Four weeks weigh each weekday
 * alike. What it does not see: a trend (spend that grows keeps being projected at its past mean), weekly rhythm
 * beyond its spread, and one-off days. Each day of the month ends at the projection to its end, so the budget's
 * crossing day is the first whose cumulative projection reaches it.
 */
final class SpendProjection {
  /** The whole days before today that the mean and spread are taken from. */
  static final int HISTORY_DAYS = 28;

  static final double CONFIDENCE = 0.9;
  private static final double DAY_MS = Duration.ofDays(1).toMillis();

  /** Student's t quantile 0.95 for 1 to 30 degrees of freedom; the normal one (1.645) beyond. */
  private static final double[] T_95 = {
    6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771,
    1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706,
    1.703, 1.701, 1.699, 1.697
  };

  private static final double T_95_NORMAL = 1.645;

  private SpendProjection() {}

  /** The first day whose spend the projection of {@code asOf} reads: its month's first or the history's first. */
  static LocalDate firstDay(Instant asOf) {
    LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    LocalDate history = today.minusDays(HISTORY_DAYS);
    LocalDate monthStart = today.withDayOfMonth(1);
    return history.isBefore(monthStart) ? history : monthStart;
  }

  /**
   * The projection of the UTC month holding {@code asOf}.
   *
   * @param daily the cost in nano-dollars of each UTC day from {@link #firstDay} to {@code asOf} (today's so far);
   *     days without spend may be missing
   * @param budget the monthly budget of the same requests; null when none
   */
  static MonthProjection project(Instant asOf, Map<LocalDate, Long> daily, MonthlyBudget budget) {
    LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    YearMonth month = YearMonth.from(today);
    long monthEnd =
        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<Long> basis = basis(today, daily);
    int n = basis.size();
    double mean = basis.stream().mapToLong(Long::longValue).average().orElse(0);
    double sd =
        n < 2
            ? Double.NaN
            : Math.sqrt(
                basis.stream().mapToDouble(cost -> (cost - mean) * (cost - mean)).sum() / (n - 1));
    double t = n < 2 ? Double.NaN : quantile(n - 1);
    long monthToDate = 0;
    for (LocalDate day = month.atDay(1); !day.isAfter(today); day = day.plusDays(1)) {
      monthToDate += daily.getOrDefault(day, 0L);
    }
    double remaining = (monthEnd - asOf.toEpochMilli()) / DAY_MS;
    Band total = band(monthToDate, mean, sd, t, n, remaining);
    List<MonthProjection.Day> days = new ArrayList<>();
    long cumulative = 0;
    List<Band> ends = new ArrayList<>();
    for (LocalDate day = month.atDay(1);
        !day.isAfter(month.atEndOfMonth());
        day = day.plusDays(1)) {
      if (day.isBefore(today)) {
        long cost = daily.getOrDefault(day, 0L);
        cumulative += cost;
        days.add(
            new MonthProjection.Day(
                day, Money.plain(cost), null, Money.plain(cumulative), null, null, null));
        ends.add(null);
        continue;
      }
      long dayEnd =
          Math.min(
              monthEnd, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      double left = (dayEnd - Math.max(asOf.toEpochMilli(), dayEnd - (long) DAY_MS)) / DAY_MS;
      Band end = band(monthToDate, mean, sd, t, n, (dayEnd - asOf.toEpochMilli()) / DAY_MS);
      ends.add(end);
      boolean isToday = day.equals(today);
      long actual = daily.getOrDefault(day, 0L);
      days.add(
          new MonthProjection.Day(
              day,
              isToday ? Money.plain(actual) : null,
              usd((isToday ? actual : 0) + mean * left),
              isToday ? Money.plain(monthToDate) : null,
              usd(end.expected()),
              end.hasSpread() ? usd(end.low()) : null,
              end.hasSpread() ? usd(end.high()) : null));
    }
    return new MonthProjection(
        month.toString(),
        asOf,
        Money.plain(monthToDate),
        usd(total.expected()),
        total.hasSpread() ? usd(total.low()) : null,
        total.hasSpread() ? usd(total.high()) : null,
        CONFIDENCE,
        n,
        usd(mean),
        n < 2 ? null : usd(sd),
        Math.round(remaining * 1000) / 1000.0,
        days,
        budget == null ? null : budget(budget, days, ends, total));
  }

  /** The whole days before today in the history, from the first with spend (so a new scope's empty past is not). */
  private static List<Long> basis(LocalDate today, Map<LocalDate, Long> daily) {
    List<Long> basis = new ArrayList<>();
    for (LocalDate day = today.minusDays(HISTORY_DAYS);
        day.isBefore(today);
        day = day.plusDays(1)) {
      long cost = daily.getOrDefault(day, 0L);
      if (!basis.isEmpty() || cost != 0) {
        basis.add(cost);
      }
    }
    return basis;
  }

  /** The projection at a point r days from now and its band; the spread is NaN without one. */
  record Band(double expected, double low, double high) {
    boolean hasSpread() {
      return !Double.isNaN(low);
    }
  }

  static Band band(long monthToDate, double mean, double sd, double t, int n, double remaining) {
    double expected = monthToDate + mean * remaining;
    if (Double.isNaN(sd)) {
      return new Band(expected, Double.NaN, Double.NaN);
    }
    double half = t * sd * Math.sqrt(remaining + remaining * remaining / n);
    return new Band(expected, Math.max(monthToDate, expected - half), expected + half);
  }

  /** Student's t quantile 0.95 for {@code df} degrees of freedom. */
  static double quantile(int df) {
    return df <= T_95.length ? T_95[df - 1] : T_95_NORMAL;
  }

  private static MonthProjection.Budget budget(
      MonthlyBudget budget, List<MonthProjection.Day> days, List<Band> ends, Band total) {
    long limit = Money.toNanos(budget.monthlyUsd());
    LocalDate crossing = null;
    LocalDate crossingAtHigh = null;
    for (int i = 0; i < days.size(); i++) {
      MonthProjection.Day day = days.get(i);
      Band end = ends.get(i);
      if (end == null) {
        // A day past: the actual spend reached the budget on it, whatever the band says.
        if (Money.toNanos(day.cumulativeActualUsd()) >= limit && crossing == null) {
          crossing = day.date();
          crossingAtHigh = day.date();
        }
        continue;
      }
      if (crossing == null && end.expected() >= limit) {
        crossing = day.date();
      }
      if (crossingAtHigh == null && end.hasSpread() && end.high() >= limit) {
        crossingAtHigh = day.date();
      }
    }
    boolean overAtProjection = total.expected() >= limit;
    Boolean overAtHigh = total.hasSpread() ? total.high() >= limit : null;
    return new MonthProjection.Budget(
        budget.scope(),
        budget.id(),
        budget.monthlyUsd(),
        overAtProjection,
        crossing,
        overAtHigh,
        overAtHigh == null ? null : crossingAtHigh);
  }

  private static BigDecimal usd(double nanos) {
    return Money.plain(Math.round(nanos));
  }
}
