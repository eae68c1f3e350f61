package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A price an admin set at run time for one model of one configured provider, in USD per one million tokens; it
 * wins over {@code pricing} in {@code loom.yaml} and over the shipped price list (see {@link PriceTable}). A flat
 * price: no tiers, no fee per request. Several of one model, each with its own {@link #effectiveFrom}, are its
 * price history. Immutable.
 *
 * @param model the model name exactly as the provider is sent it (no {@code provider/} prefix, case as sent)
 * @param effectiveFrom the first call time it prices (millisecond precision); null: every call
 * @param cacheRead null: cached prompt tokens cost {@link #input()}
 * @param cacheWrite null: cache writes cost {@link #input()}
 * @param changedBy the id of the user who set it, {@code changedByName} their name then
 */
public record PriceOverride(
    String providerId,
    String model,
    Instant effectiveFrom,
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite,
    String changedBy,
    String changedByName,
    Instant changedAt) {
  public PriceOverride {
    requireName(providerId, "providerId");
    requireName(model, "model");
    if (effectiveFrom != null) {
      effectiveFrom = effectiveFrom.truncatedTo(ChronoUnit.MILLIS);
      if (effectiveFrom.toEpochMilli() <= 0) {
        throw new IllegalArgumentException(
            "effectiveFrom must be after 1970-01-01T00:00:00Z; got " + effectiveFrom);
      }
    }
    requirePrice(input, "input");
    requirePrice(output, "output");
    if (cacheRead != null) {
      requirePrice(cacheRead, "cacheRead");
    }
    if (cacheWrite != null) {
      requirePrice(cacheWrite, "cacheWrite");
    }
    Objects.requireNonNull(changedBy, "changedBy");
    Objects.requireNonNull(changedByName, "changedByName");
    Objects.requireNonNull(changedAt, "changedAt");
  }

  /** These prices as the price table applies them: flat, cache kinds without a price at input. */
  PriceSet toPriceSet() {
    return new PriceSet(
        TokenPrice.flat(input),
        cacheRead == null ? null : TokenPrice.flat(cacheRead),
        cacheWrite == null ? null : TokenPrice.flat(cacheWrite),
        TokenPrice.flat(output),
        BigDecimal.ZERO);
  }

  /** The start as epoch milliseconds, 0 for every call (how the store keeps it). */
  long effectiveFromMillis() {
    return effectiveFrom == null ? 0 : effectiveFrom.toEpochMilli();
  }

  private static void requireName(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requirePrice(BigDecimal price, String name) {
    Objects.requireNonNull(price, name);
    if (price.signum() < 0) {
      throw new IllegalArgumentException(
          name + " must be zero or more; got " + price.toPlainString());
    }
  }
}
