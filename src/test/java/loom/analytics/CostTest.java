package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import loom.config.PriceConfig;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CostTest {
  private static final PriceTable TABLE =
      PriceTable.load(
          List.of(
              new PriceConfig(
                  "*",
                  "cheap",
                  new BigDecimal("0.15"),
                  new BigDecimal("0.60"),
                  new BigDecimal("0.075")),
              new PriceConfig(
                  "*", "no-cache-price", new BigDecimal("0.50"), new BigDecimal("1.50"), null),
              new PriceConfig("*", "embed", new BigDecimal("0.02"), BigDecimal.ZERO, null)),
          List.of());
  private static final Instant AT = Instant.parse("2026-08-21T12:00:00Z");

  private static Usage usage(long prompt, long completion, long cached, long reasoning) {
    return new Usage(prompt, completion, prompt + completion, cached, reasoning, true);
  }

  static Stream<Arguments> costs() {
    return Stream.of(
        Arguments.of("prompt and completion", "cheap", usage(1_000, 500, 0, 0), "0.00045"),
        Arguments.of(
            "cached prompt tokens at cached_input", "cheap", usage(1_000, 0, 400, 0), "0.00012"),
        Arguments.of(
            "cached tokens at input without cached_input",
            "no-cache-price",
            usage(1_000, 0, 400, 0),
            "0.0005"),
        Arguments.of(
            "reasoning tokens are part of completion", "cheap", usage(0, 1_000, 0, 800), "0.0006"),
        Arguments.of("embeddings have no completion", "embed", usage(8_191, 0, 0, 0), "0.00016382"),
        Arguments.of(
            "a whole million tokens costs the list price",
            "cheap",
            usage(1_000_000, 1_000_000, 0, 0),
            "0.75"),
        Arguments.of(
            "cached never exceeds the prompt", "cheap", usage(100, 0, 500, 0), "0.0000075"),
        Arguments.of("negative counts read as zero", "cheap", usage(-5, -5, -5, 0), "0"),
        Arguments.of("no usage costs nothing", "cheap", Usage.NONE, "0"),
        // A configured price has no cache write price: writes, one-hour ones too, cost input.
        Arguments.of(
            "cache writes at input without a cache write price",
            "cheap",
            new Usage(1_000, 0, 1_000, 0, 0, 600, 200, true),
            "0.00015"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("costs")
  void costsUsageExactlyPerMillionTokens(
      String description, String model, Usage usage, String expectedUsd) {
    Cost cost = TABLE.cost("openai", model, usage, AT);

    assertThat(cost.usd()).isEqualByComparingTo(expectedUsd);
    assertThat(cost.priced()).isTrue();
    assertThat(cost.priceVersion()).isEqualTo(TABLE.version());
  }

  @Test
  void unknownModelsCostZeroAndAreMarkedUnpriced() {
    Cost cost = TABLE.cost("openai", "mystery-model-9000", usage(1_000, 1_000, 0, 0), AT);

    assertThat(cost).isEqualTo(Cost.UNPRICED);
    assertThat(cost.usd()).isZero();
    assertThat(cost.priced()).isFalse();
    assertThat(cost.priceVersion()).isNull();
  }

  @Test
  void requestsWithoutAModelAreUnpriced() {
    assertThat(TABLE.cost(null, null, Usage.NONE, AT)).isEqualTo(Cost.UNPRICED);
  }

  @Test
  void tinyCostsKeepFullPrecisionUntilStorage() {
    Cost cost = TABLE.cost("openai", "embed", usage(1, 0, 0, 0), AT);

    assertThat(cost.usd()).isEqualByComparingTo("0.00000002");
    assertThat(TABLE.cost("openai", "cheap", usage(0, 0, 1, 0), AT).usd())
        .isEqualByComparingTo("0");
    assertThat(TABLE.cost("openai", "cheap", usage(1, 0, 1, 0), AT).usd().toPlainString())
        .isEqualTo("0.000000075");
  }

  @Test
  void oneMillionSmallRequestsSumExactlyInBigDecimalAndInNanos() {
    Usage sevenPromptTokens = usage(7, 0, 0, 0);
    BigDecimal total = BigDecimal.ZERO;
    long totalNanos = 0;
    for (int request = 0; request < 1_000_000; request++) {
      Cost cost = TABLE.cost("openai", "cheap", sevenPromptTokens, AT);
      total = total.add(cost.usd());
      totalNanos += Money.toNanos(cost.usd());
    }

    assertThat(total).isEqualByComparingTo("1.05");
    assertThat(totalNanos).isEqualTo(1_050_000_000L);
    assertThat(Money.fromNanos(totalNanos)).isEqualByComparingTo(total);
  }

  static Stream<Arguments> inconsistent() {
    return Stream.of(
        Arguments.of("negative", new BigDecimal("-1"), true, "v1"),
        Arguments.of("priced without version", BigDecimal.ONE, true, null),
        Arguments.of("unpriced with a cost", BigDecimal.ONE, false, null),
        Arguments.of("unpriced with a version", BigDecimal.ZERO, false, "v1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistent")
  void inconsistentCostsAreRejected(
      String description, BigDecimal usd, boolean priced, String version) {
    assertThatThrownBy(() -> new Cost(usd, priced, version))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
