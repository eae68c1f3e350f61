package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.UsageBreakdown;
import loom.auth.Caller;

/**
 * The Costs page's "Breakdown by" panel: the chosen dimension and, from one {@code AnalyticsQueries.breakdown} call,
 * a bar chart of the costliest groups and a table of them with what the providers' prompt caching saved each. Groups
 * past {@link #GROUPS} are one "all others" line, so the table always adds up to the total.
 */
public final class Breakdown implements Serializable {
  /** Lines of the table (the chart shows the {@link ChartModels#TOP_USERS} costliest). */
  static final int GROUPS = 20;

  /** What the selector offers, in its order, with the names the menu shows. */
  static final List<Choice> DIMENSIONS =
      List.of(
          choice(Dimension.TEAM, "Team"),
          choice(Dimension.KEY, "API key"),
          choice(Dimension.TAG, "Tag"),
          choice(Dimension.SESSION, "Session"),
          choice(Dimension.CLIENT_TOOL, "Client tool"),
          choice(Dimension.END_USER, "End user"),
          choice(Dimension.USER, "User"),
          choice(Dimension.MODEL, "Model"),
          choice(Dimension.PROVIDER, "Provider"),
          choice(Dimension.ENDPOINT, "Endpoint"));

  private static final long serialVersionUID = 1L;

  private String by = Dimension.MODEL.id();
  private List<BreakdownRow> rows = List.of();
  private String chart;

  /**
   * Queries the breakdown of {@code filter} by the chosen dimension.
   *
   * @param nameOf the name to show for a key of a dimension (team and user ids get names; the rest show as they are)
   */
  void load(
      AnalyticsQueries analytics,
      Caller caller,
      LogFilter filter,
      Function<Dimension, Function<String, String>> nameOf) {
    Dimension dimension = dimension();
    UsageBreakdown breakdown = analytics.breakdown(caller, filter, dimension, GROUPS);
    Function<String, String> names = nameOf.apply(dimension);
    String none = "no " + labelOf(dimension).toLowerCase(Locale.ROOT);
    List<BreakdownRow> lines = new ArrayList<>();
    Map<String, BigDecimal> costs = new LinkedHashMap<>();
    for (UsageBreakdown.Group group : breakdown.groups()) {
      lines.add(BreakdownRow.of(group, names, none));
      costs.put(group.key(), group.costUsd());
    }
    if (breakdown.other() != null) {
      lines.add(BreakdownRow.of(breakdown.other(), names, none));
    }
    rows = List.copyOf(lines);
    chart =
        ChartModels.costBars(
                costs,
                key -> BreakdownRow.label(key, names, none),
                none,
                labelOf(dimension),
                ChartModels.TOP_USERS)
            .orElse(null);
  }

  /** The chosen dimension; the default (model) for a value the menu does not offer. */
  Dimension dimension() {
    return DIMENSIONS.stream()
        .filter(choice -> choice.value().equals(by))
        .findFirst()
        .map(choice -> Dimension.parse(choice.value()))
        .orElse(Dimension.MODEL);
  }

  static String labelOf(Dimension dimension) {
    return DIMENSIONS.stream()
        .filter(choice -> choice.value().equals(dimension.id()))
        .findFirst()
        .map(Choice::label)
        .orElse(dimension.id());
  }

  private static Choice choice(Dimension dimension, String label) {
    return new Choice(dimension.id(), label);
  }

  public String getBy() {
    return by;
  }

  public void setBy(String by) {
    this.by = by;
  }

  public List<Choice> getDimensions() {
    return DIMENSIONS;
  }

  /** The chosen dimension's name for headings ("Session"). */
  public String getLabel() {
    return labelOf(dimension());
  }

  public List<BreakdownRow> getRows() {
    return rows;
  }

  public String getChart() {
    return chart;
  }
}
