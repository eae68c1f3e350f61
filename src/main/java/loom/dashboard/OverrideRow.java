package loom.dashboard;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import loom.analytics.Money;
import loom.analytics.PriceOverride;

/**
 * A line of the Prices page's run-time prices (read in EL as {@code #{row.model()}}): prices in USD per 1M tokens
 * as plain numbers, the cache prices "as input" when the price has none of its own.
 *
 * @param effectiveFrom null for a price of every call (kept to address the price when it is deleted)
 */
public record OverrideRow(
    String providerId,
    String model,
    Instant effectiveFrom,
    String from,
    String input,
    String output,
    String cacheRead,
    String cacheWrite,
    String changed)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static OverrideRow of(PriceOverride price) {
    return new OverrideRow(
        price.providerId(),
        price.model(),
        price.effectiveFrom(),
        price.effectiveFrom() == null ? "every call" : Formats.utc(price.effectiveFrom(), ""),
        plain(price.input()),
        plain(price.output()),
        orInput(price.cacheRead()),
        orInput(price.cacheWrite()),
        price.changedByName() + ", " + Formats.utc(price.changedAt(), ""));
  }

  /** The key of the row in its table: provider, model and start together name one price. */
  String key() {
    return providerId
        + '\u0000'
        + model
        + '\u0000'
        + (effectiveFrom == null ? "" : effectiveFrom.toEpochMilli());
  }

  private static String orInput(BigDecimal price) {
    return price == null ? "as input" : plain(price);
  }

  private static String plain(BigDecimal price) {
    return "$" + Money.plain(price).toPlainString();
  }
}
