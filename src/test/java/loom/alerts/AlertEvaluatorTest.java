package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertEvaluatorTest {
  private static final String DAY = "2026-03-15";
  private static final String MONTH = "2026-03";
  private static final List<String> NO_HISTORY = List.of("0", "0", "0", "0", "0", "0", "0");

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void raisesExactlyTheBrokenRules(
      String description, Budgets budgets, Spend spend, List<String> expected) {
    List<String> raised =
        AlertEvaluator.evaluate("Ada", budgets, spend).stream()
            .map(breach -> breach.type() + "@" + breach.period())
            .toList();

    assertThat(raised).containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // Daily budget of $10.
        Arguments.of(
            "daily: below the budget",
            budgets("10", null),
            spend("9.99", "9.99", NO_HISTORY, 0.5),
            List.of()),
        Arguments.of(
            "daily: at the budget",
            budgets("10", null),
            spend("10", "10", NO_HISTORY, 0.5),
            List.of("DAILY_BUDGET@" + DAY)),
        Arguments.of(
            "daily: above the budget",
            budgets("10", null),
            spend("12.5", "12.5", NO_HISTORY, 0.5),
            List.of("DAILY_BUDGET@" + DAY)),
        // Monthly budget of $100; at 60 % of the month $50 projects to $83.33, no forecast.
        Arguments.of(
            "monthly: below the budget and its pace",
            budgets(null, "100"),
            spend("0", "50", NO_HISTORY, 0.6),
            List.of()),
        Arguments.of(
            "monthly: at the budget (no forecast besides)",
            budgets(null, "100"),
            spend("0", "100", NO_HISTORY, 0.6),
            List.of("MONTHLY_BUDGET@" + MONTH)),
        Arguments.of(
            "monthly: above the budget (no forecast besides)",
            budgets(null, "100"),
            spend("0", "150", NO_HISTORY, 0.05),
            List.of("MONTHLY_BUDGET@" + MONTH)),
        Arguments.of(
            "daily and monthly at once",
            budgets("10", "100"),
            spend("20", "120", NO_HISTORY, 0.6),
            List.of("DAILY_BUDGET@" + DAY, "MONTHLY_BUDGET@" + MONTH)),
        // Forecast.
        Arguments.of(
            "forecast: 80 % used, even early in the month",
            budgets(null, "100"),
            spend("0", "80", NO_HISTORY, 0.05),
            List.of("BUDGET_FORECAST@" + MONTH)),
        Arguments.of(
            "forecast: just under 80 % and too early for a pace",
            budgets(null, "100"), spend("0", "79.99", NO_HISTORY, 0.05), List.of()),
        Arguments.of(
            "forecast: pace projects exactly to the budget",
            budgets(null, "100"),
            spend("0", "20", NO_HISTORY, 0.2),
            List.of("BUDGET_FORECAST@" + MONTH)),
        Arguments.of(
            "forecast: pace projects past the budget",
            budgets(null, "100"),
            spend("0", "30", NO_HISTORY, 0.25),
            List.of("BUDGET_FORECAST@" + MONTH)),
        Arguments.of(
            "forecast: pace projects under the budget",
            budgets(null, "100"),
            spend("0", "19", NO_HISTORY, 0.2),
            List.of()),
        Arguments.of(
            "forecast: no pace before a tenth of the month",
            budgets(null, "100"),
            spend("0", "9.9", NO_HISTORY, 0.099),
            List.of()),
        Arguments.of(
            "forecast: pace counts from exactly a tenth of the month",
            budgets(null, "100"),
            spend("0", "10", NO_HISTORY, 0.1),
            List.of("BUDGET_FORECAST@" + MONTH)),
        Arguments.of(
            "forecast: none without a monthly budget",
            budgets("1000", null),
            spend("0", "500", NO_HISTORY, 0.2),
            List.of()),
        // Anomaly, threshold 2 σ, at least $1 over the mean. History 1..7: mean 4, σ 2, limit 8.
        Arguments.of(
            "anomaly: at the limit is not above it",
            budgets(null, null),
            spend("8", "8", days("1", "2", "3", "4", "5", "6", "7"), 0.5),
            List.of()),
        Arguments.of(
            "anomaly: above mean + 2σ",
            budgets(null, null),
            spend("8.5", "8.5", days("1", "2", "3", "4", "5", "6", "7"), 0.5),
            List.of("ANOMALY@" + DAY)),
        Arguments.of(
            "anomaly: flat history, a small rise is noise",
            budgets(null, null),
            spend("5.4", "5.4", days("5", "5", "5", "5", "5", "5", "5"), 0.5),
            List.of()),
        Arguments.of(
            "anomaly: flat history, a spike alerts",
            budgets(null, null),
            spend("20", "20", days("5", "5", "5", "5", "5", "5", "5"), 0.5),
            List.of("ANOMALY@" + DAY)),
        Arguments.of(
            "anomaly: empty history never alerts",
            budgets(null, null),
            spend("1000", "1000", NO_HISTORY, 0.5),
            List.of()),
        Arguments.of(
            "anomaly: a new user with 2 days of spend never alerts",
            budgets(null, null),
            spend("1000", "1000", days("0", "0", "0", "0", "0", "10", "10"), 0.5),
            List.of()),
        Arguments.of(
            "anomaly: 3 days of spend are enough",
            budgets(null, null),
            spend("1000", "1000", days("0", "0", "0", "0", "10", "10", "10"), 0.5),
            List.of("ANOMALY@" + DAY)),
        Arguments.of(
            "anomaly: a tiny excess under anomaly_min_usd is ignored",
            budgets(null, null),
            spend("0.5", "0.5", days("0.01", "0.02", "0.01", "0.02", "0.01", "0.02", "0.01"), 0.5),
            List.of()),
        Arguments.of(
            "anomaly: the same excess alerts with a lower anomaly_min_usd",
            new Budgets(Optional.empty(), Optional.empty(), 2.0, new BigDecimal("0.1"), false),
            spend("0.5", "0.5", days("0.01", "0.02", "0.01", "0.02", "0.01", "0.02", "0.01"), 0.5),
            List.of("ANOMALY@" + DAY)),
        Arguments.of(
            "anomaly: a higher threshold tolerates more (limit 4 + 3·2 = 10)",
            new Budgets(Optional.empty(), Optional.empty(), 3.0, BigDecimal.ONE, false),
            spend("9", "9", days("1", "2", "3", "4", "5", "6", "7"), 0.5),
            List.of()),
        Arguments.of(
            "anomaly: the same spend alerts at threshold 2 (limit 8)",
            budgets(null, null),
            spend("9", "9", days("1", "2", "3", "4", "5", "6", "7"), 0.5),
            List.of("ANOMALY@" + DAY)),
        Arguments.of(
            "nothing without budgets or history",
            budgets(null, null),
            spend("50", "500", NO_HISTORY, 0.9),
            List.of()));
  }

  @Test
  void dailyBreachCarriesTheDaySpendAndBudgetAndNamesTheScope() {
    Breach breach =
        only(
            AlertEvaluator.evaluate(
                "Ada", budgets("10", null), spend("12.5", "40", NO_HISTORY, 0.5)));

    assertThat(breach.type()).isEqualTo(AlertType.DAILY_BUDGET);
    assertThat(breach.period()).isEqualTo(DAY);
    assertThat(breach.currentUsd()).isEqualByComparingTo("12.5");
    assertThat(breach.thresholdUsd()).isEqualByComparingTo("10");
    assertThat(breach.message())
        .contains("Ada")
        .contains("$12.50")
        .contains("$10.00")
        .contains(DAY);
  }

  @Test
  void monthlyBreachIsCriticalAndCarriesTheMonthToDate() {
    Breach breach =
        only(
            AlertEvaluator.evaluate(
                "the whole gateway", budgets(null, "100"), spend("3", "101.25", NO_HISTORY, 0.7)));

    assertThat(breach.type()).isEqualTo(AlertType.MONTHLY_BUDGET);
    assertThat(breach.type().severity()).isEqualTo("critical");
    assertThat(breach.period()).isEqualTo(MONTH);
    assertThat(breach.currentUsd()).isEqualByComparingTo("101.25");
    assertThat(breach.thresholdUsd()).isEqualByComparingTo("100");
    assertThat(breach.message())
        .contains("the whole gateway")
        .contains("$101.25")
        .contains("$100.00")
        .contains(MONTH);
  }

  @Test
  void forecastAtEightyPercentComparesTheMonthToDateWithEightyPercentOfTheBudget() {
    Breach breach =
        only(
            AlertEvaluator.evaluate(
                "Ada", budgets(null, "250"), spend("0", "200", NO_HISTORY, 0.05)));

    assertThat(breach.type()).isEqualTo(AlertType.BUDGET_FORECAST);
    assertThat(breach.type().severity()).isEqualTo("warning");
    assertThat(breach.period()).isEqualTo(MONTH);
    assertThat(breach.currentUsd()).isEqualByComparingTo("200");
    assertThat(breach.thresholdUsd()).isEqualByComparingTo("200"); // 80 % of 250
    assertThat(breach.message()).contains("Ada").contains("$250.00");
  }

  @Test
  void forecastByPaceCarriesTheProjectionAgainstTheBudget() {
    // $30 after a quarter of the month: $120 by its end.
    Breach breach =
        only(
            AlertEvaluator.evaluate(
                "Ada", budgets(null, "100"), spend("0", "30", NO_HISTORY, 0.25)));

    assertThat(breach.type()).isEqualTo(AlertType.BUDGET_FORECAST);
    assertThat(breach.currentUsd()).isEqualByComparingTo("120");
    assertThat(breach.thresholdUsd()).isEqualByComparingTo("100");
    assertThat(breach.message())
        .contains("Ada")
        .contains("$120.00")
        .contains("$30.00")
        .contains("$100.00");
  }

  @Test
  void anomalyCarriesTodayAgainstMeanPlusThresholdDeviations() {
    List<String> history = List.of("1", "2", "3", "4", "5", "6", "7");
    Breach breach =
        only(AlertEvaluator.evaluate("Ada", budgets(null, null), spend("12", "12", history, 0.5)));

    assertThat(breach.type()).isEqualTo(AlertType.ANOMALY);
    assertThat(breach.type().severity()).isEqualTo("warning");
    assertThat(breach.period()).isEqualTo(DAY);
    assertThat(breach.currentUsd()).isEqualByComparingTo("12");
    assertThat(breach.thresholdUsd().doubleValue()).isCloseTo(meanPlus(2.0, history), within(1e-6));
    assertThat(breach.message()).contains("Ada").contains("$12.00").contains("$4.00");
  }

  @Test
  void anomalyOnAFlatHistoryFloorsTheDeviationAtATenthOfTheMean() {
    Breach breach =
        only(
            AlertEvaluator.evaluate(
                "Ada",
                budgets(null, null),
                spend("20", "20", days("5", "5", "5", "5", "5", "5", "5"), 0.5)));

    // σ = 0 is floored at 0.5 (10 % of 5): limit 5 + 2 × 0.5 = 6.
    assertThat(breach.thresholdUsd()).isEqualByComparingTo("6");
  }

  @Test
  void anomalyDeviationOfAnUnevenHistoryIsThePopulationDeviation() {
    List<String> history = List.of("0", "0", "0", "0", "10", "10", "10");
    Breach breach =
        only(
            AlertEvaluator.evaluate("Ada", budgets(null, null), spend("100", "100", history, 0.5)));

    assertThat(breach.thresholdUsd().doubleValue()).isCloseTo(meanPlus(2.0, history), within(1e-6));
  }

  @Test
  void messagesNameTheScopeOfEveryBreach() {
    Budgets budgets = budgets("1", "10");
    Spend spend = spend("50", "60", days("1", "1", "1", "1", "1", "1", "1"), 0.5);

    List<Breach> breaches = AlertEvaluator.evaluate("Grace Hopper", budgets, spend);

    assertThat(breaches)
        .extracting(Breach::type)
        .containsExactlyInAnyOrder(
            AlertType.DAILY_BUDGET, AlertType.MONTHLY_BUDGET, AlertType.ANOMALY);
    assertThat(breaches)
        .allSatisfy(breach -> assertThat(breach.message()).contains("Grace Hopper"));
  }

  private static Breach only(List<Breach> breaches) {
    assertThat(breaches).hasSize(1);
    return breaches.get(0);
  }

  /** mean + k·max(σ, mean/10), computed with BigDecimal sums, independently of the evaluator. */
  private static double meanPlus(double k, List<String> history) {
    BigDecimal sum = history.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal squares =
        history.stream()
            .map(BigDecimal::new)
            .map(v -> v.multiply(v))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    double n = history.size();
    double mean = sum.doubleValue() / n;
    double sigma = Math.sqrt(squares.doubleValue() / n - mean * mean);
    return mean + k * Math.max(sigma, mean / 10);
  }

  private static Budgets budgets(String daily, String monthly) {
    return new Budgets(
        Optional.ofNullable(daily).map(BigDecimal::new),
        Optional.ofNullable(monthly).map(BigDecimal::new),
        2.0,
        BigDecimal.ONE,
        false);
  }

  private static List<String> days(String... usd) {
    return Arrays.asList(usd);
  }

  private static Spend spend(
      String today, String monthToDate, List<String> previousDays, double monthElapsed) {
    return new Spend(
        DAY,
        MONTH,
        new BigDecimal(today),
        new BigDecimal(monthToDate),
        previousDays.stream().map(BigDecimal::new).toList(),
        monthElapsed);
  }
}
