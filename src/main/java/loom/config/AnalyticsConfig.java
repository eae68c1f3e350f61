package loom.config;

/**
 * The {@code analytics} section: how request logs travel from the request thread to the store.
 *
 * @param queueCapacity request logs held in memory while the writer catches up or the store is down;
 *     beyond it new ones are dropped (and counted)
 * @param batchSize rows the writer inserts in one transaction at most
 * @param enabled whether proxied requests are recorded at all (off: the gateway only proxies; the
 *     analytics filter is not installed, which is also how benchmarks measure what recording costs)
 * @param queryRateLimit analytics queries (logs, stats, costs, time series) a user may make per minute
 * @param exportRateLimit analytics exports a user may start per minute
 */
public record AnalyticsConfig(
    int queueCapacity, int batchSize, boolean enabled, int queryRateLimit, int exportRateLimit) {
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
  public static final int DEFAULT_BATCH_SIZE = 1_000;
  public static final int DEFAULT_QUERY_RATE_LIMIT = 60;
  public static final int DEFAULT_EXPORT_RATE_LIMIT = 10;

  /** Recording on, with these limits, and the default rate limits. */
  public AnalyticsConfig(int queueCapacity, int batchSize) {
    this(queueCapacity, batchSize, true, DEFAULT_QUERY_RATE_LIMIT, DEFAULT_EXPORT_RATE_LIMIT);
  }
}
