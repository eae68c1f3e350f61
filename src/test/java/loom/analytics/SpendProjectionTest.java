package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendProjectionTest {
  private static final long USD = 1_000_000_000L;

  /** Midnight before March 11: ten whole days of March are past, 21 are to come. */
  private static final Instant MARCH_11 = Instant.parse("2026-03-11T00:00:00Z");

  /** {@code usd} a day on each day from {@code first} to the day before {@code until}. */
  private static Map<LocalDate, Long> every(String first, String until, double usd) {
    Map<LocalDate, Long> daily = new HashMap<>();
    for (LocalDate day = LocalDate.parse(first);
        day.isBefore(LocalDate.parse(until));
        day = day.plusDays(1)) {
      daily.put(day, Math.round(usd * USD));
    }
    return daily;
  }

  private static MonthlyBudget budget(String usd) {
    return new MonthlyBudget("global", null, new BigDecimal(usd));
  }

  @Test
  void aSteadySpendIsProjectedAtItsDailyMeanWithABandOfNoWidth() {
    MonthProjection projection =
        SpendProjection.project(MARCH_11, every("2026-02-01", "2026-03-11", 10), null);

    assertThat(projection.month()).isEqualTo("2026-03");
    assertThat(projection.monthToDateUsd()).isEqualByComparingTo("100");
    assertThat(projection.remainingDays()).isEqualTo(21.0);
    assertThat(projection.basisDays()).isEqualTo(SpendProjection.HISTORY_DAYS);
    assertThat(projection.dailyMeanUsd()).isEqualByComparingTo("10");
    assertThat(projection.dailyStddevUsd()).isEqualByComparingTo("0");
    assertThat(projection.projectedUsd()).isEqualByComparingTo("310");
    assertThat(projection.lowUsd()).isEqualByComparingTo("310");
    assertThat(projection.highUsd()).isEqualByComparingTo("310");
    assertThat(projection.confidence()).isEqualTo(0.9);
  }

  @Test
  void everyDayOfTheMonthIsThereActualBeforeTodayProjectedFromTodayOn() {
    MonthProjection projection =
        SpendProjection.project(MARCH_11, every("2026-02-01", "2026-03-11", 10), null);

    List<MonthProjection.Day> days = projection.days();
    assertThat(days).hasSize(31);
    assertThat(days.get(0).date()).isEqualTo("2026-03-01");
    MonthProjection.Day tenth = days.get(9);
    assertThat(tenth.actualUsd()).isEqualByComparingTo("10");
    assertThat(tenth.cumulativeActualUsd()).isEqualByComparingTo("100");
    assertThat(tenth.projectedUsd()).isNull();
    assertThat(tenth.cumulativeProjectedUsd()).isNull();
    MonthProjection.Day today = days.get(10);
    assertThat(today.date()).isEqualTo("2026-03-11");
    assertThat(today.actualUsd()).isEqualByComparingTo("0");
    assertThat(today.cumulativeActualUsd()).isEqualByComparingTo("100");
    assertThat(today.projectedUsd()).isEqualByComparingTo("10");
    assertThat(today.cumulativeProjectedUsd()).isEqualByComparingTo("110");
    MonthProjection.Day last = days.get(30);
    assertThat(last.actualUsd()).isNull();
    assertThat(last.cumulativeProjectedUsd()).isEqualByComparingTo(projection.projectedUsd());
    assertThat(last.cumulativeHighUsd()).isEqualByComparingTo(projection.highUsd());
  }

  @Test
  void todaysSpendSoFarCountsAndOnlyTheRestOfTheDayIsProjected() {
    Instant noon = Instant.parse("2026-03-11T12:00:00Z");
    Map<LocalDate, Long> daily = every("2026-02-01", "2026-03-11", 10);
    daily.put(LocalDate.parse("2026-03-11"), 8 * USD);

    MonthProjection projection = SpendProjection.project(noon, daily, null);

    assertThat(projection.monthToDateUsd()).isEqualByComparingTo("108");
    assertThat(projection.remainingDays()).isEqualTo(20.5);
    assertThat(projection.projectedUsd()).isEqualByComparingTo("313");
    MonthProjection.Day today = projection.days().get(10);
    assertThat(today.actualUsd()).isEqualByComparingTo("8");
    assertThat(today.projectedUsd()).isEqualByComparingTo("13");
    assertThat(today.cumulativeProjectedUsd()).isEqualByComparingTo("113");
  }

  @Test
  void theBandWidensWithTheSpreadOfTheDaysAsTheFormulaSays() {
    Map<LocalDate, Long> steady = every("2026-02-11", "2026-03-11", 10);
    Map<LocalDate, Long> jumpy = new HashMap<>();
    Map<LocalDate, Long> wild = new HashMap<>();
    int i = 0;
    for (LocalDate day = LocalDate.parse("2026-02-11");
        day.isBefore(LocalDate.parse("2026-03-11"));
        day = day.plusDays(1), i++) {
      jumpy.put(day, (i % 2 == 0 ? 5 : 15) * USD);
      wild.put(day, (i % 2 == 0 ? 20 : 0) * USD);
    }

    MonthProjection flat = SpendProjection.project(MARCH_11, steady, null);
    MonthProjection some = SpendProjection.project(MARCH_11, jumpy, null);
    MonthProjection much = SpendProjection.project(MARCH_11, wild, null);

    // The same mean (each history starts on a day with spend, so none is trimmed), so the same
    // projection; the wider the days spread, the wider the band.
    assertThat(List.of(flat, some, much))
        .allSatisfy(p -> assertThat(p.projectedUsd()).isEqualByComparingTo("310"));
    double someWidth = some.highUsd().subtract(some.lowUsd()).doubleValue();
    double muchWidth = much.highUsd().subtract(much.lowUsd()).doubleValue();
    assertThat(someWidth).isPositive();
    assertThat(muchWidth).isGreaterThan(someWidth);
    // 28 days of 5 and 15: s = 5·√(28/27); half width t(27)·s·√(21 + 21²/28).
    double s = 5 * Math.sqrt(28.0 / 27);
    double half = 1.703 * s * Math.sqrt(21 + 21.0 * 21 / 28);
    assertThat(some.dailyStddevUsd().doubleValue()).isCloseTo(s, within(1e-6));
    assertThat(some.highUsd().doubleValue()).isCloseTo(310 + half, within(1e-6));
    assertThat(some.lowUsd().doubleValue()).isCloseTo(310 - half, within(1e-6));
  }

  @Test
  void theBandNeverGoesBelowWhatIsSpentAlready() {
    // Two days of history far apart: a huge band, whose low end stops at the month to date.
    Map<LocalDate, Long> daily = new HashMap<>();
    daily.put(LocalDate.parse("2026-03-09"), 0L);
    daily.put(LocalDate.parse("2026-03-09"), 1 * USD);
    daily.put(LocalDate.parse("2026-03-10"), 100 * USD);

    MonthProjection projection = SpendProjection.project(MARCH_11, daily, null);

    assertThat(projection.basisDays()).isEqualTo(2);
    assertThat(projection.lowUsd()).isEqualByComparingTo("101");
    assertThat(projection.projectedUsd())
        .isEqualByComparingTo(
            new BigDecimal("101").add(new BigDecimal("50.5").multiply(BigDecimal.valueOf(21))));
  }

  @Test
  void onAMonthsFirstMidnightNothingIsSpentAndTheWholeMonthIsProjectedFromTheMonthBefore() {
    Instant april = Instant.parse("2026-04-01T00:00:00Z");

    MonthProjection projection =
        SpendProjection.project(april, every("2026-03-01", "2026-04-01", 4), null);

    assertThat(projection.month()).isEqualTo("2026-04");
    assertThat(projection.monthToDateUsd()).isEqualByComparingTo("0");
    assertThat(projection.remainingDays()).isEqualTo(30.0);
    assertThat(projection.projectedUsd()).isEqualByComparingTo("120");
    assertThat(projection.days()).hasSize(30);
    assertThat(projection.days().get(0).actualUsd()).isEqualByComparingTo("0");
    assertThat(projection.days().get(0).cumulativeProjectedUsd()).isEqualByComparingTo("4");
    assertThat(SpendProjection.firstDay(april)).isEqualTo("2026-03-04");
    assertThat(SpendProjection.firstDay(MARCH_11)).isEqualTo("2026-02-11");
    assertThat(SpendProjection.firstDay(Instant.parse("2026-03-31T10:00:00Z")))
        .isEqualTo("2026-03-01");
  }

  @Test
  void aNewScopesHistoryStartsAtItsFirstDayWithSpend() {
    // Spend only on the last three days: their mean, not diluted by the 25 empty days before.
    Map<LocalDate, Long> daily = every("2026-03-08", "2026-03-11", 6);
    daily.put(LocalDate.parse("2026-03-09"), 0L);

    MonthProjection projection = SpendProjection.project(MARCH_11, daily, null);

    assertThat(projection.basisDays()).isEqualTo(3);
    assertThat(projection.dailyMeanUsd()).isEqualByComparingTo("4");
    assertThat(projection.projectedUsd()).isEqualByComparingTo(new BigDecimal(12 + 4 * 21));
  }

  @Test
  void withoutHistoryTheProjectionIsWhatIsSpentAndHasNoBand() {
    Instant noon = Instant.parse("2026-03-11T12:00:00Z");

    MonthProjection none =
        SpendProjection.project(noon, Map.of(LocalDate.parse("2026-03-11"), 2 * USD), null);
    MonthProjection oneDay =
        SpendProjection.project(noon, Map.of(LocalDate.parse("2026-03-10"), 2 * USD), null);

    assertThat(none.basisDays()).isZero();
    assertThat(none.projectedUsd()).isEqualByComparingTo("2");
    assertThat(none.lowUsd()).isNull();
    assertThat(none.highUsd()).isNull();
    assertThat(none.dailyStddevUsd()).isNull();
    assertThat(oneDay.basisDays()).isEqualTo(1);
    assertThat(oneDay.projectedUsd()).isEqualByComparingTo("43");
    assertThat(oneDay.lowUsd()).isNull();
    assertThat(oneDay.days().get(30).cumulativeHighUsd()).isNull();
  }

  @Test
  void theBudgetIsCrossedOnTheFirstDayWhoseProjectionReachesIt() {
    MonthProjection projection =
        SpendProjection.project(MARCH_11, every("2026-02-01", "2026-03-11", 10), budget("250"));

    MonthProjection.Budget budget = projection.budget();
    assertThat(budget.scope()).isEqualTo("global");
    assertThat(budget.monthlyUsd()).isEqualByComparingTo("250");
    // 100 by March 10, then 10 a day: 250 at the end of March 25.
    assertThat(budget.overAtProjection()).isTrue();
    assertThat(budget.crossingDate()).isEqualTo("2026-03-25");
    assertThat(budget.overAtHigh()).isTrue();
    assertThat(budget.crossingDateAtHigh()).isEqualTo("2026-03-25");
  }

  @Test
  void aBudgetSpentAlreadyWasCrossedOnTheDayTheSpendReachedIt() {
    MonthProjection projection =
        SpendProjection.project(MARCH_11, every("2026-02-01", "2026-03-11", 10), budget("35"));

    assertThat(projection.budget().crossingDate()).isEqualTo("2026-03-04");
    assertThat(projection.budget().crossingDateAtHigh()).isEqualTo("2026-03-04");
  }

  @Test
  void aBudgetOnlyTheBandsUpperEndReachesHasNoCrossingDayButOneAtTheHigh() {
    Map<LocalDate, Long> jumpy = new HashMap<>();
    int i = 0;
    for (LocalDate day = LocalDate.parse("2026-02-11");
        day.isBefore(LocalDate.parse("2026-03-11"));
        day = day.plusDays(1), i++) {
      jumpy.put(day, (i % 2 == 0 ? 20 : 0) * USD);
    }

    MonthProjection projection = SpendProjection.project(MARCH_11, jumpy, budget("330"));

    assertThat(projection.projectedUsd()).isEqualByComparingTo("310");
    assertThat(projection.budget().overAtProjection()).isFalse();
    assertThat(projection.budget().crossingDate()).isNull();
    assertThat(projection.budget().overAtHigh()).isTrue();
    assertThat(projection.budget().crossingDateAtHigh())
        .isAfter(LocalDate.parse("2026-03-11"))
        .isBefore(LocalDate.parse("2026-04-01"));
  }

  @Test
  void aBudgetWithoutABandHasNoHighCrossing() {
    MonthProjection projection =
        SpendProjection.project(
            MARCH_11, Map.of(LocalDate.parse("2026-03-10"), 20 * USD), budget("100"));

    assertThat(projection.budget().overAtProjection()).isTrue();
    assertThat(projection.budget().crossingDate()).isEqualTo("2026-03-14");
    assertThat(projection.budget().overAtHigh()).isNull();
    assertThat(projection.budget().crossingDateAtHigh()).isNull();
  }

  @Test
  void studentsQuantileFallsToTheNormalOneBeyondThirtyDegrees() {
    assertThat(SpendProjection.quantile(1)).isEqualTo(6.314);
    assertThat(SpendProjection.quantile(27)).isEqualTo(1.703);
    assertThat(SpendProjection.quantile(31)).isEqualTo(1.645);
  }
}
