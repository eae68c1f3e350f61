package loom.analytics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import loom.config.ConfigException;
import loom.config.PriceConfig;

/**
 * The prices of {@code pricing} in {@code loom.yaml}, which win over the price list: each a model-name
 * prefix on one provider or on any ({@code *}). Immutable and thread-safe.
 *
 * <p>Lookup rule: the entry with the <em>longest</em> model prefix of the name wins, whatever its provider;
 * only between prefixes of equal length does a provider-specific entry beat {@code *}. So a configured
 * {@code openai: gpt-4o} does not capture {@code gpt-4o-mini} while a {@code *: gpt-4o-mini} exists.
 */
final class ConfiguredPrices {
  /** Longest prefix first, then provider-specific before {@code *}, then by name so the order is total. */
  private static final Comparator<Price> LOOKUP_ORDER =
      Comparator.comparingInt((Price price) -> price.model().length())
          .reversed()
          .thenComparing(Price::isAnyProvider)
          .thenComparing(Price::provider)
          .thenComparing(Price::model);

  private final List<Price> entries;
  private final Set<String> keys;

  ConfiguredPrices(List<Price> entries) {
    this.entries = entries.stream().sorted(LOOKUP_ORDER).toList();
    this.keys =
        this.entries.stream()
            .map(price -> key(price.provider(), price.model()))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The entries of {@code pricing}.
   *
   * @throws ConfigException naming the entry if one is invalid or two name the same provider and model
   */
  static ConfiguredPrices of(List<PriceConfig> configured) {
    Map<String, Integer> indexByKey = new HashMap<>();
    List<Price> prices = new java.util.ArrayList<>();
    for (int index = 0; index < configured.size(); index++) {
      Price price;
      try {
        price = Price.from(configured.get(index));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("pricing[" + index + "]", e.getMessage(), e);
      }
      Integer earlier = indexByKey.putIfAbsent(key(price.provider(), price.model()), index);
      if (earlier != null) {
        throw new ConfigException(
            "pricing[" + index + "]",
            "model '"
                + price.model()
                + "' on provider '"
                + price.provider()
                + "' is already priced by pricing["
                + earlier
                + "]; keep one entry");
      }
      prices.add(price);
    }
    return new ConfiguredPrices(prices);
  }

  /** The entry pricing {@code model} on {@code providerId} by the rule in the class comment. */
  Optional<Price> find(String providerId, String model) {
    for (Price price : entries) {
      if (price.matches(providerId, model)) {
        return Optional.of(price);
      }
    }
    return Optional.empty();
  }

  /** Whether an entry names exactly this model (not only a prefix of it) for this provider or any. */
  boolean names(String providerId, String model) {
    return keys.contains(key(providerId, model)) || keys.contains(key(Price.ANY_PROVIDER, model));
  }

  /** Every entry, in the order {@link #find} tries them. */
  List<Price> entries() {
    return entries;
  }

  /** The entries in a canonical order and notation ({@code 0.60} and {@code 0.6} are the same price). */
  String canonical() {
    StringBuilder canonical = new StringBuilder();
    entries.stream()
        .sorted(Comparator.comparing(Price::provider).thenComparing(Price::model))
        .forEach(
            price ->
                canonical
                    .append("pricing\t")
                    .append(price.provider())
                    .append('\t')
                    .append(price.model())
                    .append('\t')
                    .append(plain(price.input()))
                    .append('\t')
                    .append(plain(price.output()))
                    .append('\t')
                    .append(price.cachedInput() == null ? "-" : plain(price.cachedInput()))
                    .append('\n'));
    return canonical.toString();
  }

  private static String key(String provider, String model) {
    return provider + '\u0000' + model;
  }

  private static String plain(BigDecimal price) {
    return price.stripTrailingZeros().toPlainString();
  }
}
