package loom.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import loom.store.Store;
import org.jdbi.v3.core.Handle;

/**
 * The enforced budgets as every gateway node sharing a store sees them: one {@code budget_counters} row per scope
 * and period, holding what was spent and what calls in flight reserved. A call is admitted by a conditional UPDATE
 * per budget that reserves its estimate only while spent + reserved is below the budget, all in one transaction; the
 * store runs those updates one at a time (a row lock on PostgreSQL, the single writer on SQLite), so however many
 * nodes admit at once, each lets through at most the one call that crosses a budget. A call then settles: its
 * reservation goes and its real cost is added. Thread-safe.
 *
 * <p>A node that dies mid-call leaves its reservation in the row until the period ends (at most a day for daily
 * budgets); {@link SpendLedger}'s alert-time reconciliation does not touch these rows.
 */
final class SharedBudgetCounters {
  /** A budget of one scope in one period: the row it lives in and its limit. */
  record Counter(String scope, String period, long budgetNanos, String refusal) {}

  private final Store store;
  private final Clock clock;

  /** The rows known to exist (scope and period), so an admission reads the store only for a period's first call. */
  private final Set<String> existing = ConcurrentHashMap.newKeySet();

  SharedBudgetCounters(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The period keys of the rows: {@code day:2026-12-06} and {@code month:2026-12}. */
  static String day(SpendLedger.Periods periods) {
    return "day:" + periods.day();
  }

  static String month(SpendLedger.Periods periods) {
    return "month:" + periods.month();
  }

  /**
   * Reserves {@code estimateNanos} on every counter, or on none; empty when admitted, else the refusal of the first
   * counter whose budget is used up.
   *
   * @param startingSpend the spend the request logs show for a scope's day and month, for a row not there yet
   */
  Optional<String> reserve(
      List<Counter> counters,
      long estimateNanos,
      Function<String, SpendLedger.Spent> startingSpend) {
    List<Counter> missing = new ArrayList<>();
    for (Counter counter : counters) {
      if (!existing.contains(key(counter)) && read(counter.scope(), counter.period()).isEmpty()) {
        missing.add(counter);
      }
    }
    // Read outside the write transaction: a scan of the period's logs must not hold the single
    // SQLite writer.
    List<Long> starts =
        missing.stream()
            .map(
                counter -> {
                  SpendLedger.Spent spent = startingSpend.apply(counter.scope());
                  return counter.period().startsWith("day:")
                      ? spent.dayNanos()
                      : spent.monthNanos();
                })
            .toList();
    long now = clock.millis();
    try {
      store.write(
          handle -> {
            admitOrThrow(handle, missing, starts, counters, estimateNanos, now);
            return null;
          });
      counters.forEach(counter -> existing.add(key(counter)));
      return Optional.empty();
    } catch (Refused refused) {
      return Optional.of(refused.counter.refusal());
    }
  }

  /** Thrown inside the transaction to roll back the reservations it made: a budget was used up. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Counter counter;

    Refused(Counter counter) {
      super(null, null, false, false);
      this.counter = counter;
    }
  }

  private static void admitOrThrow(
      Handle handle,
      List<Counter> missing,
      List<Long> starts,
      List<Counter> counters,
      long estimateNanos,
      long now) {
    for (int i = 0; i < missing.size(); i++) {
      handle
          .createUpdate(
              "INSERT INTO budget_counters (scope, period, spent_nanos, reserved_nanos, updated_at)"
                  + " VALUES (:scope, :period, :spent, 0, :now) ON CONFLICT (scope, period) DO NOTHING")
          .bind("scope", missing.get(i).scope())
          .bind("period", missing.get(i).period())
          .bind("spent", starts.get(i))
          .bind("now", now)
          .execute();
    }
    for (Counter counter : counters) {
      int admitted =
          handle
              .createUpdate(
                  "UPDATE budget_counters SET reserved_nanos = reserved_nanos + :estimate,"
                      + " updated_at = :now WHERE scope = :scope AND period = :period"
                      + " AND spent_nanos + reserved_nanos < :budget")
              .bind("estimate", estimateNanos)
              .bind("now", now)
              .bind("scope", counter.scope())
              .bind("period", counter.period())
              .bind("budget", counter.budgetNanos())
              .execute();
      if (admitted == 0) {
        throw new Refused(counter);
      }
    }
  }

  /** Ends an admitted call: its reservation goes, its real cost counts. */
  void settle(List<Counter> counters, long estimateNanos, long actualNanos) {
    if (counters.isEmpty()) {
      return;
    }
    long now = clock.millis();
    store.write(
        handle -> {
          for (Counter counter : counters) {
            handle
                .createUpdate(
                    "UPDATE budget_counters SET reserved_nanos = CASE WHEN reserved_nanos > :estimate"
                        + " THEN reserved_nanos - :estimate ELSE 0 END, spent_nanos = spent_nanos + :actual, updated_at = :now"
                        + " WHERE scope = :scope AND period = :period")
                .bind("estimate", estimateNanos)
                .bind("actual", actualNanos)
                .bind("now", now)
                .bind("scope", counter.scope())
                .bind("period", counter.period())
                .execute();
          }
          return null;
        });
  }

  /** What a counter holds: spent and reserved nano-dollars; empty before its first call. */
  Optional<long[]> read(String scope, String period) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT spent_nanos, reserved_nanos FROM budget_counters"
                        + " WHERE scope = :scope AND period = :period")
                .bind("scope", scope)
                .bind("period", period)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .findOne());
  }

  private static String key(Counter counter) {
    return counter.scope() + "\n" + counter.period();
  }
}
