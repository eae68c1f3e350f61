package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageTrendsTest {
  private static final TrendPeriod.Windows WINDOWS =
      TrendPeriod.WEEK.windows(null, Instant.parse("2026-03-10T15:30:00Z"));
  private static final long USD = 1_000_000_000L;

  private static UsageTrends.Sums usd(double cost, long requests, long tokens) {
    return new UsageTrends.Sums(Math.round(cost * USD), requests, tokens);
  }

  private static UsageTrends trends(
      Map<String, UsageTrends.Sums> now,
      Map<String, UsageTrends.Sums> before,
      int limit,
      int movers) {
    UsageTrends.Sums nowTotal =
        now.values().stream().reduce(UsageTrends.Sums.ZERO, UsageTrends.Sums::plus);
    UsageTrends.Sums beforeTotal =
        before.values().stream().reduce(UsageTrends.Sums.ZERO, UsageTrends.Sums::plus);
    return UsageTrends.of(
        Dimension.MODEL,
        TrendPeriod.WEEK,
        WINDOWS,
        now,
        before,
        List.of(nowTotal, beforeTotal),
        limit,
        movers);
  }

  @Test
  void eachValueHasItsChangeAbsoluteAndInPercentCostliestNowFirst() {
    UsageTrends trends =
        trends(
            Map.of("gpt-4o", usd(12.5, 150, 3_000), "mini", usd(1, 10, 100)),
            Map.of("gpt-4o", usd(10, 100, 2_000), "mini", usd(2, 10, 400)),
            10,
            5);

    assertThat(trends.groupBy()).isEqualTo("model");
    assertThat(trends.period()).isEqualTo("week");
    assertThat(trends.current().start()).isEqualTo(WINDOWS.currentStart());
    assertThat(trends.previous().end()).isEqualTo(WINDOWS.previousEnd());
    assertThat(trends.groups())
        .extracting(
            UsageTrends.Change::key,
            UsageTrends.Change::status,
            change -> change.costChangeUsd().toPlainString(),
            change -> change.costChangePct().toPlainString(),
            UsageTrends.Change::requestsChange,
            change -> change.requestsChangePct().toPlainString(),
            UsageTrends.Change::tokensChange,
            change -> change.tokensChangePct().toPlainString())
        .containsExactly(
            tuple("gpt-4o", "up", "2.5", "25", 50L, "50", 1_000L, "50"),
            tuple("mini", "down", "-1", "-50", 0L, "0", -300L, "-75"));
    assertThat(trends.other()).isNull();
    assertThat(trends.total().costUsd()).isEqualByComparingTo("13.5");
    assertThat(trends.total().previousCostUsd()).isEqualByComparingTo("12");
    assertThat(trends.total().costChangePct()).isEqualByComparingTo("12.5");
  }

  @Test
  void aValueWithNothingBeforeIsNewWithoutAPercentAndOneWithNothingNowIsGone() {
    UsageTrends trends =
        trends(
            Map.of("new-model", usd(3, 30, 300), "kept", usd(1, 1, 1)),
            Map.of("old-model", usd(4, 40, 400), "kept", usd(1, 1, 1)),
            10,
            5);

    assertThat(trends.groups())
        .extracting(
            UsageTrends.Change::key,
            UsageTrends.Change::status,
            UsageTrends.Change::costChangePct,
            UsageTrends.Change::requestsChangePct)
        .containsExactly(
            tuple("new-model", "new", null, null),
            tuple("kept", "flat", java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO),
            tuple(
                "old-model",
                "gone",
                new java.math.BigDecimal("-100"),
                new java.math.BigDecimal("-100")));
    UsageTrends.Change gone = trends.groups().get(2);
    assertThat(gone.costUsd()).isEqualByComparingTo("0");
    assertThat(gone.previousCostUsd()).isEqualByComparingTo("4");
    assertThat(gone.requests()).isZero();
  }

  @Test
  void emptyPeriodsHaveAZeroTotalWithoutPercentsAndNoMovers() {
    UsageTrends trends = trends(Map.of(), Map.of(), 10, 5);

    assertThat(trends.groups()).isEmpty();
    assertThat(trends.total().costChangePct()).isNull();
    assertThat(trends.total().status()).isEqualTo("flat");
    assertThat(trends.movers().up()).isEmpty();
    assertThat(trends.movers().down()).isEmpty();
  }

  @Test
  void moversAreTheLargestRisesAndFallsOfAllValuesListedOrNot() {
    // Ten models; the listed three are the costliest now, but the largest fall is of one past the
    // limit.
    Map<String, UsageTrends.Sums> now = new java.util.HashMap<>();
    Map<String, UsageTrends.Sums> before = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      now.put("m" + i, usd(10 - i, 1, 1));
      before.put("m" + i, usd(10 - i + (i % 2 == 0 ? -i : i), 1, 1));
    }
    now.put("vanished", usd(0, 0, 0));
    before.put("vanished", usd(50, 5, 5));
    now.put("tied-a", usd(2, 1, 1));
    before.put("tied-a", usd(1, 1, 1));
    now.put("tied-b", usd(2, 1, 1));
    before.put("tied-b", usd(1, 1, 1));

    UsageTrends trends = trends(now, before, 3, 3);

    assertThat(trends.groups())
        .extracting(UsageTrends.Change::key)
        .containsExactly("m0", "m1", "m2");
    // Up: m8 (+8), m6 (+6), m4 (+4); down: vanished (-50), m9 (-9), m7 (-7).
    assertThat(trends.movers().up())
        .extracting(UsageTrends.Change::key)
        .containsExactly("m8", "m6", "m4");
    assertThat(trends.movers().down())
        .extracting(UsageTrends.Change::key)
        .containsExactly("vanished", "m9", "m7");
    // Everything past the limit is in other, and groups plus other add up to the total, in both
    // periods.
    assertThat(
            trends.groups().stream()
                .map(UsageTrends.Change::costUsd)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                .add(trends.other().costUsd()))
        .isEqualByComparingTo(trends.total().costUsd());
    assertThat(
            trends.groups().stream()
                .map(UsageTrends.Change::previousCostUsd)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                .add(trends.other().previousCostUsd()))
        .isEqualByComparingTo(trends.total().previousCostUsd());
    assertThat(trends.other().key()).isEqualTo("(other)");
  }

  @Test
  void moversWithTheSameChangeAreOrderedByName() {
    UsageTrends trends =
        trends(
            Map.of("b", usd(2, 1, 1), "a", usd(2, 1, 1)),
            Map.of("b", usd(1, 1, 1), "a", usd(1, 1, 1)),
            10,
            1);

    assertThat(trends.movers().up()).extracting(UsageTrends.Change::key).containsExactly("a");
  }

  @ParameterizedTest(name = "{0} on {1} is {2} %")
  @CsvSource({
    "1, 3, 33.33",
    "2, 3, 66.67",
    "-1, 3, -33.33",
    "300, 100, 300",
    "1, 100000000, 0",
    "-5, 5, -100"
  })
  void percentsAreRoundedToTwoDecimals(long change, long before, String percent) {
    assertThat(UsageTrends.percent(change, before).toPlainString()).isEqualTo(percent);
  }

  @Test
  void noPercentOfNothing() {
    assertThat(UsageTrends.percent(5, 0)).isNull();
    assertThat(UsageTrends.percent(0, 0)).isNull();
  }
}
