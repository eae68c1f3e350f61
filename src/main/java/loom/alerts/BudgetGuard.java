package loom.alerts;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import loom.analytics.Money;
import loom.analytics.PriceTable;
import loom.analytics.UsageEstimate;
import loom.auth.Caller;
import loom.proxy.CacheStatus;
import loom.proxy.ProxyCall;
import loom.proxy.SpendGate;
import loom.proxy.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces budgets marked {@code enforce}: decides whether a proxied call may start (the budgets of its user, of
 * its key, of its key's team and of the whole gateway), reserving its estimated cost, and settles its real cost
 * when it ends. A call is checked first against this node's {@link SpendLedger} (no store access for a budget it
 * already knows is spent), then against the {@link SharedBudgetCounters} every node shares, so that nodes together
 * let through at most one call each past a budget. Calls of models without a price (local, free) are never refused
 * by a cost budget. Thread-safe.
 */
public final class BudgetGuard {
  /** Completion tokens assumed when a request sets no {@code max_tokens}. */
  static final long DEFAULT_COMPLETION_ESTIMATE = UsageEstimate.DEFAULT_COMPLETION_ESTIMATE;

  /** Characters of a request body per prompt token: a generous (high) estimate for JSON text. */
  static final int CHARS_PER_TOKEN = UsageEstimate.CHARS_PER_TOKEN;

  /** A call's reservations, on this node's ledger and on the shared counters; or why it was refused. */
  record Admission(
      SpendLedger.Admission local, List<SharedBudgetCounters.Counter> shared, String refusal) {
    static final Admission NONE =
        new Admission(new SpendLedger.Admission(List.of(), 0, null), List.of(), null);

    boolean isRefused() {
      return refusal != null;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);
  private static final long STORE_WARNING_PERIOD_MS = 60_000;

  private final AtomicLong lastStoreWarning = new AtomicLong(Long.MIN_VALUE / 2);
  private final SpendLedger ledger;
  private final SharedBudgetCounters counters;
  private final Function<String, SpendLedger.Spent> startingSpend;
  private final Supplier<SpendLedger.Periods> periods;
  private final Function<String, Budgets> budgets;
  private final BudgetOwners owners;
  private final PriceTable prices;
  private final Clock clock;

  /**
   * @param startingSpend a scope's spend of today and this month, as the request logs show it
   * @param clock the time calls are priced at (prices change over time)
   */
  BudgetGuard(
      SpendLedger ledger,
      SharedBudgetCounters counters,
      Function<String, SpendLedger.Spent> startingSpend,
      Supplier<SpendLedger.Periods> periods,
      Function<String, Budgets> budgets,
      BudgetOwners owners,
      PriceTable prices,
      Clock clock) {
    this.ledger = ledger;
    this.counters = counters;
    this.startingSpend = startingSpend;
    this.periods = periods;
    this.budgets = budgets;
    this.owners = owners;
    this.prices = prices;
    this.clock = clock;
  }

  /** What is left of a user's own budgets, for {@code X-Loom-Budget-Remaining-USD}; empty without a budget. */
  public Optional<BigDecimal> remaining(String userId) {
    return ledger.remaining(userId, budgets.apply(userId));
  }

  /** Admits the call (reserving its estimated cost) or says why not, naming the budget and whose it is. */
  Admission admit(Caller caller, ProxyCall call) {
    List<SpendLedger.Limit> limits = limitsOf(caller);
    if (limits.isEmpty() || !isPriced(call)) {
      return Admission.NONE;
    }
    return admit(limits, estimateNanos(call));
  }

  /** The enforced budgets a call of this caller must fit: its user's, the gateway's, its key's, its team's. */
  List<SpendLedger.Limit> limitsOf(Caller caller) {
    List<BudgetScope> scopes =
        new ArrayList<>(List.of(BudgetScope.user(caller.userId()), BudgetScope.GLOBAL));
    if (caller.keyId() != null) {
      scopes.add(BudgetScope.key(caller.keyId()));
    }
    if (caller.teamId() != null) {
      scopes.add(BudgetScope.team(caller.teamId()));
    }
    List<SpendLedger.Limit> limits = new ArrayList<>();
    for (BudgetScope scope : scopes) {
      Budgets limit = budgets.apply(scope.stored());
      if (limit.enforce() && limit.hasBudget()) {
        limits.add(new SpendLedger.Limit(scope.stored(), owners.describe(scope), limit));
      }
    }
    return limits;
  }

  /** Reserves an estimate on this node's ledger, then on the shared counters; or says why not. */
  Admission admit(List<SpendLedger.Limit> limits, long estimate) {
    SpendLedger.Admission local = ledger.admit(limits, estimate);
    if (local.isRefused()) {
      return new Admission(local, List.of(), local.refusal());
    }
    List<SharedBudgetCounters.Counter> shared = counters(limits);
    Optional<String> refusal;
    try {
      refusal = counters.reserve(shared, estimate, startingSpend);
    } catch (RuntimeException storeDown) {
      // The store is down: this node's ledger alone decides, as it did before the counters (DESIGN
      // §11: a store outage fails no proxied call). Nodes may then overshoot by what each lets
      // through until it is back.
      storeFailed("reserve", storeDown);
      return new Admission(local, List.of(), null);
    }
    if (refusal.isPresent()) {
      ledger.settle(local, 0);
      return new Admission(local, List.of(), refusal.get());
    }
    return new Admission(local, shared, null);
  }

  /**
   * This guard as the proxy's {@link SpendGate}: what the budget filter holds a client's call to, and the proxy the
   * calls the gateway makes on someone's behalf.
   */
  SpendGate asSpendGate() {
    return (caller, call) -> {
      Admission admission = admit(caller, call);
      return new SpendGate.Admission() {
        @Override
        public Optional<String> refusal() {
          return Optional.ofNullable(admission.refusal());
        }

        @Override
        public void settle(ProxyCall ended, int status) {
          BudgetGuard.this.settle(admission, ended, status);
        }
      };
    };
  }

  /** Ends an admitted call: a successful answer from upstream costs what its usage says; anything else nothing. */
  void settle(Admission admission, ProxyCall call, int status) {
    if (admission.isRefused()) {
      return;
    }
    long actual = 0;
    if (status < 400 && call.outcome().cacheStatus() != CacheStatus.HIT) {
      actual =
          Money.toNanos(
              prices
                  .cost(
                      call.providerId(),
                      call.upstreamModel(),
                      call.outcome().usage(),
                      clock.instant())
                  .usd());
    }
    settle(admission, actual);
  }

  /** Ends an admitted call that cost {@code actualNanos}. */
  void settle(Admission admission, long actualNanos) {
    ledger.settle(admission.local(), actualNanos);
    try {
      counters.settle(admission.shared(), admission.local().estimateNanos(), actualNanos);
    } catch (RuntimeException storeDown) {
      storeFailed("settle", storeDown);
    }
  }

  /** Logs a failed counter update, at most once a minute: a store outage must not flood the log. */
  private void storeFailed(String what, RuntimeException e) {
    long now = clock.millis();
    long last = lastStoreWarning.get();
    if (now - last >= STORE_WARNING_PERIOD_MS && lastStoreWarning.compareAndSet(last, now)) {
      log.warn(
          "Cannot {} on the shared budget counters ({}); this node's own ledger decides until the store is back",
          what,
          e.toString());
    }
  }

  /** The shared counters of the limits: a day's and a month's per budget, each with its refusal. */
  private List<SharedBudgetCounters.Counter> counters(List<SpendLedger.Limit> limits) {
    SpendLedger.Periods now = periods.get();
    List<SharedBudgetCounters.Counter> counters = new ArrayList<>();
    for (SpendLedger.Limit limit : limits) {
      limit
          .budgets()
          .dailyUsd()
          .ifPresent(
              daily ->
                  counters.add(
                      new SharedBudgetCounters.Counter(
                          limit.scope(),
                          SharedBudgetCounters.day(now),
                          Money.toNanos(daily),
                          SpendLedger.dailyRefusal(limit.who(), daily, now.day()))));
      limit
          .budgets()
          .monthlyUsd()
          .ifPresent(
              monthly ->
                  counters.add(
                      new SharedBudgetCounters.Counter(
                          limit.scope(),
                          SharedBudgetCounters.month(now),
                          Money.toNanos(monthly),
                          SpendLedger.monthlyRefusal(limit.who(), monthly, now.month()))));
    }
    return counters;
  }

  private boolean isPriced(ProxyCall call) {
    return prices.isPriced(call.providerId(), call.upstreamModel(), clock.instant());
  }

  long estimateNanos(ProxyCall call) {
    Usage estimate = UsageEstimate.of(call.endpoint(), call.body());
    return Money.toNanos(
        prices.cost(call.providerId(), call.upstreamModel(), estimate, clock.instant()).usd());
  }
}
