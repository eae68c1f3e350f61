package loom.cache;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import loom.proxy.Usage;

/**
 * Counts what the cache did — hits, misses, bypasses, stores — and what hits saved (tokens, dollars at
 * today's prices, the original answers' latency), into counters shared by every gateway on the same Redis
 * (or local). Hits on entries that cache warming stored, the warmed entries stored and what those hits saved are
 * also counted apart (they are in the totals too). Thread-safe; the request path only adds to local counters.
 */
public final class CacheStats {
  static final String HITS = "hits";
  static final String MISSES = "misses";
  static final String BYPASSES = "bypasses";
  static final String STORES = "stores";
  static final String TOKENS_SAVED = "tokens_saved";
  static final String COST_SAVED_NANOS = "cost_saved_nanos";
  static final String LATENCY_SAVED_MS = "latency_saved_ms";
  static final String WARMED_HITS = "warmed_hits";
  static final String WARMED_STORES = "warmed_stores";
  static final String WARMED_TOKENS_SAVED = "warmed_tokens_saved";
  static final String WARMED_COST_SAVED_NANOS = "warmed_cost_saved_nanos";
  private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

  private final CacheCounters counters;
  private final CostOfUsage prices;

  CacheStats(CacheCounters counters, CostOfUsage prices) {
    this.counters = counters;
    this.prices = prices;
  }

  void hit(CacheEntry entry) {
    counters.add(HITS, 1);
    Usage usage = entry.usage();
    counters.add(TOKENS_SAVED, usage.totalTokens());
    counters.add(LATENCY_SAVED_MS, entry.latencyMs());
    BigDecimal saved = prices.usd(entry.providerId(), entry.model(), usage);
    long savedNanos = saved.multiply(NANOS_PER_USD).setScale(0, RoundingMode.HALF_UP).longValueExact();
    counters.add(COST_SAVED_NANOS, savedNanos);
    if (entry.warmed()) {
      counters.add(WARMED_HITS, 1);
      counters.add(WARMED_TOKENS_SAVED, usage.totalTokens());
      counters.add(WARMED_COST_SAVED_NANOS, savedNanos);
    }
  }

  void missed() {
    counters.add(MISSES, 1);
  }

  void bypassed() {
    counters.add(BYPASSES, 1);
  }

  void stored() {
    counters.add(STORES, 1);
  }

  /** Cache warming stored an entry. */
  void warmedStored() {
    counters.add(WARMED_STORES, 1);
  }

  /** The totals now, with the figures only the backend knows. */
  Snapshot snapshot(long evictions, long entries, String backend) {
    Map<String, Long> totals = counters.snapshot();
    long hits = totals.getOrDefault(HITS, 0L);
    long misses = totals.getOrDefault(MISSES, 0L);
    double hitRate = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    return new Snapshot(hits, misses, totals.getOrDefault(BYPASSES, 0L), evictions, entries, hitRate,
        totals.getOrDefault(TOKENS_SAVED, 0L),
        usd(totals.getOrDefault(COST_SAVED_NANOS, 0L)),
        hits == 0 ? 0 : (double) totals.getOrDefault(LATENCY_SAVED_MS, 0L) / hits, backend,
        totals.getOrDefault(WARMED_HITS, 0L), totals.getOrDefault(WARMED_STORES, 0L),
        totals.getOrDefault(WARMED_TOKENS_SAVED, 0L), usd(totals.getOrDefault(WARMED_COST_SAVED_NANOS, 0L)));
  }

  private static BigDecimal usd(long nanos) {
    BigDecimal usd = new BigDecimal(nanos).divide(NANOS_PER_USD).stripTrailingZeros();
    return usd.scale() < 0 ? usd.setScale(0) : usd;
  }

  /**
   * What {@code GET /api/v1/cache/stats} reports.
   *
   * @param warmedHits the hits on entries cache warming stored (counted in {@code hits} too)
   * @param warmedStores the entries cache warming stored
   * @param warmedTokensSaved the part of {@code tokensSaved} that warmed entries saved
   * @param warmedCostSavedUsd the part of {@code costSavedUsd} that warmed entries saved
   */
  public record Snapshot(long hits, long misses, long bypasses, long evictions, long totalEntries, double hitRate,
                         long tokensSaved, BigDecimal costSavedUsd, double avgLatencySavedMs, String backend,
                         long warmedHits, long warmedStores, long warmedTokensSaved, BigDecimal warmedCostSavedUsd) {
    /** Statistics without anything warmed. */
    public Snapshot(long hits, long misses, long bypasses, long evictions, long totalEntries, double hitRate,
                    long tokensSaved, BigDecimal costSavedUsd, double avgLatencySavedMs, String backend) {
      this(hits, misses, bypasses, evictions, totalEntries, hitRate, tokensSaved, costSavedUsd, avgLatencySavedMs,
          backend, 0, 0, 0, BigDecimal.ZERO);
    }
  }
}
