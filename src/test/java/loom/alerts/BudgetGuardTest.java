package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import loom.analytics.PriceTable;
import loom.auth.Caller;
import loom.auth.KeyPolicy;
import loom.auth.Role;
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
 * Which enforced budgets a call must fit (its user's, the gateway's, its key's, its team's), how a node that knows
 * nothing of another node's spend is still refused by the shared counters, and that a store outage leaves the
 * decision to the node's own ledger instead of failing the call.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class BudgetGuardTest {
  private static final SpendLedger.Periods TODAY = new SpendLedger.Periods("2026-12-06", "2026-12");
  private static final long DOLLAR = 1_000_000_000L;
  private static final Caller BOB =
      new Caller("usr_bob", "bob", Role.USER, "key_b1", "team_a", KeyPolicy.NONE);
  private static final Budgets NONE =
      new Budgets(Optional.empty(), Optional.empty(), 2, BigDecimal.ONE, false);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final BudgetOwners owners =
      new FixedBudgetOwners()
          .team("team_a", "platform")
          .key("key_b1", "ci-bot", "usr_bob", "team_a");

  private static Budgets daily(String usd, boolean enforce) {
    return new Budgets(
        Optional.of(new BigDecimal(usd)), Optional.empty(), 2, BigDecimal.ONE, enforce);
  }

  /** A gateway node: its own ledger, the store's shared counters, and these budgets by scope. */
  private BudgetGuard node(Store store, Map<String, Budgets> budgets) {
    SpendLedger ledger = new SpendLedger(scope -> new SpendLedger.Spent(0, 0), () -> TODAY);
    return new BudgetGuard(
        ledger,
        new SharedBudgetCounters(store, Clock.systemUTC()),
        scope -> new SpendLedger.Spent(0, 0),
        () -> TODAY,
        scope -> budgets.getOrDefault(scope, NONE),
        owners,
        PriceTable.load(List.of(), List.of()),
        Clock.systemUTC());
  }

  @Test
  void aCallMustFitTheEnforcedBudgetsOfItsKeyAndTeamNamedAfterThem() {
    BudgetGuard guard =
        node(
            stores.open(dialect),
            Map.of(
                "team:team_a",
                daily("1", true),
                "key:key_b1",
                daily("5", true),
                "key:key_other",
                daily("1", true),
                "usr_bob",
                daily("9", false)));

    assertThat(guard.limitsOf(BOB))
        .extracting(SpendLedger.Limit::scope, SpendLedger.Limit::who)
        .containsExactly(
            tuple("key:key_b1", "key 'ci-bot'"), tuple("team:team_a", "team 'platform'"));
    assertThat(guard.limitsOf(new Caller("usr_bob", "bob", Role.USER, null))).isEmpty();
  }

  @Test
  void aNodeThatKnowsNothingOfAnothersSpendIsRefusedByTheSharedCounters() {
    StorageConfig config = stores.migrated(dialect);
    Map<String, Budgets> budgets = Map.of("team:team_a", daily("1", true));
    BudgetGuard first = node(stores.open(config), budgets);
    BudgetGuard second = node(stores.open(config), budgets);

    // The first node spends the team's dollar in three calls of 40 cents; the second has seen none
    // of it.
    for (int i = 0; i < 3; i++) {
      BudgetGuard.Admission admitted = first.admit(first.limitsOf(BOB), DOLLAR * 4 / 10);
      assertThat(admitted.isRefused()).isFalse();
      first.settle(admitted, DOLLAR * 4 / 10);
    }
    BudgetGuard.Admission refused = second.admit(second.limitsOf(BOB), DOLLAR / 100);

    assertThat(refused.isRefused()).isTrue();
    assertThat(refused.refusal()).contains("daily budget of $1.00", "team 'platform'");
  }

  @Test
  void whenTheStoreIsDownTheNodesOwnLedgerDecidesAndNoCallFails() {
    Store store = stores.open(dialect);
    BudgetGuard guard = node(store, Map.of("team:team_a", daily("1", true)));
    store.close();

    BudgetGuard.Admission admitted = guard.admit(guard.limitsOf(BOB), DOLLAR / 2);
    assertThat(admitted.isRefused()).isFalse();
    guard.settle(admitted, DOLLAR * 2);
    // The ledger still counts what this node spent: the budget is used up here.
    assertThat(guard.admit(guard.limitsOf(BOB), DOLLAR / 100).refusal())
        .contains("team 'platform'");
  }
}
