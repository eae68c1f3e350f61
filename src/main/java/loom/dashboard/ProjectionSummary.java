package loom.dashboard;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import loom.analytics.MonthProjection;
import loom.support.Usd;

/**
 * The Trends page's projection in words: the month's spend so far, where it is heading with its band, what that is
 * based on, and the budget it is drawn against with the day it is reached. Read in EL as {@code #{p.projected()}}.
 *
 * @param budget the budget and when spend reaches it; null when no budget applies to these requests
 * @param over whether the projection reaches the budget (for the page's red)
 */
public record ProjectionSummary(
    String monthToDate, String projected, String band, String basis, String budget, boolean over)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.US);

  /** @param teamName a team's name for its id, for a team's budget */
  static ProjectionSummary of(MonthProjection projection, Function<String, String> teamName) {
    String band =
        projection.lowUsd() == null
            ? "no band yet: fewer than two days of history"
            : Usd.format(projection.lowUsd())
                + " – "
                + Usd.format(projection.highUsd())
                + " ("
                + Math.round(projection.confidence() * 100)
                + " % band)";
    String basis =
        projection.basisDays() == 0
            ? "nothing spent in the four weeks before today to project from"
            : "the mean of "
                + projection.basisDays()
                + (projection.basisDays() == 1 ? " day" : " days")
                + " before today: "
                + Usd.format(projection.dailyMeanUsd())
                + " a day"
                + (projection.dailyStddevUsd() == null
                    ? ""
                    : ", give or take " + Usd.format(projection.dailyStddevUsd()));
    MonthProjection.Budget budget = projection.budget();
    return new ProjectionSummary(
        Usd.format(projection.monthToDateUsd())
            + " spent in "
            + projection.month()
            + " to "
            + Formats.utc(projection.asOf(), ""),
        Usd.format(projection.projectedUsd()) + " by the month's end",
        band,
        basis,
        budget == null
            ? null
            : budgetText(budget, LocalDate.ofInstant(projection.asOf(), ZoneOffset.UTC), teamName),
        budget != null && budget.overAtProjection());
  }

  private static String budgetText(
      MonthProjection.Budget budget, LocalDate today, Function<String, String> teamName) {
    String whose =
        switch (budget.scope()) {
          case "global" -> "The whole gateway's";
          case "team" -> "Team " + teamName.apply(budget.id()) + "'s";
          case "key" -> "The key's";
          default -> "Your";
        };
    String text = whose + " monthly budget of " + Usd.format(budget.monthlyUsd()) + ": ";
    if (budget.crossingDate() != null) {
      return budget.crossingDate().isAfter(today)
          ? text + "reached on " + DAY.format(budget.crossingDate()) + " at this pace"
          : text + "reached on " + DAY.format(budget.crossingDate());
    }
    if (budget.crossingDateAtHigh() != null) {
      return text
          + "not reached at this pace; at the band's upper end on "
          + DAY.format(budget.crossingDateAtHigh());
    }
    return text + "not reached this month at this pace";
  }
}
