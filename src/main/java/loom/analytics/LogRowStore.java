package loom.analytics;

import java.util.List;
import java.util.Objects;
import loom.store.Store;

/**
 * Reads and erases the stored request logs and rollups directly (not through the writer). Erasing a user
 * deletes in bounded batches, so the writer gets in between; flush the writer first so that nothing of the
 * user is still on its way. Thread-safe.
 */
public final class LogRowStore {
  static final int DELETE_BATCH = 5_000;

  private final Store store;

  public LogRowStore(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * What an erasure deleted.
   *
   * @param rollupRows the hourly and daily rollup rows deleted
   */
  public record ErasureCounts(long logs, long rollupRows) {}

  /**
   * Deletes every request log of the user and every rollup row (hourly, daily and attributed by user) of the user,
   * and takes the user's stored requests out of the other attributed rollups (which keep no user). What stays there: the user's share of days
   * whose logs retention had already deleted, summed anonymously with others' under team, tag, client tool and end
   * user, and under the user's own keys and sessions.
   */
  public ErasureCounts eraseUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    long logs = 0;
    int deleted;
    do {
      deleted =
          store.write(
              handle ->
                  handle
                      .attach(AnalyticsDao.class)
                      .deleteLogsOfUserWithRollups(userId, DELETE_BATCH));
      logs += deleted;
    } while (deleted == DELETE_BATCH);
    long rollupRows =
        store.write(
            handle -> {
              AnalyticsDao dao = handle.attach(AnalyticsDao.class);
              // The attributed rows left counting nothing go too, but are not rows of the user: not
              // counted.
              AttributedRollups.deleteEmpty(handle);
              return (long) dao.deleteRollupsOfUser(RollupTable.HOURLY, userId)
                  + dao.deleteRollupsOfUser(RollupTable.DAILY, userId)
                  + AttributedRollups.deleteOfUser(handle, userId);
            });
    return new ErasureCounts(logs, rollupRows);
  }

  public long countLogs() {
    return store.read(handle -> handle.attach(AnalyticsDao.class).countLogs());
  }

  public long countRollups() {
    return store.read(handle -> handle.attach(AnalyticsDao.class).countRollups());
  }

  public long countDailyRollups() {
    return store.read(handle -> handle.attach(AnalyticsDao.class).countDailyRollups());
  }

  /** The newest logs first (for tests and diagnostics; the log queries have their own paging). */
  public List<RequestLog> recentLogs(int limit) {
    return store.read(handle -> handle.attach(AnalyticsDao.class).recentLogs(limit)).stream()
        .map(LogRow::toLog)
        .toList();
  }

  /** Every rollup row, ordered by hour, user, provider, model (for tests and diagnostics). */
  public List<Rollup> rollups() {
    return store.read(handle -> handle.attach(AnalyticsDao.class).rollups());
  }

  /** Every daily rollup row (the day's start as {@link Rollup#hourStart}), ordered likewise. */
  public List<Rollup> dailyRollups() {
    return store.read(handle -> handle.attach(AnalyticsDao.class).dailyRollups());
  }
}
