package loom.alerts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import loom.analytics.Money;
import loom.support.Usd;

/**
 * The spend of each scope with a budget in the current local day and month, kept in memory so a proxied
 * request is admitted or refused without reading the store, plus what requests in flight have reserved. A
 * request reserves its estimated cost when it starts and settles its real cost when it ends; one is admitted
 * only while spend plus reservations is below the budget, so N parallel requests overshoot a budget by at
 * most one request's estimate. A scope's spend is read from the store the first time it is needed, and
 * raised to what the store says at every alert check (other gateways' spend arrives that way).
 * Thread-safe: admissions are serialised on the ledger, which holds only arithmetic.
 */
final class SpendLedger {
  /** The current local day and month. */
  record Periods(String day, String month) {}

  /** Spend of a day and a month, nano-dollars. */
  record Spent(long dayNanos, long monthNanos) {}

  /** A budget to admit against: a scope and its limits. */
  record Limit(String scope, String who, Budgets budgets) {}

  /** An admitted request's reservation, to settle when it ends; or the reason it was refused. */
  record Admission(List<String> scopes, long estimateNanos, String refusal) {
    boolean isRefused() {
      return refusal != null;
    }
  }

  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final Function<String, Spent> loader;
  private final Supplier<Periods> periods;

  /**
   * @param loader reads a scope's spend of the current day and month from the store ({@code global}: everyone's)
   * @param periods the current local day and month
   */
  SpendLedger(Function<String, Spent> loader, Supplier<Periods> periods) {
    this.loader = loader;
    this.periods = periods;
  }

  /** What is left of the tighter of a scope's budgets, before this request; empty without a budget. */
  Optional<BigDecimal> remaining(String scope, Budgets budgets) {
    if (!budgets.hasBudget()) {
      return Optional.empty();
    }
    Account account = account(scope);
    synchronized (this) {
      account.roll(periods.get());
      long left = Long.MAX_VALUE;
      if (budgets.dailyUsd().isPresent()) {
        left =
            Math.min(
                left,
                Money.toNanos(budgets.dailyUsd().get()) - account.dayNanos - account.reservedNanos);
      }
      if (budgets.monthlyUsd().isPresent()) {
        left =
            Math.min(
                left,
                Money.toNanos(budgets.monthlyUsd().get())
                    - account.monthNanos
                    - account.reservedNanos);
      }
      return Optional.of(Money.plain(Math.max(0, left)));
    }
  }

  /** Reserves {@code estimateNanos} on every limit at once, or on none and answers why not. */
  Admission admit(List<Limit> limits, long estimateNanos) {
    List<Account> loaded = new ArrayList<>();
    for (Limit limit : limits) {
      loaded.add(account(limit.scope()));
    }
    synchronized (this) {
      Periods now = periods.get();
      for (int i = 0; i < limits.size(); i++) {
        Account account = loaded.get(i);
        account.roll(now);
        String refusal = refusal(limits.get(i), account, now);
        if (refusal != null) {
          return new Admission(List.of(), 0, refusal);
        }
      }
      loaded.forEach(account -> account.reservedNanos += estimateNanos);
    }
    return new Admission(limits.stream().map(Limit::scope).toList(), estimateNanos, null);
  }

  /** Ends an admitted request: its reservation goes, its real cost counts. */
  void settle(Admission admission, long actualNanos) {
    if (admission.isRefused()) {
      return;
    }
    synchronized (this) {
      Periods now = periods.get();
      for (String scope : admission.scopes()) {
        Account account = accounts.get(scope);
        if (account != null) {
          account.roll(now);
          account.reservedNanos = Math.max(0, account.reservedNanos - admission.estimateNanos());
          account.dayNanos += actualNanos;
          account.monthNanos += actualNanos;
        }
      }
    }
  }

  /** What the store says a scope spent: taken where it is more than the ledger knows (another gateway's spend). */
  void observe(String scope, Spent stored, Periods of) {
    Account account = accounts.get(scope);
    if (account == null) {
      return;
    }
    synchronized (this) {
      account.roll(periods.get());
      if (account.periods.equals(of)) {
        account.dayNanos = Math.max(account.dayNanos, stored.dayNanos());
        account.monthNanos = Math.max(account.monthNanos, stored.monthNanos());
      }
    }
  }

  private static String refusal(Limit limit, Account account, Periods now) {
    Budgets budgets = limit.budgets();
    if (budgets.dailyUsd().isPresent()
        && account.dayNanos + account.reservedNanos >= Money.toNanos(budgets.dailyUsd().get())) {
      return dailyRefusal(limit.who(), budgets.dailyUsd().get(), now.day());
    }
    if (budgets.monthlyUsd().isPresent()
        && account.monthNanos + account.reservedNanos
            >= Money.toNanos(budgets.monthlyUsd().get())) {
      return monthlyRefusal(limit.who(), budgets.monthlyUsd().get(), now.month());
    }
    return null;
  }

  /** Why a call is refused when a daily budget is used up: which budget, whose, until when. */
  static String dailyRefusal(String who, BigDecimal budget, String day) {
    return "The daily budget of "
        + Usd.format(budget)
        + " for "
        + who
        + " is used up ("
        + day
        + "); requests are "
        + "refused until the day ends or an admin raises the budget.";
  }

  /** Why a call is refused when a monthly budget is used up. */
  static String monthlyRefusal(String who, BigDecimal budget, String month) {
    return "The monthly budget of "
        + Usd.format(budget)
        + " for "
        + who
        + " is used up ("
        + month
        + "); requests "
        + "are refused until the month ends or an admin raises the budget.";
  }

  /** The scope's account, read from the store the first time (outside the ledger's lock). */
  private Account account(String scope) {
    return accounts.computeIfAbsent(
        scope,
        key -> {
          Periods now = periods.get();
          Spent spent = loader.apply(key);
          return new Account(now, spent.dayNanos(), spent.monthNanos());
        });
  }

  /** One scope's spend; guarded by the ledger's lock. */
  private static final class Account {
    private Periods periods;
    private long dayNanos;
    private long monthNanos;
    private long reservedNanos;

    Account(Periods periods, long dayNanos, long monthNanos) {
      this.periods = periods;
      this.dayNanos = dayNanos;
      this.monthNanos = monthNanos;
    }

    /** A new day starts at zero, and a new month. */
    void roll(Periods now) {
      if (!now.month().equals(periods.month())) {
        monthNanos = 0;
      }
      if (!now.day().equals(periods.day())) {
        dayNanos = 0;
      }
      periods = now;
    }
  }
}
