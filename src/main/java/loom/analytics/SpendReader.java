package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import loom.store.Store;

/**
 * What was spent, for the budget checks of the alerts: the cost of a user's (or everyone's) requests in any
 * range, summed from the hourly rollups plus the raw rows of partial hours, so ranges that start at a local
 * midnight of any time zone are exact. Thread-safe.
 */
public final class SpendReader {
  private final Store store;

  public SpendReader(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The exact cost in USD of the requests in [from, to); of one user, or of everyone when {@code userId} is null. */
  public BigDecimal spend(String userId, Instant from, Instant to) {
    return spend(LogFilter.ALL.withUser(userId), from, to);
  }

  /** The exact cost in USD of the requests of a filter (its range aside: a team's, a key's) in [from, to). */
  public BigDecimal spend(LogFilter whose, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      return BigDecimal.ZERO;
    }
    long nanos =
        store
            .read(
                handle ->
                    UsageAggregator.aggregate(
                        handle, whose, from.toEpochMilli(), to.toEpochMilli(), null, Set.of()))
            .stream()
            .mapToLong(Rollup::costNanos)
            .sum();
    return Money.plain(nanos);
  }

  /**
   * The spend in [from, now]: read up to the end of the current hour, whose hourly rollup already holds every
   * stored row of it (none is stamped later than now), so the raw rows of the hour are not read. They were, on
   * every budget check after new spend: a scan that grew through each hour with the traffic (at 500 req/s, a
   * tenth of the gateway's CPU by the profile of bench/proxy-overhead.sh).
   */
  public BigDecimal spendUntil(String userId, Instant from, Instant now) {
    return spendUntil(LogFilter.ALL.withUser(userId), from, now);
  }

  /** {@link #spendUntil(String, Instant, Instant)} of a filter's requests. */
  public BigDecimal spendUntil(LogFilter whose, Instant from, Instant now) {
    long hourEnd = (Math.floorDiv(now.toEpochMilli(), Rollup.HOUR_MS) + 1) * Rollup.HOUR_MS;
    return spend(whose, from, Instant.ofEpochMilli(hourEnd));
  }

  /** The users who made a request in the hours from the one holding {@code since} on. */
  public List<String> usersActiveSince(Instant since) {
    long hour = Math.floorDiv(since.toEpochMilli(), Rollup.HOUR_MS) * Rollup.HOUR_MS;
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT DISTINCT user_id FROM request_rollups_hourly"
                        + " WHERE hour_start >= :hour AND user_id <> '' ORDER BY user_id")
                .bind("hour", hour)
                .mapTo(String.class)
                .list());
  }
}
