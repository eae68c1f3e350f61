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
  static final String SEMANTIC_HITS = "semantic_hits";
  static final String SEMANTIC_COST_SAVED_NANOS = "semantic_cost_saved_nanos";
  static final String SEMANTIC_TOKENS_SAVED = "semantic_tokens_saved";
  static final String SEMANTIC_VETOES = "semantic_vetoes";
  static final String SEMANTIC_SKIPS = "semantic_skips";
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
    saved(entry);
  }

  /** A hit by meaning: counted with all hits, and apart. */
  void semanticHit(CacheEntry entry) {
    long savedNanos = saved(entry);
    counters.add(SEMANTIC_HITS, 1);
    counters.add(SEMANTIC_TOKENS_SAVED, entry.usage().totalTokens());
    counters.add(SEMANTIC_COST_SAVED_NANOS, savedNanos);
  }

  private long saved(CacheEntry entry) {
    counters.add(HITS, 1);
    Usage usage = entry.usage();
    counters.add(TOKENS_SAVED, usage.totalTokens());
    counters.add(LATENCY_SAVED_MS, entry.latencyMs());
    BigDecimal saved = prices.usd(entry.providerId(), entry.model(), usage);
    long nanos = saved.multiply(NANOS_PER_USD).setScale(0, RoundingMode.HALF_UP).longValueExact();
    counters.add(COST_SAVED_NANOS, nanos);
    if (entry.warmed()) {
      counters.add(WARMED_HITS, 1);
      counters.add(WARMED_TOKENS_SAVED, usage.totalTokens());
      counters.add(WARMED_COST_SAVED_NANOS, nanos);
    }
    return nanos;
  }

  /** A near question a meaning guard refused. */
  void semanticVetoed() {
    counters.add(SEMANTIC_VETOES, 1);
  }

  /** A request whose final turn cannot be compared by meaning (not plain text, too long). */
  void semanticSkipped() {
    counters.add(SEMANTIC_SKIPS, 1);
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
  Snapshot snapshot(long evictions, long entries, String backend, long semanticEntries) {
    Map<String, Long> totals = counters.snapshot();
    long hits = totals.getOrDefault(HITS, 0L);
    long misses = totals.getOrDefault(MISSES, 0L);
    double hitRate = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    return new Snapshot(
        hits,
        misses,
        totals.getOrDefault(BYPASSES, 0L),
        evictions,
        entries,
        hitRate,
        totals.getOrDefault(TOKENS_SAVED, 0L),
        usd(totals.getOrDefault(COST_SAVED_NANOS, 0L)),
        hits == 0 ? 0 : (double) totals.getOrDefault(LATENCY_SAVED_MS, 0L) / hits,
        backend,
        totals.getOrDefault(SEMANTIC_HITS, 0L),
        totals.getOrDefault(SEMANTIC_TOKENS_SAVED, 0L),
        usd(totals.getOrDefault(SEMANTIC_COST_SAVED_NANOS, 0L)),
        totals.getOrDefault(SEMANTIC_VETOES, 0L),
        totals.getOrDefault(SEMANTIC_SKIPS, 0L),
        semanticEntries,
        totals.getOrDefault(WARMED_HITS, 0L),
        totals.getOrDefault(WARMED_STORES, 0L),
        totals.getOrDefault(WARMED_TOKENS_SAVED, 0L),
        usd(totals.getOrDefault(WARMED_COST_SAVED_NANOS, 0L)));
  }

  private static BigDecimal usd(long nanos) {
    return plain(new BigDecimal(nanos).divide(NANOS_PER_USD));
  }

  /** Without trailing zeros, and never in exponent form ({@code 0}, not {@code 0E-8}). */
  private static BigDecimal plain(BigDecimal usd) {
    BigDecimal stripped = usd.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * What {@code GET /api/v1/cache/stats} reports. {@code hits}, {@code tokensSaved} and {@code costSavedUsd} count
   * every hit; the {@code semantic*} figures are the part of them answered by meaning, plus the near questions a
   * guard refused ({@code semanticVetoes}), the requests that could not be compared ({@code semanticSkips}) and the
   * questions remembered ({@code semanticEntries}); the {@code warmed*} figures the part answered from entries cache
   * warming stored, and how many it stored.
   */
  public record Snapshot(
      long hits,
      long misses,
      long bypasses,
      long evictions,
      long totalEntries,
      double hitRate,
      long tokensSaved,
      BigDecimal costSavedUsd,
      double avgLatencySavedMs,
      String backend,
      long semanticHits,
      long semanticTokensSaved,
      BigDecimal semanticCostSavedUsd,
      long semanticVetoes,
      long semanticSkips,
      long semanticEntries,
      long warmedHits,
      long warmedStores,
      long warmedTokensSaved,
      BigDecimal warmedCostSavedUsd) {
    public long exactHits() {
      return hits - semanticHits;
    }

    public BigDecimal exactCostSavedUsd() {
      return plain(costSavedUsd.subtract(semanticCostSavedUsd));
    }
  }
}
