package loom.analytics;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import loom.auth.Caller;

/**
 * The monthly budget whose spend is exactly the requests of a filter, for the projection to draw beside them.
 *
 * @param scope whose budget: {@code global}, {@code user}, {@code team} or {@code key}
 * @param id the user, team or key; null for {@code global}
 * @param monthlyUsd the budget of a calendar month, above 0
 */
public record MonthlyBudget(String scope, String id, BigDecimal monthlyUsd) {
  public MonthlyBudget {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(monthlyUsd, "monthlyUsd");
    if (monthlyUsd.signum() <= 0) {
      throw new IllegalArgumentException("A monthly budget is above 0, not " + monthlyUsd);
    }
  }

  /**
   * Where budgets are kept (the alerts' settings): analytics reads them through this, so it does not depend on the
   * feature that keeps them.
   */
  @FunctionalInterface
  public interface Lookup {
    /** Gateways without budgets. */
    Lookup NONE = (caller, whose) -> Optional.empty();

    /**
     * The monthly budget of the scope whose requests {@code whose} keeps (its range aside), as {@code caller} may
     * see it; empty when no budget scope is exactly these requests (a model's, a user's on one provider) or the
     * scope has no monthly budget.
     */
    Optional<MonthlyBudget> covering(Caller caller, LogFilter whose);
  }
}
