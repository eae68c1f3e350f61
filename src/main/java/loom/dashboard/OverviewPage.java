package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.TimeSeries;
import loom.analytics.TimeSeriesMetric;
import loom.analytics.UsageStats;
import loom.auth.Caller;
import loom.support.Usd;

/**
 * {@code dashboard/index.xhtml}: the cards and charts of the chosen time range, for the logged-in user's own
 * requests (an admin's: everyone's). Everything is queried once, when the view is built.
 */
@Named
@ViewScoped
public class OverviewPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private String previousLabel;
  private List<Card> cards = List.of();
  private List<Card> promptCacheCards = List.of();
  private boolean noRequests = true;
  private String costChart;
  private String requestsChart;
  private String modelChart;
  private String latencyChart;
  private String usersChart;
  private boolean admin;
  private List<ModelRow> topModels = List.of();

  /** A line of the top models table. Read in EL as {@code #{row.model()}}. */
  public record ModelRow(String model, String requests, String cost) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    Window window = timeRange.window(Clock.systemUTC());
    AnalyticsQueries analytics = services.analytics();
    LogFilter range = LogFilter.ALL.withRange(window.start(), window.end());
    UsageStats now = analytics.stats(caller, range);
    UsageStats before =
        analytics.stats(caller, LogFilter.ALL.withRange(window.previous().start(), window.start()));
    previousLabel = "vs the " + Formats.duration(window.length()) + " before";
    cards = OverviewCards.of(now, before);
    promptCacheCards = PromptCacheCards.of(now.promptCache());
    admin = caller.isAdmin();
    noRequests = now.totalRequests() == 0;
    if (noRequests) {
      return;
    }
    // One read per grouping: cost and requests by provider, then both percentiles of everyone's
    // latency.
    List<TimeSeries> byProvider =
        analytics.timeseries(
            caller,
            range,
            null,
            Dimension.PROVIDER,
            List.of(TimeSeriesMetric.COST, TimeSeriesMetric.REQUESTS));
    costChart = ChartModels.costOverTime(byProvider.get(0));
    requestsChart = ChartModels.requestsOverTime(byProvider.get(1));
    List<TimeSeries> latency =
        analytics.timeseries(
            caller,
            range,
            null,
            null,
            List.of(TimeSeriesMetric.LATENCY_P50, TimeSeriesMetric.LATENCY_P95));
    latencyChart = ChartModels.latencyPercentiles(latency.get(0), latency.get(1));
    modelChart = ChartModels.costByModel(now.costByModel()).orElse(null);
    topModels = topModels(now);
    if (admin) {
      usersChart =
          ChartModels.topUsersByCost(
                  now.costByUser(), id -> services.users().nameOf(id).orElse("deleted user " + id))
              .orElse(null);
    }
  }

  /** The models that cost most (then the most requested of those that cost nothing), as the chart above them. */
  static List<ModelRow> topModels(UsageStats stats) {
    Map<String, Long> requests = stats.requestsByModel();
    return stats.costByModel().entrySet().stream()
        .sorted(
            Map.Entry.<String, BigDecimal>comparingByValue()
                .reversed()
                .thenComparing(entry -> -requests.getOrDefault(entry.getKey(), 0L))
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(ChartModels.MODEL_SLICES)
        .map(
            entry ->
                new ModelRow(
                    ChartModels.NONE.equals(entry.getKey()) ? "no model" : entry.getKey(),
                    Formats.count(requests.getOrDefault(entry.getKey(), 0L)),
                    Usd.format(entry.getValue())))
        .toList();
  }

  public String getPreviousLabel() {
    return previousLabel;
  }

  public List<Card> getCards() {
    return cards;
  }

  /** What the providers' prompt caching saved, read and left unread in the range. */
  public List<Card> getPromptCacheCards() {
    return promptCacheCards;
  }

  /** Whether the range has no requests at all ("empty" is a reserved word in EL). */
  public boolean isNoRequests() {
    return noRequests;
  }

  public String getCostChart() {
    return costChart;
  }

  public String getRequestsChart() {
    return requestsChart;
  }

  public String getModelChart() {
    return modelChart;
  }

  public String getLatencyChart() {
    return latencyChart;
  }

  public String getUsersChart() {
    return usersChart;
  }

  public boolean isAdmin() {
    return admin;
  }

  public List<ModelRow> getTopModels() {
    return topModels;
  }
}
