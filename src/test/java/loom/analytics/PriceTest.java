package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceTest {
  private static final BigDecimal ONE = BigDecimal.ONE;
  private static final BigDecimal NEGATIVE = new BigDecimal("-0.01");

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "negative input",
            "*",
            "gpt-x",
            NEGATIVE,
            ONE,
            null,
            "input of 'gpt-x' must be a price"),
        Arguments.of(
            "negative output",
            "*",
            "gpt-x",
            ONE,
            NEGATIVE,
            null,
            "output of 'gpt-x' must be a price"),
        Arguments.of(
            "negative cached_input",
            "*",
            "gpt-x",
            ONE,
            ONE,
            NEGATIVE,
            "cached_input of 'gpt-x' must be"),
        Arguments.of("missing input", "*", "gpt-x", null, ONE, null, "input of 'gpt-x' is missing"),
        Arguments.of(
            "missing output", "*", "gpt-x", ONE, null, null, "output of 'gpt-x' is missing"),
        Arguments.of("blank model", "*", " ", ONE, ONE, null, "model must be a non-blank name"),
        Arguments.of("missing model", "*", null, ONE, ONE, null, "model must be a non-blank name"),
        Arguments.of(
            "model with spaces around",
            "*",
            " gpt-x",
            ONE,
            ONE,
            null,
            "model must be a non-blank name"),
        Arguments.of(
            "missing provider",
            null,
            "gpt-x",
            ONE,
            ONE,
            null,
            "provider must be a non-blank name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedEntriesFailLoudlyNamingWhatIsWrong(
      String description,
      String provider,
      String model,
      BigDecimal input,
      BigDecimal output,
      BigDecimal cachedInput,
      String message) {
    assertThatThrownBy(() -> new Price(provider, model, input, output, cachedInput))
        .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
        .hasMessageContaining(message);
  }

  @Test
  void freeModelsArePricedAtZero() {
    Price free =
        new Price("demo", "demo-embedding", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    assertThat(free.input()).isZero();
  }

  @Test
  void cachedTokensCostTheInputPriceWhenTheVendorHasNoCachedPrice() {
    assertThat(new Price("*", "m", new BigDecimal("0.50"), ONE, null).cachedInputOrInput())
        .isEqualByComparingTo("0.50");
    assertThat(
            new Price("*", "m", new BigDecimal("0.50"), ONE, new BigDecimal("0.05"))
                .cachedInputOrInput())
        .isEqualByComparingTo("0.05");
  }

  static Stream<Arguments> matching() {
    return Stream.of(
        Arguments.of("*", "gpt-4o", "openai", "gpt-4o-2024-08-06", true),
        Arguments.of("*", "gpt-4o", null, "gpt-4o", true),
        Arguments.of("openai", "gpt-4o", "openai", "gpt-4o", true),
        Arguments.of("openai", "gpt-4o", "azure", "gpt-4o", false),
        Arguments.of("openai", "gpt-4o", null, "gpt-4o", false),
        Arguments.of("*", "gpt-4o", "openai", "gpt-4", false),
        Arguments.of("*", "gpt-4o", "openai", "GPT-4o", false));
  }

  @ParameterizedTest(name = "{0}:{1} prices {2}:{3} = {4}")
  @MethodSource("matching")
  void matchesItsProviderOrAnyAndModelsStartingWithItsPrefix(
      String provider, String prefix, String providerId, String model, boolean expected) {
    assertThat(new Price(provider, prefix, ONE, ONE, null).matches(providerId, model))
        .isEqualTo(expected);
  }
}
