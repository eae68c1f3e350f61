package loom.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import loom.analytics.Money;
import loom.analytics.PriceTable;
import loom.proxy.CacheStatus;
import loom.proxy.Endpoint;
import loom.proxy.ProxyCall;
import loom.proxy.Usage;

/**
 * Enforces budgets marked {@code enforce}: decides whether a proxied call may start (its user's budgets and
 * the whole gateway's), reserving its estimated cost, and settles its real cost when it ends. Calls of models
 * without a price (local, free) are never refused by a cost budget. Thread-safe.
 */
public final class BudgetGuard {
  /** Completion tokens assumed when a request sets no {@code max_tokens}. */
  static final long DEFAULT_COMPLETION_ESTIMATE = 1_024;
  /** Characters of a request body per prompt token: a generous (high) estimate for JSON text. */
  static final int CHARS_PER_TOKEN = 3;

  private final SpendLedger ledger;
  private final Function<String, Budgets> budgets;
  private final Function<String, Optional<String>> userNames;
  private final PriceTable prices;
  private final Clock clock;

  /** @param clock the time calls are priced at (prices change over time) */
  BudgetGuard(SpendLedger ledger, Function<String, Budgets> budgets, Function<String, Optional<String>> userNames,
              PriceTable prices, Clock clock) {
    this.ledger = ledger;
    this.budgets = budgets;
    this.userNames = userNames;
    this.prices = prices;
    this.clock = clock;
  }

  /** What is left of a user's own budgets, for {@code X-Loom-Budget-Remaining-USD}; empty without a budget. */
  public Optional<BigDecimal> remaining(String userId) {
    return ledger.remaining(userId, budgets.apply(userId));
  }

  /** Admits the call (reserving its estimated cost) or says why not. */
  SpendLedger.Admission admit(String userId, ProxyCall call) {
    List<SpendLedger.Limit> limits = new ArrayList<>();
    Budgets own = budgets.apply(userId);
    if (own.enforce() && own.hasBudget()) {
      limits.add(new SpendLedger.Limit(userId, userNames.apply(userId).orElse(userId), own));
    }
    Budgets global = budgets.apply(AlertSettingsStore.GLOBAL);
    if (global.enforce() && global.hasBudget()) {
      limits.add(new SpendLedger.Limit(AlertSettingsStore.GLOBAL, "the whole gateway", global));
    }
    if (limits.isEmpty() || !isPriced(call)) {
      return new SpendLedger.Admission(List.of(), 0, null);
    }
    return ledger.admit(limits, estimateNanos(call));
  }

  /** Ends an admitted call: a successful answer from upstream costs what its usage says; anything else nothing. */
  void settle(SpendLedger.Admission admission, ProxyCall call, int status) {
    long actual = 0;
    if (status < 400 && call.outcome().cacheStatus() != CacheStatus.HIT) {
      actual = Money.toNanos(prices.cost(call.providerId(), call.upstreamModel(), call.outcome().usage(),
          clock.instant()).usd());
    }
    ledger.settle(admission, actual);
  }

  private boolean isPriced(ProxyCall call) {
    return prices.isPriced(call.providerId(), call.upstreamModel(), clock.instant());
  }

  long estimateNanos(ProxyCall call) {
    JsonNode body = call.body();
    long prompt = body.toString().length() / CHARS_PER_TOKEN + 1;
    long completion = 0;
    if (call.endpoint() != Endpoint.EMBEDDINGS) {
      // Chat's two names for the output limit, and the Responses API's (Anthropic's is max_tokens).
      JsonNode limit = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
          : body.hasNonNull("max_output_tokens") ? body.get("max_output_tokens") : body.get("max_tokens");
      completion = limit != null && limit.canConvertToLong() && limit.asLong() > 0 ? limit.asLong()
          : DEFAULT_COMPLETION_ESTIMATE;
    }
    Usage estimate = new Usage(prompt, completion, prompt + completion, 0, 0, true);
    return Money.toNanos(prices.cost(call.providerId(), call.upstreamModel(), estimate, clock.instant()).usd());
  }
}
