package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import loom.support.Usd;

/**
 * A line of a cost breakdown on the Costs page (a provider, model or user), as text: requests, tokens, cost, and
 * the cost per request and per 1,000 tokens. Read in EL as {@code #{row.cost()}}.
 */
public record CostRow(
    String name, String requests, String tokens, String cost, String perRequest, String per1kTokens)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The rows of a breakdown, costliest first (then the busiest).
   *
   * @param none how to name the requests without this dimension (e.g. "no model")
   */
  static List<CostRow> of(
      Map<String, BigDecimal> costs,
      Map<String, Long> requests,
      Map<String, Long> tokens,
      Function<String, String> nameOf,
      String none) {
    return costs.entrySet().stream()
        .sorted(
            Map.Entry.<String, BigDecimal>comparingByValue()
                .reversed()
                .thenComparing(entry -> -requests.getOrDefault(entry.getKey(), 0L))
                .thenComparing(Map.Entry.comparingByKey()))
        .map(
            entry -> {
              String key = entry.getKey();
              long count = requests.getOrDefault(key, 0L);
              long tokenCount = tokens.getOrDefault(key, 0L);
              return new CostRow(
                  ChartModels.NONE.equals(key) ? none : nameOf.apply(key),
                  Formats.count(count),
                  Formats.count(tokenCount),
                  Usd.format(entry.getValue()),
                  per(entry.getValue(), count, 1),
                  per(entry.getValue(), tokenCount, 1_000));
            })
        .toList();
  }

  /** cost × unit / count in USD, or a dash when there is nothing to divide by. */
  static String per(BigDecimal cost, long count, long unit) {
    if (count == 0) {
      return LogLine.MISSING;
    }
    return Usd.format(
        cost.multiply(BigDecimal.valueOf(unit))
            .divide(BigDecimal.valueOf(count), 9, RoundingMode.HALF_EVEN));
  }
}
