package loom.analytics;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one answer cost at list price, in exact USD at full precision ({@link Money#toNanos} rounds at
 * storage). An unpriced model costs zero, is marked {@code priced == false} and has no price version.
 *
 * @param priceVersion the {@link PriceTable#version()} that priced it; null exactly when not priced
 */
public record Cost(BigDecimal usd, boolean priced, String priceVersion) {
  public static final Cost UNPRICED = new Cost(BigDecimal.ZERO, false, null);

  public Cost {
    Objects.requireNonNull(usd, "usd");
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("usd must be zero or more; got " + usd.toPlainString());
    }
    if (priced && (priceVersion == null || priceVersion.isBlank())) {
      throw new IllegalArgumentException("a priced cost needs the price version that priced it");
    }
    if (!priced && (usd.signum() != 0 || priceVersion != null)) {
      throw new IllegalArgumentException("an unpriced cost is zero and has no price version");
    }
  }
}
