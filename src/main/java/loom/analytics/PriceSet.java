package loom.analytics;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One set of list prices of a model, in USD per one million tokens of each kind, plus a fee per 1,000
 * requests (some search models). A kind without a price of its own costs what input costs: a cache read
 * or cache write without a price is charged as the input token it also is. Immutable.
 *
 * <p>Cache writes have one price here, the list's {@code cache_write_mtok}, which is what a write kept for the
 * default lifetime costs (Anthropic: 5 minutes, 1.25× input). Writes kept for an hour cost 2× input at Anthropic,
 * a price the list does not carry, so the one-hour part of the writes is charged {@link #ONE_HOUR_WRITE_FACTOR} ×
 * input wherever there is a cache-write price; without one, every write costs input.
 *
 * @param cacheRead null when the vendor has no separate price for cache reads
 * @param cacheWrite null when the vendor has no separate price for cache writes
 */
public record PriceSet(
    TokenPrice input,
    TokenPrice cacheRead,
    TokenPrice cacheWrite,
    TokenPrice output,
    BigDecimal perThousandRequests) {
  /** What a cache write kept for an hour costs, in input prices (Anthropic's rule). */
  static final BigDecimal ONE_HOUR_WRITE_FACTOR = BigDecimal.valueOf(2);

  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal ONE_THOUSAND = BigDecimal.valueOf(1_000);

  public PriceSet {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(perThousandRequests, "perThousandRequests");
    if (perThousandRequests.signum() < 0) {
      throw new IllegalArgumentException(
          "the fee per 1,000 requests must be zero or more; got "
              + perThousandRequests.toPlainString());
    }
  }

  /** A configured price of {@code loom.yaml}: flat, no cache writes, no request fee. */
  static PriceSet of(Price price) {
    return new PriceSet(
        TokenPrice.flat(price.input()),
        price.cachedInput() == null ? null : TokenPrice.flat(price.cachedInput()),
        null,
        TokenPrice.flat(price.output()),
        BigDecimal.ZERO);
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
    BigDecimal perMillion =
        BigDecimal.valueOf(tokens.uncachedInput())
            .multiply(input.perMillion(size))
            .add(
                BigDecimal.valueOf(tokens.cacheRead())
                    .multiply(cacheReadOrInput().perMillion(size)))
            .add(
                BigDecimal.valueOf(tokens.cacheWriteShort())
                    .multiply(cacheWriteOrInput().perMillion(size)))
            .add(BigDecimal.valueOf(tokens.cacheWrite1h()).multiply(oneHourWritePerMillion(size)))
            .add(BigDecimal.valueOf(tokens.output()).multiply(output.perMillion(size)));
    return perMillion.divide(ONE_MILLION).add(perThousandRequests.divide(ONE_THOUSAND));
  }

  /** The price per 1M tokens of a cache write kept for an hour, for a request of this size. */
  BigDecimal oneHourWritePerMillion(long inputTokens) {
    BigDecimal inputPrice = input.perMillion(inputTokens);
    return cacheWrite == null ? inputPrice : inputPrice.multiply(ONE_HOUR_WRITE_FACTOR);
  }

  /** Whether nothing is ever charged at these prices (free models, local ones priced at 0). */
  public boolean isFree() {
    return input.isZero()
        && cacheReadOrInput().isZero()
        && cacheWriteOrInput().isZero()
        && output.isZero()
        && perThousandRequests.signum() == 0;
  }
}
