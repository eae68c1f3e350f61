package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import loom.analytics.AnalyticsQueries;
import loom.analytics.CostSummary;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.TimeBucket;
import loom.analytics.TimeSeries;
import loom.analytics.TimeSeriesMetric;
import loom.analytics.UsageStats;
import loom.auth.Caller;
import loom.support.Usd;

/**
 * {@code dashboard/costs.xhtml}: what the chosen range cost, by provider, by model, by endpoint and (admins) by user,
 * as charts and tables with the cost per request and per 1,000 tokens, and broken down by a dimension of choice
 * ({@link Breakdown}), all narrowed by the attribution filters; and the budgets of today and this month against the
 * spend the alert checks read (the user's own; for admins also the whole gateway's). Queried once per view, and
 * again when the filters are applied.
 */
@Named
@ViewScoped
public class CostsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private boolean admin;
  private boolean noRequests = true;
  private CostRow total;
  private String providerChart;
  private String modelChart;
  private String userChart;
  private String endpointChart;
  private List<CostRow> providers = List.of();
  private List<CostRow> models = List.of();
  private List<CostRow> users = List.of();
  private List<CostRow> endpoints = List.of();
  private List<BudgetBar> budgets = List.of();
  private final AttributionSearch search = new AttributionSearch();
  private final Breakdown breakdown = new Breakdown();
  private TeamNames teamNames;
  private Set<String> administered = Set.of();
  private String scope;

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    budgets = BudgetBars.of(services.alerts(), caller);
    teamNames = TeamNames.of(services.teams(), caller);
    administered = admin ? Set.of() : services.teams().teamsAdministeredBy(caller.userId());
    refresh();
  }

  // Actions
  // ------------------------------------------------------------------------------------------------

  /** Applies the filters (Faces has validated them): every figure below the budgets is queried again. */
  public void apply() {
    refresh();
  }

  public void clear() {
    search.clear();
    refresh();
  }

  /** Shows the breakdown by the newly chosen dimension. */
  public void breakdownChanged() {
    if (!noRequests) {
      loadBreakdown(currentUser.caller(), filter());
    }
  }

  // Loading
  // ------------------------------------------------------------------------------------------------

  private LogFilter filter() {
    Window window = timeRange.window(Clock.systemUTC());
    return search.applyTo(LogFilter.ALL.withRange(window.start(), window.end()));
  }

  private void loadBreakdown(Caller caller, LogFilter range) {
    breakdown.load(
        services.analytics(),
        caller,
        range,
        dimension ->
            switch (dimension) {
              case TEAM -> teamNames::nameOf;
              case USER -> this::userName;
              default -> Function.identity();
            });
  }

  private String userName(String id) {
    return services.users().nameOf(id).orElse("deleted user " + id);
  }

  private void refresh() {
    Caller caller = currentUser.caller();
    LogFilter range = filter();
    AnalyticsQueries analytics = services.analytics();
    providers = models = endpoints = users = List.of();
    providerChart = modelChart = endpointChart = userChart = null;
    scope = scope(caller, search.getTeamId(), administered, teamNames);
    CostSummary costs = analytics.costs(caller, range);
    noRequests = costs.totalRequests() == 0;
    total =
        new CostRow(
            "Total",
            Formats.count(costs.totalRequests()),
            Formats.count(costs.totalTokens()),
            Usd.format(costs.totalCostUsd()),
            CostRow.per(costs.totalCostUsd(), costs.totalRequests(), 1),
            CostRow.per(costs.totalCostUsd(), costs.totalTokens(), 1_000));
    if (noRequests) {
      return;
    }
    UsageStats stats = analytics.stats(caller, range);
    Map<String, Long> modelTokens =
        sums(
            analytics.timeseries(
                caller, range, TimeBucket.DAY, Dimension.MODEL, TimeSeriesMetric.TOKENS));
    providers =
        CostRow.of(
            costs.costByProvider(),
            stats.requestsByProvider(),
            stats.tokensByProvider(),
            Function.identity(),
            "no provider");
    models =
        CostRow.of(
            costs.costByModel(),
            stats.requestsByModel(),
            modelTokens,
            Function.identity(),
            "no model");
    providerChart =
        ChartModels.costBars(
                costs.costByProvider(),
                Function.identity(),
                "no provider",
                "Provider",
                ChartModels.TOP_USERS)
            .orElse(null);
    modelChart = ChartModels.costByModel(costs.costByModel()).orElse(null);
    endpoints =
        CostRow.of(
            costs.costByEndpoint(),
            stats.requestsByEndpoint(),
            stats.tokensByEndpoint(),
            Function.identity(),
            "no endpoint");
    endpointChart = ChartModels.costByEndpoint(costs.costByEndpoint()).orElse(null);
    loadBreakdown(caller, range);
    if (admin) {
      Map<String, String> names = new HashMap<>();
      Function<String, String> nameOf = id -> names.computeIfAbsent(id, this::userName);
      users =
          CostRow.of(
              costs.costByUser(), stats.requestsByUser(), stats.tokensByUser(), nameOf, "no user");
      userChart = ChartModels.topUsersByCost(costs.costByUser(), nameOf).orElse(null);
    }
  }

  /** Whose requests the figures are: everyone's for an admin, a team's for its admin filtering by it, else one's own. */
  static String scope(Caller caller, String teamId, Set<String> administered, TeamNames teamNames) {
    if (caller.isAdmin()) {
      return "What the requests of all users cost";
    }
    if (teamId != null && administered.contains(teamId.strip())) {
      return "What the requests of team " + teamNames.nameOf(teamId.strip()) + " cost";
    }
    return "What your requests cost";
  }

  /** Each series' points summed: the metric per key over the whole range. */
  static Map<String, Long> sums(TimeSeries series) {
    Map<String, Long> sums = new HashMap<>();
    for (TimeSeries.Series one : series.series()) {
      long sum =
          one.points().stream().mapToLong(point -> ((Number) point.get(1)).longValue()).sum();
      sums.put(one.key(), sum);
    }
    return sums;
  }

  public boolean isAdmin() {
    return admin;
  }

  /** Whether the range has no requests at all ("empty" is a reserved word in EL). */
  public boolean isNoRequests() {
    return noRequests;
  }

  public CostRow getTotal() {
    return total;
  }

  public String getProviderChart() {
    return providerChart;
  }

  public String getModelChart() {
    return modelChart;
  }

  public String getUserChart() {
    return userChart;
  }

  public String getEndpointChart() {
    return endpointChart;
  }

  public List<CostRow> getProviders() {
    return providers;
  }

  public List<CostRow> getModels() {
    return models;
  }

  public List<CostRow> getUsers() {
    return users;
  }

  public List<CostRow> getEndpoints() {
    return endpoints;
  }

  public List<BudgetBar> getBudgets() {
    return budgets;
  }

  public String getScope() {
    return scope;
  }

  public AttributionSearch getSearch() {
    return search;
  }

  public Breakdown getBreakdown() {
    return breakdown;
  }

  public List<Choice> getTeams() {
    return teamNames.options();
  }
}
