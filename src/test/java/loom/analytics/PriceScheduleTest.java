package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceScheduleTest {
  private static final PriceSet OLD = prices("10");
  private static final PriceSet NEW = prices("2");
  private static final PriceSet NEWER = prices("1");
  private static final PriceSet PEAK = prices("5");

  /** o3 as the list has it: $10 until 2025-06-09, $2 from 2025-06-10 (UTC), and a made-up third step. */
  private static final PriceSchedule HISTORY =
      new PriceSchedule(
          List.of(
              new PriceSchedule.Entry(PriceCondition.ALWAYS, OLD),
              new PriceSchedule.Entry(
                  new PriceCondition.FromDay(LocalDate.parse("2025-06-10")), NEW),
              new PriceSchedule.Entry(
                  new PriceCondition.FromDay(LocalDate.parse("2026-01-01")), NEWER)));

  /** DeepSeek as the list has it: the first (off-peak) price unless 00:30-16:30 UTC. */
  private static final PriceSchedule WINDOW =
      new PriceSchedule(
          List.of(
              new PriceSchedule.Entry(PriceCondition.ALWAYS, OLD),
              new PriceSchedule.Entry(
                  new PriceCondition.DailyWindow(LocalTime.of(0, 30), LocalTime.of(16, 30)),
                  PEAK)));

  /** Only dated entries: before the first, none holds and the first applies. */
  private static final PriceSchedule DATED_ONLY =
      new PriceSchedule(
          List.of(
              new PriceSchedule.Entry(
                  new PriceCondition.FromDay(LocalDate.parse("2025-06-10")), NEW),
              new PriceSchedule.Entry(
                  new PriceCondition.FromDay(LocalDate.parse("2026-01-01")), NEWER)));

  private static final PriceSchedule OVERNIGHT =
      new PriceSchedule(
          List.of(
              new PriceSchedule.Entry(PriceCondition.ALWAYS, OLD),
              new PriceSchedule.Entry(
                  new PriceCondition.DailyWindow(LocalTime.of(22, 0), LocalTime.of(6, 0)), PEAK)));

  static Stream<Arguments> moments() {
    return Stream.of(
        Arguments.of(
            "before the first start_date: the oldest price",
            HISTORY,
            "2025-06-09T23:59:59.999Z",
            OLD),
        Arguments.of("on the start day, from midnight UTC", HISTORY, "2025-06-10T00:00:00Z", NEW),
        Arguments.of("the last entry that holds wins", HISTORY, "2026-03-01T12:00:00Z", NEWER),
        Arguments.of("none holds: the first entry", DATED_ONLY, "2024-01-01T00:00:00Z", NEW),
        Arguments.of("inside a daily window", WINDOW, "2026-08-21T00:30:00Z", PEAK),
        Arguments.of("a window's end is outside it", WINDOW, "2026-08-21T16:30:00Z", OLD),
        Arguments.of("before a window", WINDOW, "2026-08-21T00:29:59Z", OLD),
        Arguments.of("a window over midnight, late", OVERNIGHT, "2026-08-21T23:00:00Z", PEAK),
        Arguments.of("a window over midnight, early", OVERNIGHT, "2026-08-21T05:59:59Z", PEAK),
        Arguments.of("a window over midnight, midday", OVERNIGHT, "2026-08-21T12:00:00Z", OLD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("moments")
  void thePriceInForceIsTheLastEntryWhoseConditionHolds(
      String description, PriceSchedule schedule, String at, PriceSet expected) {
    assertThat(schedule.at(Instant.parse(at))).isSameAs(expected);
  }

  private static PriceSet prices(String input) {
    return new PriceSet(
        TokenPrice.flat(new BigDecimal(input)), null, null, TokenPrice.ZERO, BigDecimal.ZERO);
  }
}
