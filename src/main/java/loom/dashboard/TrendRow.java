package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;
import loom.analytics.UsageTrends;
import loom.support.Usd;

/**
 * A line of the Trends page's tables, as text: one value (a model, a team …) this period and the one before, and
 * the change of its cost, requests and tokens ("+$1.90", "+172.7 %"; "new" for a value with nothing before). Read in
 * EL as {@code #{row.change()}}.
 *
 * @param status {@code new}, {@code gone}, {@code up}, {@code down} or {@code flat}, for the row's style
 */
public record TrendRow(
    String name,
    String status,
    String cost,
    String previousCost,
    String change,
    String changePercent,
    String requests,
    String tokens)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** @param nameOf the name to show for a value (a team's name for its id …) */
  static TrendRow of(UsageTrends.Change change, Function<String, String> nameOf, String none) {
    return new TrendRow(
        BreakdownRow.label(change.key(), nameOf, none),
        change.status(),
        Usd.format(change.costUsd()),
        Usd.format(change.previousCostUsd()),
        signedUsd(change.costChangeUsd()),
        percent(change.costChangePct(), change.status()),
        Formats.count(change.requests())
            + " ("
            + percent(change.requestsChangePct(), change.status())
            + ")",
        Formats.count(change.tokens())
            + " ("
            + percent(change.tokensChangePct(), change.status())
            + ")");
  }

  /** A change in USD with its sign: "+$1.90", "-$0.0012", "$0.00". */
  static String signedUsd(BigDecimal change) {
    return change.signum() > 0 ? "+" + Usd.format(change) : Usd.format(change);
  }

  /** A percent change with its sign and one decimal, or "new" when there was nothing to compare with. */
  static String percent(BigDecimal pct, String status) {
    if (pct == null) {
      return "new".equals(status) ? "new" : "–";
    }
    BigDecimal rounded = pct.setScale(1, RoundingMode.HALF_EVEN);
    return (rounded.signum() > 0 ? "+" : "") + rounded.toPlainString() + " %";
  }
}
