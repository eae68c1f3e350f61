package loom.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A price in USD per one million tokens of one kind (input, cache read, cache write, output): flat, or
 * tiered by the size of the request. Tiers are cliffs, as genai-prices defines them: once a request's
 * input tokens exceed a tier's {@code start}, every token of this kind in the request costs that tier's
 * price, not only the ones past the threshold. Immutable.
 *
 * @param tiers ascending by start; empty for a flat price
 */
public record TokenPrice(BigDecimal base, List<Tier> tiers) {
  public static final TokenPrice ZERO = flat(BigDecimal.ZERO);

  public TokenPrice {
    requireZeroOrMore(base, "base");
    tiers = List.copyOf(tiers);
    for (int i = 1; i < tiers.size(); i++) {
      if (tiers.get(i).start() <= tiers.get(i - 1).start()) {
        throw new IllegalArgumentException(
            "tiers must start at ascending token counts; got "
                + tiers.get(i - 1).start()
                + " then "
                + tiers.get(i).start());
      }
    }
  }

  /** Past {@code start} input tokens, a request pays {@code price} per 1M tokens for all of them. */
  public record Tier(long start, BigDecimal price) {
    public Tier {
      if (start < 0) {
        throw new IllegalArgumentException("a tier starts at 0 tokens or more; got " + start);
      }
      requireZeroOrMore(price, "tier price");
    }
  }

  public static TokenPrice flat(BigDecimal price) {
    return new TokenPrice(price, List.of());
  }

  /**
   * The price per 1M tokens for a request of {@code inputTokens} input tokens (cached ones included): the
   * price of the highest tier whose start it exceeds, else the base.
   */
  public BigDecimal perMillion(long inputTokens) {
    for (int i = tiers.size() - 1; i >= 0; i--) {
      if (inputTokens > tiers.get(i).start()) {
        return tiers.get(i).price();
      }
    }
    return base;
  }

  public boolean isTiered() {
    return !tiers.isEmpty();
  }

  /** Whether no request pays anything at this price, whatever its size. */
  public boolean isZero() {
    return base.signum() == 0 && tiers.stream().allMatch(tier -> tier.price().signum() == 0);
  }

  private static void requireZeroOrMore(BigDecimal price, String name) {
    Objects.requireNonNull(price, name);
    if (price.signum() < 0) {
      throw new IllegalArgumentException(
          name + " must be USD per 1M tokens, zero or more; got " + price.toPlainString());
    }
  }
}
