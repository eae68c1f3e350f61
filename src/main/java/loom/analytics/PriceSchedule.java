package loom.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every set of prices of one model with the condition under which it applies, in the price list's order.
 * The price in force at a moment is that of the <em>last</em> entry whose condition holds then, and the
 * first entry's when none holds (genai-prices' rule): so a price history lists the oldest price first and
 * each later one from its start day. Immutable.
 */
record PriceSchedule(List<Entry> entries) {
  PriceSchedule {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one set of prices");
    }
  }

  /** A set of prices and when it applies. */
  record Entry(PriceCondition when, PriceSet prices) {
    Entry {
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(prices, "prices");
    }
  }

  static PriceSchedule always(PriceSet prices) {
    return new PriceSchedule(List.of(new Entry(PriceCondition.ALWAYS, prices)));
  }

  /** The prices in force at {@code at}. */
  PriceSet at(Instant at) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).when().holds(at)) {
        return entries.get(i).prices();
      }
    }
    return entries.get(0).prices();
  }
}
