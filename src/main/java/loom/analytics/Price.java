package loom.analytics;

import java.math.BigDecimal;
import java.util.Objects;
import loom.config.PriceConfig;

/**
 * A price configured under {@code pricing} in {@code loom.yaml}: what the models whose name starts with
 * {@code model} cost on {@code provider} ({@code *} for any provider), in USD per one million tokens.
 * Validated on construction, so a table never holds a blank prefix or a negative price.
 *
 * @param cachedInput the price of prompt tokens served from the provider's prompt cache; null when the
 *     vendor has no separate price, in which case cached tokens cost {@link #input()}
 */
record Price(
    String provider, String model, BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
  public static final String ANY_PROVIDER = PriceConfig.ANY_PROVIDER;

  public Price {
    provider = requireName(provider, "provider");
    model = requireName(model, "model");
    requireZeroOrMore(input, "input", model);
    requireZeroOrMore(output, "output", model);
    if (cachedInput != null) {
      requireZeroOrMore(cachedInput, "cached_input", model);
    }
  }

  static Price from(PriceConfig config) {
    return new Price(
        config.provider(), config.model(), config.input(), config.output(), config.cachedInput());
  }

  public boolean isAnyProvider() {
    return ANY_PROVIDER.equals(provider);
  }

  /** Whether this entry prices {@code modelName} on {@code providerId}: same provider (or {@code *}) and a prefix of the name. */
  public boolean matches(String providerId, String modelName) {
    return (isAnyProvider() || provider.equals(providerId)) && modelName.startsWith(model);
  }

  public BigDecimal cachedInputOrInput() {
    return cachedInput == null ? input : cachedInput;
  }

  private static String requireName(String value, String name) {
    if (value == null || value.isBlank() || !value.strip().equals(value)) {
      throw new IllegalArgumentException(
          name
              + " must be a non-blank name without surrounding spaces; got "
              + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  private static void requireZeroOrMore(BigDecimal price, String name, String model) {
    Objects.requireNonNull(price, () -> name + " of '" + model + "' is missing");
    if (price.signum() < 0) {
      throw new IllegalArgumentException(
          name
              + " of '"
              + model
              + "' must be a price in USD per 1M tokens, "
              + "zero or more (e.g. 0.15); got "
              + price.toPlainString());
    }
  }
}
