package loom.analytics;

import java.time.Instant;
import java.util.Objects;
import loom.config.StorageConfig;
import loom.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes request logs older than {@code storage.retention} and rollups of hours (and whole days, also the
 * attributed ones) older than
 * {@code storage.rollup_retention}. Logs go in batches of a few thousand rows, one transaction each, so the
 * store is never locked for long and the writer gets in between batches. Thread-safe; the app's scheduler
 * calls {@link #purge} (one at a time).
 */
public final class RetentionPurger {
  static final int DEFAULT_BATCH = 5_000;
  private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

  private final Store store;
  private final StorageConfig config;
  private final int batch;

  public RetentionPurger(Store store, StorageConfig config) {
    this(store, config, DEFAULT_BATCH);
  }

  RetentionPurger(Store store, StorageConfig config, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, not " + batch);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.batch = batch;
  }

  /**
   * What one purge deleted.
   *
   * @param rollupRows the hourly, daily and attributed daily rollup rows deleted
   * @param batches the transactions the logs were deleted in
   */
  public record Result(long logs, long rollupRows, int batches) {}

  /** Deletes what is past retention at {@code now}. */
  public Result purge(Instant now) {
    long logsBefore = now.minus(config.retention()).toEpochMilli();
    long cutoff = now.minus(config.rollupRetention()).toEpochMilli();
    // Only whole slots: an hourly row covers [hour_start, hour_start + 1h), a daily one a whole UTC
    // day, which goes once all of it is past retention (its earlier hours may be gone from the
    // hourly table already).
    long rollupsBefore = RollupTable.HOURLY.floor(cutoff);
    Result logs = purgeLogsBefore(Instant.ofEpochMilli(logsBefore));
    long rollupRows =
        store.write(
            handle -> {
              AnalyticsDao dao = handle.attach(AnalyticsDao.class);
              return (long) dao.deleteRollupsBefore(RollupTable.HOURLY, rollupsBefore)
                  + dao.deleteRollupsBefore(RollupTable.DAILY, RollupTable.DAILY.floor(cutoff))
                  + AttributedRollups.deleteBefore(handle, cutoff);
            });
    if (logs.logs() > 0 || rollupRows > 0) {
      log.info(
          "Retention: deleted {} request logs before {} ({} batches) and {} rollup rows before {}",
          logs.logs(),
          Instant.ofEpochMilli(logsBefore),
          logs.batches(),
          rollupRows,
          Instant.ofEpochMilli(rollupsBefore));
    }
    return new Result(logs.logs(), rollupRows, logs.batches());
  }

  /**
   * Deletes the request logs older than {@code before}, oldest first, in batches (the rollups stay: totals of
   * past hours outlive their rows). Also what an admin's purge runs.
   */
  public Result purgeLogsBefore(Instant before) {
    long cutoff = before.toEpochMilli();
    long logs = 0;
    int batches = 0;
    int deleted;
    do {
      deleted =
          store.write(handle -> handle.attach(AnalyticsDao.class).deleteLogsBefore(cutoff, batch));
      logs += deleted;
      batches++;
    } while (deleted == batch);
    return new Result(logs, 0, batches);
  }
}
