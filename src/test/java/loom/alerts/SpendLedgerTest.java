package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpendLedgerTest {
  private static final long CENT = 10_000_000L; // nano-dollars
  private static final long DOLLAR = 100 * CENT;

  /** What the "store" says each scope spent; read by the ledger the first time a scope is used. */
  private final Map<String, SpendLedger.Spent> stored = new ConcurrentHashMap<>();

  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicReference<SpendLedger.Periods> periods =
      new AtomicReference<>(new SpendLedger.Periods("2026-03-15", "2026-03"));
  private final SpendLedger ledger =
      new SpendLedger(
          scope -> {
            loads.incrementAndGet();
            return stored.getOrDefault(scope, new SpendLedger.Spent(0, 0));
          },
          periods::get);

  @Test
  void aRequestBelowTheBudgetIsAdmittedAndReservesItsEstimate() {
    stored.put("usr_a", new SpendLedger.Spent(2 * DOLLAR, 2 * DOLLAR));
    Budgets daily = budgets("10", null);

    SpendLedger.Admission admission = ledger.admit(List.of(limit("usr_a", daily)), 3 * DOLLAR);

    assertThat(admission.isRefused()).isFalse();
    assertThat(admission.scopes()).containsExactly("usr_a");
    assertThat(admission.estimateNanos()).isEqualTo(3 * DOLLAR);
    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("5"));
  }

  @Test
  void aRequestAtTheDailyBudgetIsRefusedWithAMessageNamingTheBudget() {
    stored.put("usr_a", new SpendLedger.Spent(10 * DOLLAR, 10 * DOLLAR));

    SpendLedger.Admission admission =
        ledger.admit(List.of(limit("usr_a", budgets("10", null))), CENT);

    assertThat(admission.isRefused()).isTrue();
    assertThat(admission.scopes()).isEmpty();
    assertThat(admission.refusal())
        .contains("daily budget of $10.00")
        .contains("Ada")
        .contains("2026-03-15");
  }

  @Test
  void aRequestOverTheMonthlyBudgetIsRefusedWithAMessageNamingTheMonthlyBudget() {
    stored.put("usr_a", new SpendLedger.Spent(0, 51 * DOLLAR));

    SpendLedger.Admission admission =
        ledger.admit(List.of(limit("usr_a", budgets("10", "50"))), CENT);

    assertThat(admission.isRefused()).isTrue();
    assertThat(admission.refusal())
        .contains("monthly budget of $50.00")
        .contains("Ada")
        .contains("2026-03");
  }

  @Test
  void reservationsOfRequestsInFlightCountAgainstTheBudget() {
    Budgets daily = budgets("10", null);
    List<SpendLedger.Limit> limits = List.of(limit("usr_a", daily));

    assertThat(ledger.admit(limits, 5 * DOLLAR).isRefused()).isFalse(); // 0 + 0 < 10
    assertThat(ledger.admit(limits, 5 * DOLLAR).isRefused()).isFalse(); // 0 + 5 < 10
    assertThat(ledger.admit(limits, 5 * DOLLAR).isRefused()).isTrue(); // 0 + 10 reached
  }

  @Test
  void aRefusalByOneLimitReservesOnNone() {
    stored.put("global", new SpendLedger.Spent(100 * DOLLAR, 100 * DOLLAR));
    Budgets own = budgets("10", null);

    SpendLedger.Admission admission =
        ledger.admit(
            List.of(
                limit("usr_a", own),
                new SpendLedger.Limit("global", "the whole gateway", budgets("100", null))),
            3 * DOLLAR);

    assertThat(admission.isRefused()).isTrue();
    assertThat(admission.refusal()).contains("the whole gateway");
    assertThat(ledger.remaining("usr_a", own))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("10"));
  }

  @Test
  void settlingReplacesTheReservationByTheActualCost() {
    Budgets daily = budgets("10", null);
    SpendLedger.Admission admission = ledger.admit(List.of(limit("usr_a", daily)), 4 * DOLLAR);
    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("6"));

    ledger.settle(admission, DOLLAR + 25 * CENT);

    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("8.75"));
  }

  @Test
  void settlingARefusalChangesNothing() {
    stored.put("usr_a", new SpendLedger.Spent(10 * DOLLAR, 10 * DOLLAR));
    Budgets budgets = budgets(null, "100");
    SpendLedger.Admission refused =
        ledger.admit(List.of(limit("usr_a", budgets("10", "100"))), DOLLAR);

    ledger.settle(refused, 50 * DOLLAR);

    assertThat(ledger.remaining("usr_a", budgets))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("90"));
  }

  @Test
  void remainingIsWhatIsLeftOfTheTighterBudget() {
    stored.put("usr_a", new SpendLedger.Spent(2 * DOLLAR, 95 * DOLLAR));

    assertThat(ledger.remaining("usr_a", budgets("10", null)))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("8"));
    assertThat(ledger.remaining("usr_a", budgets(null, "100")))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("5"));
    assertThat(ledger.remaining("usr_a", budgets("10", "100")))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("5"));
  }

  @Test
  void remainingIsNeverNegativeAndEmptyWithoutABudget() {
    stored.put("usr_a", new SpendLedger.Spent(12 * DOLLAR, 12 * DOLLAR));

    assertThat(ledger.remaining("usr_a", budgets("10", null)))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("0"));
    assertThat(ledger.remaining("usr_a", budgets(null, null))).isEmpty();
  }

  @Test
  void aScopeIsReadFromTheStoreOnlyOnce() {
    Budgets daily = budgets("10", null);

    ledger.admit(List.of(limit("usr_a", daily)), CENT);
    ledger.admit(List.of(limit("usr_a", daily)), CENT);
    ledger.remaining("usr_a", daily);

    assertThat(loads).hasValue(1);
  }

  @Test
  void aNewDayStartsTheDaySpendAtZeroButKeepsTheMonth() {
    stored.put("usr_a", new SpendLedger.Spent(10 * DOLLAR, 40 * DOLLAR));
    Budgets budgets = budgets("10", "45");
    assertThat(ledger.admit(List.of(limit("usr_a", budgets)), CENT).isRefused()).isTrue();

    periods.set(new SpendLedger.Periods("2026-03-16", "2026-03"));

    assertThat(ledger.remaining("usr_a", budgets))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("5"));
    assertThat(ledger.admit(List.of(limit("usr_a", budgets)), CENT).isRefused()).isFalse();
  }

  @Test
  void aNewMonthStartsTheMonthSpendAtZero() {
    stored.put("usr_a", new SpendLedger.Spent(3 * DOLLAR, 50 * DOLLAR));
    Budgets monthly = budgets(null, "50");
    assertThat(ledger.admit(List.of(limit("usr_a", monthly)), CENT).isRefused()).isTrue();

    periods.set(new SpendLedger.Periods("2026-04-01", "2026-04"));

    assertThat(ledger.remaining("usr_a", monthly))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("50"));
    assertThat(ledger.admit(List.of(limit("usr_a", monthly)), CENT).isRefused()).isFalse();
  }

  @Test
  void observingTheStoreRaisesTheSpendButNeverLowersIt() {
    Budgets daily = budgets("10", null);
    SpendLedger.Periods now = periods.get();
    stored.put("usr_a", new SpendLedger.Spent(2 * DOLLAR, 2 * DOLLAR));
    ledger.remaining("usr_a", daily);

    ledger.observe("usr_a", new SpendLedger.Spent(6 * DOLLAR, 6 * DOLLAR), now);
    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("4"));

    ledger.observe("usr_a", new SpendLedger.Spent(DOLLAR, DOLLAR), now);
    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("4"));
  }

  @Test
  void observingAnotherPeriodIsIgnored() {
    Budgets daily = budgets("10", null);
    ledger.remaining("usr_a", daily);

    ledger.observe(
        "usr_a",
        new SpendLedger.Spent(9 * DOLLAR, 9 * DOLLAR),
        new SpendLedger.Periods("2026-03-14", "2026-03"));

    assertThat(ledger.remaining("usr_a", daily))
        .hasValueSatisfying(left -> assertThat(left).isEqualByComparingTo("10"));
  }

  @Test
  void parallelRequestsOvershootTheBudgetByAtMostOneEstimate() throws Exception {
    long budget = DOLLAR;
    long estimate = CENT;
    int threads = 16;
    int attemptsPerThread = 2_000;
    // A monthly budget far above the daily one makes remaining() report the ledger's own total
    // spend.
    Budgets budgets =
        new Budgets(Optional.of(new BigDecimal("1")), Optional.empty(), 2.0, BigDecimal.ONE, true);
    Budgets monthlyView =
        new Budgets(
            Optional.empty(), Optional.of(new BigDecimal("1000")), 2.0, BigDecimal.ONE, true);
    List<SpendLedger.Limit> limits = List.of(limit("usr_a", budgets));
    AtomicLong settled = new AtomicLong();
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < attemptsPerThread; i++) {
                    SpendLedger.Admission admission = ledger.admit(limits, estimate);
                    if (admission.isRefused()) {
                      refused.incrementAndGet();
                      continue;
                    }
                    admitted.incrementAndGet();
                    long actual =
                        estimate * (1 + (thread + i) % 10) / 10; // between a tenth of E and E
                    settled.addAndGet(actual);
                    ledger.settle(admission, actual);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(settled.get()).isLessThanOrEqualTo(budget + estimate);
    // The budget was really used up: a refusal means spend + at most 15 reservations in flight
    // reached it.
    assertThat(settled.get()).isGreaterThanOrEqualTo(budget - threads * estimate);
    assertThat(refused.get()).isPositive();
    assertThat(admitted.get() + refused.get()).isEqualTo(threads * attemptsPerThread);
    // The ledger counted exactly what was settled, and nothing is left reserved.
    assertThat(ledger.remaining("usr_a", monthlyView))
        .hasValueSatisfying(
            left ->
                assertThat(left)
                    .isEqualByComparingTo(
                        new BigDecimal("1000").subtract(BigDecimal.valueOf(settled.get(), 9))));
  }

  private static SpendLedger.Limit limit(String scope, Budgets budgets) {
    return new SpendLedger.Limit(scope, "Ada", budgets);
  }

  private static Budgets budgets(String daily, String monthly) {
    return new Budgets(
        Optional.ofNullable(daily).map(BigDecimal::new),
        Optional.ofNullable(monthly).map(BigDecimal::new),
        2.0,
        BigDecimal.ONE,
        true);
  }
}
