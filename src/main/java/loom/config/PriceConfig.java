package loom.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One entry of {@code pricing}: USD per one million tokens for models whose name starts with
 * {@code model} on {@code provider} ({@code *} for any provider).
 *
 * @param cachedInput the price of prompt tokens served from the provider's prompt cache; null means
 *     the input price
 */
public record PriceConfig(
    String provider, String model, BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
  public static final String ANY_PROVIDER = "*";

  public PriceConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }

  public BigDecimal cachedInputOrInput() {
    return cachedInput == null ? input : cachedInput;
  }
}
