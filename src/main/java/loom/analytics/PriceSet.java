package loom.analytics;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One set of list prices of a model, in USD per one million tokens of each kind, plus a fee per 1,000
 * requests (some search models). A kind without a price of its own costs what input costs: a cache read
 * or cache write without a price is charged as the input token it also is. Immutable.
 *
 * @param cacheRead null when the vendor has no separate price for cache reads
 * @param cacheWrite null when the vendor has no separate price for cache writes
 */
public record PriceSet(TokenPrice input, TokenPrice cacheRead, TokenPrice cacheWrite, TokenPrice output,
                       BigDecimal perThousandRequests) {
  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal ONE_THOUSAND = BigDecimal.valueOf(1_000);

  public PriceSet {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(perThousandRequests, "perThousandRequests");
    if (perThousandRequests.signum() < 0) {
      throw new IllegalArgumentException("the fee per 1,000 requests must be zero or more; got "
          + perThousandRequests.toPlainString());
    }
  }

  /** A configured price of {@code loom.yaml}: flat, no cache writes, no request fee. */
  static PriceSet of(Price price) {
    return new PriceSet(TokenPrice.flat(price.input()),
        price.cachedInput() == null ? null : TokenPrice.flat(price.cachedInput()), null,
        TokenPrice.flat(price.output()), BigDecimal.ZERO);
  }

  public TokenPrice cacheReadOrInput() {
    return cacheRead == null ? input : cacheRead;
  }

  public TokenPrice cacheWriteOrInput() {
    return cacheWrite == null ? input : cacheWrite;
  }

  /** What these tokens cost, exactly; every kind's tier is decided by the request's input tokens. */
  BigDecimal usd(TokenCounts tokens) {
    long size = tokens.input();
    BigDecimal perMillion = BigDecimal.valueOf(tokens.uncachedInput()).multiply(input.perMillion(size))
        .add(BigDecimal.valueOf(tokens.cacheRead()).multiply(cacheReadOrInput().perMillion(size)))
        .add(BigDecimal.valueOf(tokens.cacheWrite()).multiply(cacheWriteOrInput().perMillion(size)))
        .add(BigDecimal.valueOf(tokens.output()).multiply(output.perMillion(size)));
    return perMillion.divide(ONE_MILLION).add(perThousandRequests.divide(ONE_THOUSAND));
  }

  /** Whether nothing is ever charged at these prices (free models, local ones priced at 0). */
  public boolean isFree() {
    return input.isZero() && cacheReadOrInput().isZero() && cacheWriteOrInput().isZero() && output.isZero()
        && perThousandRequests.signum() == 0;
  }
}
