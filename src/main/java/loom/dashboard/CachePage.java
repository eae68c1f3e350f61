package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loom.analytics.LogFilter;
import loom.analytics.TimeSeries;
import loom.analytics.TimeSeriesMetric;
import loom.auth.Caller;
import loom.cache.CacheModule;
import loom.cache.CacheStats;
import loom.proxy.CacheStatus;
import loom.support.GatewayException;
import loom.support.Usd;

/**
 * {@code dashboard/admin/cache.xhtml} (admins only; DashboardFilter answers 403 to anyone else): the cache's own
 * counters as cards, its hit rate over the chosen time range from the request logs (the cache keeps no
 * history), and invalidating by type or clearing it: the calls {@code /api/v1/cache/*} makes, with the logged-in
 * admin as the caller, so {@code CacheModule} checks the role and the input as it does for the API.
 */
@Named
@ViewScoped
public class CachePage implements Serializable {
  private static final long serialVersionUID = 1L;
  static final Map<String, String> INVALIDATE_FIELDS =
      Map.of("type", "invalidate:type", "value", "invalidate:value");

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private List<Card> cards = List.of();
  private String hitRateChart;
  private boolean noLookups;
  private String type = "model";
  private String value;
  private boolean dryRun;
  private String outcome;

  @PostConstruct
  void load() {
    loadStats();
    Caller caller = currentUser.caller();
    Window window = timeRange.window(Clock.systemUTC());
    LogFilter range = LogFilter.ALL.withRange(window.start(), window.end());
    TimeSeries hits =
        services
            .analytics()
            .timeseries(
                caller,
                withCacheStatus(range, CacheStatus.HIT),
                null,
                null,
                TimeSeriesMetric.REQUESTS);
    TimeSeries misses =
        services
            .analytics()
            .timeseries(
                caller,
                withCacheStatus(range, CacheStatus.MISS),
                null,
                null,
                TimeSeriesMetric.REQUESTS);
    noLookups = total(hits) + total(misses) == 0;
    hitRateChart = noLookups ? null : ChartModels.hitRateOverTime(hits, misses);
  }

  private static LogFilter withCacheStatus(LogFilter filter, CacheStatus status) {
    return new LogFilter(filter.start(), filter.end(), null, null, null, null, status);
  }

  private static double total(TimeSeries series) {
    return series.series().stream()
        .flatMap(one -> one.points().stream())
        .mapToDouble(point -> ((Number) point.get(1)).doubleValue())
        .sum();
  }

  private void loadStats() {
    CacheModule cache = services.cache();
    cards = cards(cache.stats(), cache.config().backend().name().toLowerCase(Locale.ROOT));
  }

  /** The cards of the cache's counters; {@code configured} is the backend loom.yaml asks for. */
  static List<Card> cards(CacheStats.Snapshot stats, String configured) {
    String backendNote =
        switch (stats.backend()) {
          case "memory-fallback" -> "Redis unreachable: answering from memory";
          case "redis" -> "shared by every gateway on this Redis";
          default -> "configured: " + configured;
        };
    return List.of(
        new Card(
            "hit-rate",
            "Hit rate",
            Formats.percent(stats.hitRate()),
            "hits / (hits + misses)",
            "neutral"),
        new Card(
            "entries",
            "Entries",
            Formats.count(stats.totalEntries()),
            Formats.count(stats.evictions()) + " evicted",
            "neutral"),
        new Card(
            "hits",
            "Hits",
            Formats.count(stats.hits()),
            Formats.count(stats.exactHits())
                + " exact, "
                + Formats.count(stats.semanticHits())
                + " by meaning",
            "neutral"),
        new Card(
            "misses",
            "Misses",
            Formats.count(stats.misses()),
            Formats.count(stats.bypasses()) + " bypassed",
            "neutral"),
        new Card(
            "tokens-saved",
            "Tokens saved",
            Formats.count(stats.tokensSaved()),
            "not sent to a provider",
            "neutral"),
        new Card(
            "cost-saved",
            "Cost saved",
            Usd.format(stats.costSavedUsd()),
            Usd.format(stats.exactCostSavedUsd()) + " by exact hits, at today's prices",
            "neutral"),
        new Card(
            "semantic-hits",
            "Hits by meaning",
            Formats.count(stats.semanticHits()),
            Usd.format(stats.semanticCostSavedUsd())
                + " saved; "
                + Formats.count(stats.semanticVetoes())
                + " near questions refused by a guard; "
                + Formats.count(stats.semanticEntries())
                + " remembered",
            "neutral"),
        new Card(
            "latency-saved",
            "Latency saved",
            Formats.millis(stats.avgLatencySavedMs()),
            "per hit, on average",
            "neutral"),
        new Card(
            "backend",
            "Backend",
            stats.backend(),
            backendNote,
            "memory-fallback".equals(stats.backend()) ? "bad" : "neutral"),
        new Card(
            "warmed-hits",
            "Warmed hits",
            Formats.count(stats.warmedHits()),
            Usd.format(stats.warmedCostSavedUsd())
                + " saved, "
                + Formats.count(stats.warmedStores())
                + " entries warmed",
            "neutral"));
  }

  // Actions
  // ------------------------------------------------------------------------------------------------

  public void invalidate() {
    outcome = null;
    try {
      CacheModule.Invalidation done =
          services.cache().invalidate(currentUser.caller(), type, value, dryRun);
      outcome = describe(done);
      loadStats();
    } catch (GatewayException e) {
      FormMessages.show(e, INVALIDATE_FIELDS);
    }
  }

  /** "Removed 3 entries (model: gpt-4o)." or, for a dry run, "Would remove 3 entries (…); nothing was removed." */
  static String describe(CacheModule.Invalidation done) {
    String entries = Formats.count(done.removed()) + (done.removed() == 1 ? " entry" : " entries");
    return done.dryRun()
        ? "Would remove " + entries + " (" + done.description() + "); nothing was removed."
        : "Removed " + entries + " (" + done.description() + ").";
  }

  public void clear() {
    outcome = null;
    try {
      long removed = services.cache().clear(currentUser.caller());
      FormMessages.info(
          "Cleared the cache: "
              + Formats.count(removed)
              + (removed == 1 ? " entry" : " entries")
              + " removed.");
      loadStats();
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  // View state
  // ---------------------------------------------------------------------------------------------

  public List<Card> getCards() {
    return cards;
  }

  public String getHitRateChart() {
    return hitRateChart;
  }

  public boolean isNoLookups() {
    return noLookups;
  }

  public List<String> getTypes() {
    return CacheModule.INVALIDATION_TYPES;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public String getOutcome() {
    return outcome;
  }
}
