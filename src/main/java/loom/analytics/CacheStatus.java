package loom.analytics;

/** How the response cache took part in a request (BYPASS until the cache exists, and for uncacheable requests). */
public enum CacheStatus {
  HIT, MISS, BYPASS
}
