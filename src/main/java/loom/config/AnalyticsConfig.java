package loom.config;

/**
 * The {@code analytics} section: how request logs travel from the request thread to the store.
 *
 * @param queueCapacity request logs held in memory while the writer catches up or the store is down;
 *     beyond it new ones are dropped (and counted)
 * @param batchSize rows the writer inserts in one transaction at most
 */
public record AnalyticsConfig(int queueCapacity, int batchSize) {
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
  public static final int DEFAULT_BATCH_SIZE = 1_000;
}
