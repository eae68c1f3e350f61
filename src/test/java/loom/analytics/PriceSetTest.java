package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceSetTest {
  /** Claude Sonnet 4.5 as the list has it: every kind doubles (output: 1.5×) past 200,000 input tokens. */
  private static final PriceSet SONNET =
      new PriceSet(
          tiered("3", "6"),
          tiered("0.3", "0.6"),
          tiered("3.75", "7.5"),
          tiered("15", "22.5"),
          BigDecimal.ZERO);

  private static final PriceSet FLAT =
      new PriceSet(flat("0.25"), flat("0.025"), null, flat("2"), BigDecimal.ZERO);
  private static final PriceSet NO_CACHE_PRICES =
      new PriceSet(flat("1"), null, null, flat("2"), BigDecimal.ZERO);
  private static final PriceSet SEARCH =
      new PriceSet(flat("1"), null, null, flat("1"), new BigDecimal("12"));

  static Stream<Arguments> costs() {
    return Stream.of(
        Arguments.of(
            "input, cache reads and output at their own prices",
            FLAT,
            tokens(1_000_000, 400_000, 0, 100_000),
            "0.36"),
        Arguments.of(
            "cache reads at input without a price of their own",
            NO_CACHE_PRICES,
            tokens(1_000, 400, 0, 0),
            "0.001"),
        Arguments.of(
            "cache writes at input without a price of their own",
            NO_CACHE_PRICES,
            tokens(1_000, 0, 300, 0),
            "0.001"),
        Arguments.of(
            "cache writes at their own price", SONNET, tokens(1_000, 0, 1_000, 0), "0.00375"),
        Arguments.of(
            "150,000 input tokens at the base price",
            SONNET,
            tokens(150_000, 0, 0, 1_000),
            "0.465"),
        Arguments.of(
            "exactly 200,000 is not past the tier", SONNET, tokens(200_000, 0, 0, 0), "0.6"),
        Arguments.of(
            "250,000 input tokens all at the tier's price",
            SONNET,
            tokens(250_000, 0, 0, 1_000),
            "1.5225"),
        Arguments.of(
            "cached tokens count toward the tier and pay its cache price",
            SONNET,
            tokens(250_000, 100_000, 0, 0),
            "0.96"),
        Arguments.of(
            "a fee per 1,000 requests is charged per request",
            SEARCH,
            tokens(1_000, 0, 0, 1_000),
            "0.014"),
        Arguments.of("the fee is charged without tokens too", SEARCH, tokens(0, 0, 0, 0), "0.012"),
        // 600 five-minute writes × $3.75 + 400 one-hour writes × 2 × $3 input, per 1M tokens.
        Arguments.of(
            "one-hour cache writes at twice input beside the list's cache write price",
            SONNET,
            new TokenCounts(1_000, 0, 1_000, 400, 0),
            "0.00465"),
        // 100,000 uncached × $6 + 100,000 one-hour writes × 2 × $6 (the tier's input) + 50,000
        // writes × $7.50.
        Arguments.of(
            "one-hour cache writes at twice the tier's input price past the tier",
            SONNET,
            new TokenCounts(250_000, 0, 150_000, 100_000, 0),
            "2.175"),
        Arguments.of(
            "one-hour cache writes at input without a cache write price",
            NO_CACHE_PRICES,
            new TokenCounts(1_000, 0, 300, 300, 0),
            "0.001"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("costs")
  void costsEachKindOfTokenAtItsPriceForTheRequestsSize(
      String description, PriceSet prices, TokenCounts tokens, String expectedUsd) {
    assertThat(prices.usd(tokens)).isEqualByComparingTo(expectedUsd);
  }

  @Test
  void tiersAreCliffsDecidedByTheInputTokens() {
    TokenPrice price =
        new TokenPrice(
            new BigDecimal("1"),
            List.of(
                new TokenPrice.Tier(100, new BigDecimal("2")),
                new TokenPrice.Tier(1_000, new BigDecimal("3"))));

    assertThat(price.perMillion(0)).isEqualByComparingTo("1");
    assertThat(price.perMillion(100)).isEqualByComparingTo("1");
    assertThat(price.perMillion(101)).isEqualByComparingTo("2");
    assertThat(price.perMillion(1_001)).isEqualByComparingTo("3");
  }

  @Test
  void countsAreMadeConsistentOnce() {
    assertThat(new TokenCounts(-1, 5, 5, -1)).isEqualTo(new TokenCounts(0, 0, 0, 0));
    assertThat(new TokenCounts(10, 8, 8, 0)).isEqualTo(new TokenCounts(10, 8, 2, 0));
    assertThat(new TokenCounts(10, 8, 2, 0).uncachedInput()).isZero();
    assertThat(new TokenCounts(10, 0, 4, 9, 0)).isEqualTo(new TokenCounts(10, 0, 4, 4, 0));
    assertThat(new TokenCounts(10, 0, 4, -1, 0)).isEqualTo(new TokenCounts(10, 0, 4, 0, 0));
    assertThat(new TokenCounts(10, 0, 4, 3, 0).cacheWriteShort()).isEqualTo(1);
  }

  @Test
  void theCountsOfAUsageKeepItsCacheWritesAndTheirOneHourPart() throws Exception {
    Usage anthropic =
        Usage.fromAnthropic(
            new ObjectMapper()
                .readTree(
                    "{\"input_tokens\":10,"
                        + "\"cache_read_input_tokens\":100,"
                        + "\"cache_creation_input_tokens\":300,\"cache_creation\":{\"ephemeral_1h_input_tokens\":200},"
                        + "\"output_tokens\":7}"));

    assertThat(TokenCounts.of(anthropic)).isEqualTo(new TokenCounts(410, 100, 300, 200, 7));
  }

  @Test
  void freeMeansNothingIsEverCharged() {
    PriceSet free = new PriceSet(TokenPrice.ZERO, null, null, TokenPrice.ZERO, BigDecimal.ZERO);

    assertThat(free.isFree()).isTrue();
    assertThat(FLAT.isFree()).isFalse();
    assertThat(SEARCH.isFree()).isFalse();
    assertThat(
            new PriceSet(
                    TokenPrice.ZERO,
                    null,
                    null,
                    new TokenPrice(
                        BigDecimal.ZERO, List.of(new TokenPrice.Tier(10, BigDecimal.ONE))),
                    BigDecimal.ZERO)
                .isFree())
        .isFalse();
  }

  @Test
  void tiersMustAscendAndPricesCannotBeNegative() {
    assertThatThrownBy(
            () ->
                new TokenPrice(
                    BigDecimal.ONE,
                    List.of(
                        new TokenPrice.Tier(10, BigDecimal.ONE),
                        new TokenPrice.Tier(10, BigDecimal.TEN))))
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> TokenPrice.flat(new BigDecimal("-0.1")))
        .hasMessageContaining("zero or more");
    assertThatThrownBy(
            () -> new PriceSet(TokenPrice.ZERO, null, null, TokenPrice.ZERO, new BigDecimal("-1")))
        .hasMessageContaining("zero or more");
  }

  private static TokenCounts tokens(long input, long cacheRead, long cacheWrite, long output) {
    return new TokenCounts(input, cacheRead, cacheWrite, output);
  }

  private static TokenPrice flat(String price) {
    return TokenPrice.flat(new BigDecimal(price));
  }

  private static TokenPrice tiered(String base, String past200k) {
    return new TokenPrice(
        new BigDecimal(base), List.of(new TokenPrice.Tier(200_000, new BigDecimal(past200k))));
  }
}
