package loom.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run-time prices as {@link PriceTable} looks them up: per provider and exact model name, the price history
 * newest start first. Immutable and thread-safe.
 */
final class PriceOverrides {
  static final PriceOverrides NONE = new PriceOverrides(List.of());

  private final Map<String, Entry[]> byName;
  private final String canonical;
  private final int size;

  /** One price and the first call time (epoch millis; 0: every call) it applies to. */
  record Entry(long from, PriceSet prices) {}

  private PriceOverrides(List<PriceOverride> prices) {
    Map<String, List<PriceOverride>> grouped = new HashMap<>();
    for (PriceOverride price : prices) {
      grouped
          .computeIfAbsent(key(price.providerId(), price.model()), name -> new ArrayList<>())
          .add(price);
    }
    Map<String, Entry[]> entries = new HashMap<>();
    grouped.forEach(
        (name, history) ->
            entries.put(
                name,
                history.stream()
                    .sorted(Comparator.comparingLong(PriceOverride::effectiveFromMillis).reversed())
                    .map(price -> new Entry(price.effectiveFromMillis(), price.toPriceSet()))
                    .toArray(Entry[]::new)));
    this.byName = Map.copyOf(entries);
    this.canonical = canonical(prices);
    this.size = prices.size();
  }

  static PriceOverrides of(List<PriceOverride> prices) {
    return prices.isEmpty() ? NONE : new PriceOverrides(prices);
  }

  /** The history of a model, newest start first; null when it has no run-time price. Do not change the array. */
  Entry[] find(String providerId, String model) {
    return byName.get(key(providerId, model));
  }

  /** How many prices there are (every start of every model). */
  int size() {
    return size;
  }

  /**
   * The prices in a canonical order and notation, for the price table's version: empty when there are none, so a
   * table without run-time prices keeps the version it had before they existed.
   */
  String canonical() {
    return canonical;
  }

  private static String canonical(List<PriceOverride> prices) {
    StringBuilder text = new StringBuilder();
    prices.stream()
        .sorted(
            Comparator.comparing(PriceOverride::providerId)
                .thenComparing(PriceOverride::model)
                .thenComparingLong(PriceOverride::effectiveFromMillis))
        .forEach(
            price ->
                text.append("override\t")
                    .append(price.providerId())
                    .append('\t')
                    .append(price.model())
                    .append('\t')
                    .append(price.effectiveFromMillis())
                    .append('\t')
                    .append(plain(price.input()))
                    .append('\t')
                    .append(plain(price.output()))
                    .append('\t')
                    .append(plain(price.cacheRead()))
                    .append('\t')
                    .append(plain(price.cacheWrite()))
                    .append('\n'));
    return text.toString();
  }

  private static String plain(BigDecimal price) {
    return price == null ? "-" : price.stripTrailingZeros().toPlainString();
  }

  private static String key(String providerId, String model) {
    return providerId + '\u0000' + model;
  }
}
