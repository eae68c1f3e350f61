package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The budget counters every gateway node shares: two "nodes" (two stores opened on one database, as two gateways
 * would) admitting at once never let through more than the one call that crosses a budget, refuse with the budget's
 * own message, and settle what calls really cost.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class SharedBudgetCountersTest {
  private static final SpendLedger.Periods TODAY = new SpendLedger.Periods("2026-12-06", "2026-12");

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();

  private static SharedBudgetCounters.Counter daily(String scope, long budgetNanos) {
    return new SharedBudgetCounters.Counter(
        scope,
        SharedBudgetCounters.day(TODAY),
        budgetNanos,
        "daily budget of " + scope + " used up");
  }

  private static SpendLedger.Spent spent(long day, long month) {
    return new SpendLedger.Spent(day, month);
  }

  @Test
  void twoNodesAdmittingAtOnceLetThroughOnlyTheCallThatCrossesTheBudget() throws Exception {
    StorageConfig config = stores.migrated(dialect);
    Store first = stores.open(config);
    Store second = stores.open(config);
    List<SharedBudgetCounters> nodes =
        List.of(
            new SharedBudgetCounters(first, Clock.systemUTC()),
            new SharedBudgetCounters(second, Clock.systemUTC()));
    // A budget of 1,000 and calls reserving 300 each, held (never settled) while the others try:
    // below the budget spent + reserved admits the 4th call, which crosses it; every later one is
    // refused, on either node.
    List<SharedBudgetCounters.Counter> team = List.of(daily("team:t1", 1_000));
    AtomicInteger admitted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        SharedBudgetCounters node = nodes.get(i % 2);
        calls.add(
            () -> {
              Optional<String> refusal = node.reserve(team, 300, scope -> spent(0, 0));
              if (refusal.isEmpty()) {
                admitted.incrementAndGet();
              }
              return refusal;
            });
      }
      List<Future<Optional<String>>> outcomes = pool.invokeAll(calls, 60, TimeUnit.SECONDS);
      List<String> refusals = new ArrayList<>();
      for (Future<Optional<String>> outcome : outcomes) {
        outcome.get().ifPresent(refusals::add);
      }
      assertThat(admitted.get()).isEqualTo(4);
      assertThat(refusals).hasSize(20).containsOnly("daily budget of team:t1 used up");
      assertThat(nodes.get(1).read("team:t1", "day:2026-12-06"))
          .hasValueSatisfying(row -> assertThat(row).containsExactly(0, 1_200));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNewCounterStartsFromTheLoggedSpendAndSettlingCountsTheRealCost() {
    SharedBudgetCounters counters =
        new SharedBudgetCounters(stores.open(dialect), Clock.systemUTC());
    SharedBudgetCounters.Counter day = daily("key:k1", 1_000);
    SharedBudgetCounters.Counter month =
        new SharedBudgetCounters.Counter(
            "key:k1", SharedBudgetCounters.month(TODAY), 5_000, "monthly");

    assertThat(counters.reserve(List.of(day, month), 100, scope -> spent(850, 4_000))).isEmpty();
    counters.settle(List.of(day, month), 100, 120);
    assertThat(counters.read("key:k1", "day:2026-12-06"))
        .hasValueSatisfying(row -> assertThat(row).containsExactly(970, 0));
    assertThat(counters.read("key:k1", "month:2026-12"))
        .hasValueSatisfying(row -> assertThat(row).containsExactly(4_120, 0));
    // 970 spent is below 1,000: one more call goes; then the day is used up, and the month's
    // reservation is undone.
    assertThat(counters.reserve(List.of(day, month), 100, scope -> spent(0, 0))).isEmpty();
    counters.settle(List.of(day, month), 100, 100);
    assertThat(counters.reserve(List.of(month, day), 100, scope -> spent(0, 0)))
        .hasValue(day.refusal());
    assertThat(counters.read("key:k1", "month:2026-12"))
        .hasValueSatisfying(row -> assertThat(row).containsExactly(4_220, 0));
  }

  @Test
  void settlingMoreThanWasReservedNeverLeavesANegativeReservation() {
    SharedBudgetCounters counters =
        new SharedBudgetCounters(stores.open(dialect), Clock.systemUTC());
    SharedBudgetCounters.Counter day = daily("usr_a", 1_000);

    assertThat(counters.reserve(List.of(day), 10, scope -> spent(0, 0))).isEmpty();
    counters.settle(List.of(day), 500, 10);

    assertThat(counters.read("usr_a", "day:2026-12-06"))
        .hasValueSatisfying(row -> assertThat(row).containsExactly(10, 0));
  }
}
