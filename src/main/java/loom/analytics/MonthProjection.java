package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /analytics/projection}: this UTC month's spend so far, where it is heading by the month's end with a
 * band ({@link SpendProjection} has the formula), each day of the month, and the budget of the same requests when
 * they have one. Money is USD; projected amounts are rounded to the nano-dollar like stored costs.
 *
 * @param month the month, {@code 2026-03}
 * @param asOf the end of the actual spend: now, or the {@code end_time} asked for
 * @param lowUsd the lower end of the band, never below the month to date; null (like {@code highUsd}) with fewer
 *     than two days of history, whose spread cannot be estimated
 * @param confidence how sure the band is meant to be: 0.9, a 90 % prediction interval
 * @param basisDays how many whole days before today the daily mean and spread come from (at most
 *     {@link SpendProjection#HISTORY_DAYS}, starting at the first of them with spend)
 * @param dailyStddevUsd the days' sample standard deviation; null with fewer than two days
 * @param remainingDays the days from {@code asOf} to the month's end, with their fraction
 * @param budget the monthly budget of exactly these requests and when the projection reaches it; null when none
 */
public record MonthProjection(
    String month,
    Instant asOf,
    BigDecimal monthToDateUsd,
    BigDecimal projectedUsd,
    BigDecimal lowUsd,
    BigDecimal highUsd,
    double confidence,
    int basisDays,
    BigDecimal dailyMeanUsd,
    BigDecimal dailyStddevUsd,
    double remainingDays,
    List<Day> days,
    Budget budget) {
  public MonthProjection {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(asOf, "asOf");
    days = List.copyOf(days);
  }

  /**
   * One day of the month. Days before today have only actual figures, days after today only projected ones; today
   * has both (its actual spend so far, its projected spend by midnight).
   *
   * @param actualUsd what the day cost (today: so far); null for days to come
   * @param projectedUsd what the day is expected to cost in all; null for days past
   * @param cumulativeActualUsd the month's spend to the end of the day (today: so far); null for days to come
   * @param cumulativeProjectedUsd the month's expected spend at the end of the day; null for days past
   * @param cumulativeLowUsd the band of {@code cumulativeProjectedUsd}; null for days past or without a band
   */
  public record Day(
      LocalDate date,
      BigDecimal actualUsd,
      BigDecimal projectedUsd,
      BigDecimal cumulativeActualUsd,
      BigDecimal cumulativeProjectedUsd,
      BigDecimal cumulativeLowUsd,
      BigDecimal cumulativeHighUsd) {}

  /**
   * The budget and when spend reaches it: the day the actual spend did, or else the day the projection (and the
   * band's upper end) does, within the month.
   *
   * @param overAtProjection whether the projected total reaches the budget
   * @param crossingDate the day the month's spend reached or is projected to reach the budget; null when it is not
   *     projected to within the month
   * @param overAtHigh whether the band's upper end reaches it; null without a band
   * @param crossingDateAtHigh the day the band's upper end reaches it; null when it does not or there is no band
   */
  public record Budget(
      String scope,
      String id,
      BigDecimal monthlyUsd,
      boolean overAtProjection,
      LocalDate crossingDate,
      Boolean overAtHigh,
      LocalDate crossingDateAtHigh) {}
}
