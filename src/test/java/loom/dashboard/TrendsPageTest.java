package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import loom.analytics.MonthProjection;
import loom.analytics.UsageTrends;
import org.junit.jupiter.api.Test;

/** The Trends page's rows, projection summary and chart, from the analytics records alone. */
class TrendsPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BigDecimal usd(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static MonthProjection.Day day(
      String date,
      String actual,
      String projected,
      String cumulative,
      String cumulativeProjected,
      String low,
      String high) {
    return new MonthProjection.Day(
        LocalDate.parse(date),
        usd(actual),
        usd(projected),
        usd(cumulative),
        usd(cumulativeProjected),
        usd(low),
        usd(high));
  }

  /** A month of four days, as of the third's noon: two days past, today, one to come. */
  private static MonthProjection projection(
      MonthProjection.Budget budget, String low, String high) {
    return new MonthProjection(
        "2026-02",
        Instant.parse("2026-02-03T12:00:00Z"),
        usd("25"),
        usd("50"),
        usd(low),
        usd(high),
        0.9,
        28,
        usd("10"),
        low == null ? null : usd("4"),
        1.5,
        List.of(
            day("2026-02-01", "10", null, "10", null, null, null),
            day("2026-02-02", "10", null, "20", null, null, null),
            day(
                "2026-02-03",
                "5",
                "10",
                "25",
                "30",
                low == null ? null : "27",
                high == null ? null : "33"),
            day(
                "2026-02-04",
                null,
                "10",
                null,
                "40",
                low == null ? null : "33",
                high == null ? null : "47")),
        budget);
  }

  @Test
  void aRowWritesEachChangeWithItsSignAndNewValuesAsNew() {
    UsageTrends.Change up =
        new UsageTrends.Change(
            "gpt-4o",
            "up",
            usd("3"),
            usd("1.1"),
            usd("1.9"),
            usd("172.73"),
            150,
            100,
            50,
            usd("50"),
            3_000,
            2_000,
            1_000,
            usd("50"));
    UsageTrends.Change fresh =
        new UsageTrends.Change(
            "(none)",
            "new",
            usd("0.5"),
            usd("0"),
            usd("0.5"),
            null,
            1,
            0,
            1,
            null,
            100,
            0,
            100,
            null);
    UsageTrends.Change gone =
        new UsageTrends.Change(
            "old",
            "gone",
            usd("0"),
            usd("3"),
            usd("-3"),
            usd("-100"),
            0,
            1,
            -1,
            usd("-100"),
            0,
            300,
            -300,
            usd("-100"));

    assertThat(TrendRow.of(up, String::toUpperCase, "no model"))
        .isEqualTo(
            new TrendRow(
                "GPT-4O",
                "up",
                "$3.00",
                "$1.10",
                "+$1.90",
                "+172.7 %",
                "150 (+50.0 %)",
                "3,000 (+50.0 %)"));
    assertThat(TrendRow.of(fresh, Function.identity(), "no model"))
        .isEqualTo(
            new TrendRow(
                "no model", "new", "$0.50", "$0.00", "+$0.50", "new", "1 (new)", "100 (new)"));
    assertThat(TrendRow.of(gone, Function.identity(), "no model").change()).isEqualTo("-$3.00");
    assertThat(TrendRow.of(gone, Function.identity(), "no model").changePercent())
        .isEqualTo("-100.0 %");
    assertThat(TrendRow.percent(null, "flat")).isEqualTo("–");
  }

  @Test
  void theSummarySaysWhenTheBudgetIsReachedAtThisPaceOrWasAlready() {
    MonthProjection.Budget later =
        new MonthProjection.Budget(
            "team",
            "team_a",
            usd("35"),
            true,
            LocalDate.parse("2026-02-04"),
            true,
            LocalDate.parse("2026-02-04"));
    MonthProjection.Budget already =
        new MonthProjection.Budget(
            "user",
            "usr_a",
            usd("15"),
            true,
            LocalDate.parse("2026-02-02"),
            true,
            LocalDate.parse("2026-02-02"));
    MonthProjection.Budget onlyAtHigh =
        new MonthProjection.Budget(
            "global", null, usd("45"), false, null, true, LocalDate.parse("2026-02-04"));

    ProjectionSummary team = ProjectionSummary.of(projection(later, "27", "33"), id -> "platform");
    assertThat(team.monthToDate()).isEqualTo("$25.00 spent in 2026-02 to Feb 3, 2026 12:00 UTC");
    assertThat(team.projected()).isEqualTo("$50.00 by the month's end");
    assertThat(team.band()).isEqualTo("$27.00 – $33.00 (90 % band)");
    assertThat(team.basis())
        .isEqualTo("the mean of 28 days before today: $10.00 a day, give or take $4.00");
    assertThat(team.budget())
        .isEqualTo("Team platform's monthly budget of $35.00: reached on Feb 4 at this pace");
    assertThat(team.over()).isTrue();
    assertThat(ProjectionSummary.of(projection(already, "27", "33"), id -> id).budget())
        .isEqualTo("Your monthly budget of $15.00: reached on Feb 2");
    assertThat(ProjectionSummary.of(projection(onlyAtHigh, "27", "33"), id -> id).budget())
        .isEqualTo(
            "The whole gateway's monthly budget of $45.00: not reached at this pace; at the band's upper end on"
                + " Feb 4");
    ProjectionSummary none = ProjectionSummary.of(projection(null, null, null), id -> id);
    assertThat(none.budget()).isNull();
    assertThat(none.over()).isFalse();
    assertThat(none.band()).isEqualTo("no band yet: fewer than two days of history");
  }

  @Test
  void theChartAddsUpTheSpendJoinsTheProjectionToItFillsTheBandAndDrawsTheBudget()
      throws Exception {
    MonthProjection.Budget budget =
        new MonthProjection.Budget(
            "global",
            null,
            usd("35"),
            true,
            LocalDate.parse("2026-02-04"),
            true,
            LocalDate.parse("2026-02-04"));

    JsonNode chart = JSON.readTree(ChartModels.monthProjection(projection(budget, "27", "33")));

    assertThat(chart.path("type").asText()).isEqualTo("line");
    assertThat(chart.at("/data/labels").toString())
        .isEqualTo("[\"Feb 1\",\"Feb 2\",\"Feb 3\",\"Feb 4\"]");
    JsonNode datasets = chart.at("/data/datasets");
    assertThat(datasets)
        .extracting(dataset -> dataset.path("label").asText())
        .containsExactly(
            "Spent", "Projected", "Band, low (90 %)", "Band, high (90 %)", "Monthly budget");
    assertThat(datasets.get(0).path("data").toString()).isEqualTo("[10,20,25,null]");
    // The projection starts at the spend of the day before today, so the two lines join.
    assertThat(datasets.get(1).path("data").toString()).isEqualTo("[null,20,30,40]");
    assertThat(datasets.get(2).path("data").toString()).isEqualTo("[null,null,27,33]");
    assertThat(datasets.get(3).path("data").toString()).isEqualTo("[null,null,33,47]");
    assertThat(datasets.get(3).path("fill").asText()).isEqualTo("-1");
    assertThat(datasets.get(4).path("data").toString()).isEqualTo("[35,35,35,35]");
    assertThat(chart.at("/options/scales/y/title/text").asText())
        .isEqualTo("Spent this month (USD)");
  }

  @Test
  void withoutABudgetTheChartHasNoBudgetLine() throws Exception {
    JsonNode chart = JSON.readTree(ChartModels.monthProjection(projection(null, null, null)));

    assertThat(chart.at("/data/datasets"))
        .extracting(dataset -> dataset.path("label").asText())
        .doesNotContain("Monthly budget");
    assertThat(chart.at("/data/datasets/3/data").toString()).isEqualTo("[null,null,null,null]");
  }
}
