package loom.alerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import loom.support.Usd;

/**
 * Decides which rules a scope's spend breaks; pure, so every rule is tested with plain numbers. The rules:
 * <ul>
 *   <li>daily budget: today's spend reached it (warning);
 *   <li>monthly budget: this month's spend reached it (critical);
 *   <li>forecast: this month's spend reached 80 % of the monthly budget, or — once a tenth of the month has
 *       passed, so one busy morning is not a trend — its pace projects past the budget by month end (warning);
 *   <li>anomaly: today's spend is above the trailing 7-day daily mean by more than {@code anomaly_threshold}
 *       standard deviations and by at least {@code anomaly_min_usd}. A history of fewer than 3 days with any
 *       spend (a new user) never alerts, and the deviation counts as at least 10 % of the mean, so a flat
 *       history does not turn every small rise into an alert.
 * </ul>
 */
final class AlertEvaluator {
  static final BigDecimal FORECAST_SHARE = new BigDecimal("0.8");
  static final double FORECAST_MIN_ELAPSED = 0.1;
  static final int ANOMALY_MIN_HISTORY_DAYS = 3;
  static final double ANOMALY_MIN_DEVIATION_SHARE = 0.1;

  private AlertEvaluator() {}

  /** @param who how messages name the scope: a user's name, or "the whole gateway" */
  static List<Breach> evaluate(String who, Budgets budgets, Spend spend) {
    List<Breach> breaches = new ArrayList<>();
    budgets
        .dailyUsd()
        .filter(daily -> spend.today().compareTo(daily) >= 0)
        .ifPresent(
            daily ->
                breaches.add(
                    new Breach(
                        AlertType.DAILY_BUDGET,
                        spend.day(),
                        spend.today(),
                        daily,
                        "Daily budget exceeded for "
                            + who
                            + ": "
                            + Usd.format(spend.today())
                            + " spent on "
                            + spend.day()
                            + ", budget "
                            + Usd.format(daily)
                            + ".")));
    budgets
        .monthlyUsd()
        .ifPresent(
            monthly -> {
              if (spend.monthToDate().compareTo(monthly) >= 0) {
                breaches.add(
                    new Breach(
                        AlertType.MONTHLY_BUDGET,
                        spend.month(),
                        spend.monthToDate(),
                        monthly,
                        "Monthly budget exceeded for "
                            + who
                            + ": "
                            + Usd.format(spend.monthToDate())
                            + " spent in "
                            + spend.month()
                            + ", budget "
                            + Usd.format(monthly)
                            + "."));
              } else {
                forecast(who, monthly, spend).ifPresent(breaches::add);
              }
            });
    anomaly(who, budgets, spend).ifPresent(breaches::add);
    return breaches;
  }

  private static java.util.Optional<Breach> forecast(String who, BigDecimal monthly, Spend spend) {
    BigDecimal share = monthly.multiply(FORECAST_SHARE);
    if (spend.monthToDate().compareTo(share) >= 0) {
      return java.util.Optional.of(
          new Breach(
              AlertType.BUDGET_FORECAST,
              spend.month(),
              spend.monthToDate(),
              share,
              "80 % of the monthly budget used by "
                  + who
                  + ": "
                  + Usd.format(spend.monthToDate())
                  + " of "
                  + Usd.format(monthly)
                  + " in "
                  + spend.month()
                  + "."));
    }
    if (spend.monthElapsed() < FORECAST_MIN_ELAPSED) {
      return java.util.Optional.empty();
    }
    BigDecimal projected =
        spend
            .monthToDate()
            .divide(BigDecimal.valueOf(spend.monthElapsed()), MathContext.DECIMAL64)
            .setScale(2, RoundingMode.HALF_UP);
    if (projected.compareTo(monthly) < 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Breach(
            AlertType.BUDGET_FORECAST,
            spend.month(),
            projected,
            monthly,
            "Monthly budget forecast for "
                + who
                + ": at this pace "
                + Usd.format(projected)
                + " by the end of "
                + spend.month()
                + " ("
                + Usd.format(spend.monthToDate())
                + " so far), budget "
                + Usd.format(monthly)
                + "."));
  }

  private static java.util.Optional<Breach> anomaly(String who, Budgets budgets, Spend spend) {
    List<BigDecimal> history = spend.previousDays();
    long daysWithSpend = history.stream().filter(day -> day.signum() > 0).count();
    if (daysWithSpend < ANOMALY_MIN_HISTORY_DAYS) {
      return java.util.Optional.empty();
    }
    double mean = history.stream().mapToDouble(BigDecimal::doubleValue).average().orElse(0);
    double variance =
        history.stream()
            .mapToDouble(day -> Math.pow(day.doubleValue() - mean, 2))
            .average()
            .orElse(0);
    double deviation = Math.max(Math.sqrt(variance), mean * ANOMALY_MIN_DEVIATION_SHARE);
    double limit = mean + budgets.anomalyThreshold() * deviation;
    double today = spend.today().doubleValue();
    if (today <= limit || today - mean < budgets.anomalyMinUsd().doubleValue()) {
      return java.util.Optional.empty();
    }
    BigDecimal threshold = BigDecimal.valueOf(limit).setScale(6, RoundingMode.HALF_UP);
    return java.util.Optional.of(
        new Breach(
            AlertType.ANOMALY,
            spend.day(),
            spend.today(),
            threshold,
            "Unusual spend by "
                + who
                + ": "
                + Usd.format(spend.today())
                + " on "
                + spend.day()
                + " against a 7-day mean of "
                + Usd.format(BigDecimal.valueOf(mean))
                + " a day (alerting above "
                + Usd.format(threshold)
                + ")."));
  }
}
