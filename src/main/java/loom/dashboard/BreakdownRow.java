package loom.dashboard;

import java.io.Serializable;
import java.util.function.Function;
import loom.analytics.UsageBreakdown;
import loom.support.Usd;

/**
 * A line of the Costs page's breakdown table, as text: one group (a team, a session, a model …) with its requests,
 * tokens and cost, and what the providers' prompt caching did for it: what it saved and the share of input read
 * from the cache. Read in EL as {@code #{row.saved()}}.
 */
public record BreakdownRow(
    String name, String requests, String tokens, String cost, String saved, String readShare)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The key the analytics give the requests without a value, and the one of the groups past the limit. */
  static final String NONE = ChartModels.NONE;

  static final String OTHER = "(other)";

  /** @param nameOf the name to show for a group's key (a team's name for its id …) */
  static BreakdownRow of(UsageBreakdown.Group group, Function<String, String> nameOf, String none) {
    return new BreakdownRow(
        label(group.key(), nameOf, none),
        Formats.count(group.requests()),
        Formats.count(group.totalTokens()),
        Usd.format(group.costUsd()),
        Usd.format(group.promptCache().savedUsd()),
        Formats.percent(group.promptCache().readShare()));
  }

  /** The name of a group: {@code none} for the requests without a value, "all others" past the limit. */
  static String label(String key, Function<String, String> nameOf, String none) {
    if (NONE.equals(key)) {
      return none;
    }
    return OTHER.equals(key) ? "all others" : nameOf.apply(key);
  }
}
