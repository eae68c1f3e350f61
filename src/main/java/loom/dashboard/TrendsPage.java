package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.MonthProjection;
import loom.analytics.TrendPeriod;
import loom.analytics.TrendQueries;
import loom.analytics.UsageTrends;
import loom.auth.Caller;

/**
 * {@code dashboard/trends.xhtml}: this week or month against the one before, per value of a dimension of choice,
 * with the values whose cost rose and fell most; and this month's spend projected to its end with its band, against
 * the budget of the same requests, as a chart ({@link ChartModels#monthProjection}). Narrowed by the attribution
 * filters of the Costs page; each caller sees what the trend service lets them. Queried once per view, and again when
 * the filters or the choice are applied.
 */
@Named
@ViewScoped
public class TrendsPage implements Serializable {
  /** Lines of the table; the rest are one "all others" line. */
  static final int GROUPS = 20;

  /** Values in each list of movers. */
  static final int MOVERS = 5;

  static final List<Choice> PERIODS =
      List.of(new Choice("week", "Week over week"), new Choice("month", "Month over month"));
  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;

  private final AttributionSearch search = new AttributionSearch();
  private TeamNames teamNames;
  private String by = Dimension.MODEL.id();
  private String period = TrendPeriod.WEEK.id();
  private List<TrendRow> rows = List.of();
  private List<TrendRow> up = List.of();
  private List<TrendRow> down = List.of();
  private TrendRow total;
  private String ranges;
  private ProjectionSummary projection;
  private String projectionChart;

  @PostConstruct
  void load() {
    teamNames = TeamNames.of(services.teams(), currentUser.caller());
    refresh();
  }

  /** Applies the filters and the choice of dimension and period (a full post, so the chart is drawn afresh). */
  public void apply() {
    refresh();
  }

  private void refresh() {
    Caller caller = currentUser.caller();
    LogFilter filter = search.applyTo(LogFilter.ALL);
    TrendQueries trends = services.trends();
    Dimension dimension = dimension();
    UsageTrends trend = trends.trends(caller, filter, dimension, period(), GROUPS, MOVERS);
    Function<String, String> names = nameOf(dimension);
    String none = "no " + Breakdown.labelOf(dimension).toLowerCase(Locale.ROOT);
    List<TrendRow> lines =
        new ArrayList<>(
            trend.groups().stream().map(change -> TrendRow.of(change, names, none)).toList());
    if (trend.other() != null) {
      lines.add(TrendRow.of(trend.other(), names, none));
    }
    rows = List.copyOf(lines);
    up = trend.movers().up().stream().map(change -> TrendRow.of(change, names, none)).toList();
    down = trend.movers().down().stream().map(change -> TrendRow.of(change, names, none)).toList();
    total = TrendRow.of(trend.total(), Function.identity(), none);
    ranges =
        Formats.utc(trend.current().start(), "")
            + " – "
            + Formats.utc(trend.current().end(), "")
            + " against "
            + Formats.utc(trend.previous().start(), "")
            + " – "
            + Formats.utc(trend.previous().end(), "");
    MonthProjection month = trends.projection(caller, filter);
    projection = ProjectionSummary.of(month, teamNames::nameOf);
    projectionChart = ChartModels.monthProjection(month);
  }

  private Function<String, String> nameOf(Dimension dimension) {
    return switch (dimension) {
      case TEAM -> teamNames::nameOf;
      case USER -> id -> services.users().nameOf(id).orElse("deleted user " + id);
      default -> Function.identity();
    };
  }

  /** The chosen dimension; model for a value the menu does not offer. */
  Dimension dimension() {
    return Breakdown.DIMENSIONS.stream()
        .filter(choice -> choice.value().equals(by))
        .findFirst()
        .map(choice -> Dimension.parse(choice.value()))
        .orElse(Dimension.MODEL);
  }

  /** The chosen period; a week for a value the menu does not offer. */
  TrendPeriod period() {
    return TrendPeriod.MONTH.id().equals(period) ? TrendPeriod.MONTH : TrendPeriod.WEEK;
  }

  public String getBy() {
    return by;
  }

  public void setBy(String by) {
    this.by = by;
  }

  public String getPeriod() {
    return period;
  }

  public void setPeriod(String period) {
    this.period = period;
  }

  public List<Choice> getDimensions() {
    return Breakdown.DIMENSIONS;
  }

  public List<Choice> getPeriods() {
    return PERIODS;
  }

  /** The chosen dimension's name for headings ("Model"). */
  public String getLabel() {
    return Breakdown.labelOf(dimension());
  }

  public List<TrendRow> getRows() {
    return rows;
  }

  public List<TrendRow> getUp() {
    return up;
  }

  public List<TrendRow> getDown() {
    return down;
  }

  public TrendRow getTotal() {
    return total;
  }

  /** The two ranges compared, in UTC. */
  public String getRanges() {
    return ranges;
  }

  public ProjectionSummary getProjection() {
    return projection;
  }

  public String getProjectionChart() {
    return projectionChart;
  }

  public AttributionSearch getSearch() {
    return search;
  }

  public List<Choice> getTeams() {
    return teamNames.options();
  }
}
