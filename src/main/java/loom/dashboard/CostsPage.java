package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import loom.alerts.AlertService;
import loom.alerts.AlertSettings;
import loom.alerts.Spend;
import loom.analytics.AnalyticsQueries;
import loom.analytics.CostSummary;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.TimeBucket;
import loom.analytics.TimeSeries;
import loom.analytics.TimeSeriesMetric;
import loom.analytics.UsageStats;
import loom.auth.Caller;

/**
 * {@code dashboard/costs.xhtml}: what the chosen range cost, by provider, by model, by endpoint and (admins) by user,
 * as charts and tables with the cost per request and per 1,000 tokens; and the budgets of today and this month against
 * the spend the alert checks read (the user's own; for admins also the whole gateway's). Queried once per view.
 */
@Named
@ViewScoped
public class CostsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject
  Services services;
  @Inject
  CurrentUser currentUser;
  @Inject
  TimeRange timeRange;

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

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    budgets = budgets(services.alerts(), caller);
    Window window = timeRange.window(Clock.systemUTC());
    LogFilter range = LogFilter.ALL.withRange(window.start(), window.end());
    AnalyticsQueries analytics = services.analytics();
    CostSummary costs = analytics.costs(caller, range);
    noRequests = costs.totalRequests() == 0;
    total = new CostRow("Total", Formats.count(costs.totalRequests()), Formats.count(costs.totalTokens()),
        Formats.usd(costs.totalCostUsd()), CostRow.per(costs.totalCostUsd(), costs.totalRequests(), 1),
        CostRow.per(costs.totalCostUsd(), costs.totalTokens(), 1_000));
    if (noRequests) {
      return;
    }
    UsageStats stats = analytics.stats(caller, range);
    Map<String, Long> modelTokens = sums(analytics.timeseries(caller, range, TimeBucket.DAY, Dimension.MODEL,
        TimeSeriesMetric.TOKENS));
    providers = CostRow.of(costs.costByProvider(), stats.requestsByProvider(), stats.tokensByProvider(),
        Function.identity(), "no provider");
    models = CostRow.of(costs.costByModel(), stats.requestsByModel(), modelTokens, Function.identity(), "no model");
    providerChart = ChartModels.costBars(costs.costByProvider(), Function.identity(), "no provider", "Provider",
        ChartModels.TOP_USERS).orElse(null);
    modelChart = ChartModels.costByModel(costs.costByModel()).orElse(null);
    endpoints = CostRow.of(costs.costByEndpoint(), stats.requestsByEndpoint(), stats.tokensByEndpoint(),
        Function.identity(), "no endpoint");
    endpointChart = ChartModels.costByEndpoint(costs.costByEndpoint()).orElse(null);
    if (admin) {
      Map<String, String> names = new HashMap<>();
      Function<String, String> nameOf = id -> names.computeIfAbsent(id,
          key -> services.users().nameOf(key).orElse("deleted user " + key));
      users = CostRow.of(costs.costByUser(), stats.requestsByUser(), stats.tokensByUser(), nameOf, "no user");
      userChart = ChartModels.topUsersByCost(costs.costByUser(), nameOf).orElse(null);
    }
  }

  /** The caller's daily and monthly budgets, and for admins the whole gateway's, with the spend the checks read. */
  static List<BudgetBar> budgets(AlertService alerts, Caller caller) {
    List<BudgetBar> bars = new ArrayList<>();
    addBars(bars, "", "Your", alerts.spend(caller, null), alerts.settings(caller, null));
    if (caller.isAdmin()) {
      addBars(bars, "global-", "The whole gateway's", alerts.spend(caller, "global"), alerts.settings(caller, "global"));
    }
    return List.copyOf(bars);
  }

  private static void addBars(List<BudgetBar> bars, String idPrefix, String whose, Spend spend, AlertSettings settings) {
    bars.add(BudgetBar.of(idPrefix + "daily", whose + " daily budget", spend.today(), settings.dailyBudgetUsd(),
        spend.day()));
    bars.add(BudgetBar.of(idPrefix + "monthly", whose + " monthly budget", spend.monthToDate(),
        settings.monthlyBudgetUsd(), spend.month()));
  }

  /** Each series' points summed: the metric per key over the whole range. */
  static Map<String, Long> sums(TimeSeries series) {
    Map<String, Long> sums = new HashMap<>();
    for (TimeSeries.Series one : series.series()) {
      long sum = one.points().stream().mapToLong(point -> ((Number) point.get(1)).longValue()).sum();
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
}
