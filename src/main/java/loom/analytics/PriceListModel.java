package loom.analytics;

import java.util.Objects;
import java.util.Set;

/**
 * A model of the price list: its id, the rule that recognises its names and its prices over time.
 *
 * @param exactNames the names the list spells out in full ({@code equals} values and the id), exactly as
 *     written: a name among them is surely real, one that only matches a prefix may be made up
 */
record PriceListModel(String id, MatchRule match, Set<String> exactNames, PriceSchedule prices) {
  PriceListModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    exactNames = Set.copyOf(exactNames);
    Objects.requireNonNull(prices, "prices");
  }
}
