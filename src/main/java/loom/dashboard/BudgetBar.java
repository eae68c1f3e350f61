package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import loom.support.Usd;

/**
 * A budget on the Costs page: what was spent in its period against the budget, as the alert checks see it.
 * Read in EL as {@code #{bar.percent()}}.
 *
 * @param id for the page's element ids: {@code daily}, {@code monthly}, {@code global-daily}, ...
 * @param percent the share of the budget spent, capped at 100 for the bar
 * @param text "$1.20 of $50.00 (2.4 %) on 2026-01-21", or that no budget is set
 * @param hasBudget false when the scope has no such budget (no bar, only the spend)
 */
public record BudgetBar(
    String id, String label, int percent, String text, boolean hasBudget, boolean over)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** @param period the day or month of the spend, in the alert zone ({@code 2026-01-21}, {@code 2026-01}) */
  static BudgetBar of(String id, String label, BigDecimal spent, BigDecimal budget, String period) {
    if (budget == null || budget.signum() <= 0) {
      return new BudgetBar(
          id,
          label,
          0,
          Usd.format(spent) + " spent in " + period + "; no budget set",
          false,
          false);
    }
    BigDecimal share =
        spent.multiply(BigDecimal.valueOf(100)).divide(budget, 1, RoundingMode.HALF_EVEN);
    int percent = Math.min(100, share.setScale(0, RoundingMode.DOWN).intValue());
    boolean over = spent.compareTo(budget) >= 0;
    return new BudgetBar(
        id,
        label,
        percent,
        Usd.format(spent)
            + " of "
            + Usd.format(budget)
            + " ("
            + share.toPlainString()
            + " %) in "
            + period,
        true,
        over);
  }
}
