package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import loom.config.ConfigException;
import loom.config.PriceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfiguredPricesTest {
  private static final ConfiguredPrices TABLE =
      ConfiguredPrices.of(
          List.of(
              price("*", "gpt-4o", "2.50", "10"),
              price("*", "gpt-4o-mini", "0.15", "0.60"),
              price("azure", "gpt-4o", "2.75", "11"),
              price("azure", "gpt", "9", "9"),
              price("*", "o3", "2", "8"),
              price("*", "o3-mini", "1.10", "4.40")));

  static Stream<Arguments> lookups() {
    return Stream.of(
        Arguments.of("exact name", "openai", "gpt-4o", "*", "gpt-4o"),
        Arguments.of(
            "dated snapshot takes its family", "openai", "gpt-4o-2024-08-06", "*", "gpt-4o"),
        Arguments.of("longest prefix wins", "openai", "gpt-4o-mini-2024-07-18", "*", "gpt-4o-mini"),
        Arguments.of("o3-mini is not o3", "openai", "o3-mini-2025-01-31", "*", "o3-mini"),
        Arguments.of(
            "provider-specific beats * at equal length",
            "azure",
            "gpt-4o-2024-08-06",
            "azure",
            "gpt-4o"),
        Arguments.of(
            "longer * prefix beats shorter provider-specific",
            "azure",
            "gpt-4o-mini",
            "*",
            "gpt-4o-mini"),
        Arguments.of("provider-specific catch-all", "azure", "gpt-3.5-turbo", "azure", "gpt"),
        Arguments.of("unknown provider still gets *", null, "gpt-4o", "*", "gpt-4o"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookups")
  void findsTheLongestMatchingPrefixThenTheProviderSpecificEntry(
      String description,
      String providerId,
      String model,
      String expectedProvider,
      String expectedModel) {
    assertThat(TABLE.find(providerId, model))
        .hasValueSatisfying(
            price -> {
              assertThat(price.provider()).isEqualTo(expectedProvider);
              assertThat(price.model()).isEqualTo(expectedModel);
            });
  }

  static Stream<Arguments> misses() {
    return Stream.of(
        Arguments.of("unknown model", "openai", "mystery-model"),
        Arguments.of("a name shorter than every prefix", "openai", "gpt-4"),
        Arguments.of("another provider's entry", "openai", "gpt-3.5-turbo"),
        Arguments.of("provider/ prefix is the caller's to strip", "openai", "openai/gpt-4o"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misses")
  void leavesModelsWithoutAMatchingEntryToThePriceList(
      String description, String providerId, String model) {
    assertThat(TABLE.find(providerId, model)).isEmpty();
  }

  @Test
  void namesOnlyModelsAnEntryNamesExactly() {
    assertThat(TABLE.names("openai", "gpt-4o-mini")).isTrue();
    assertThat(TABLE.names("azure", "gpt")).isTrue();
    assertThat(TABLE.names("openai", "gpt")).isFalse();
    assertThat(TABLE.names("openai", "gpt-4o-mini-junk-123"))
        .as("priced by prefix, not named")
        .isFalse();
  }

  @Test
  void twoEntriesForTheSameModelFailTheDeploy() {
    List<PriceConfig> configured =
        List.of(price("openai", "gpt-4o", "1", "1"), price("openai", "gpt-4o", "2", "2"));

    assertThatThrownBy(() -> ConfiguredPrices.of(configured))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pricing[1]")
        .hasMessageContaining("pricing[0]");
  }

  @Test
  void aNegativePriceFailsTheDeployNamingTheEntry() {
    assertThatThrownBy(() -> ConfiguredPrices.of(List.of(price("openai", "gpt-4o", "-1", "1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pricing[0]")
        .hasMessageContaining("zero or more");
  }

  @Test
  void entriesAreListedInLookupOrderAndCannotBeModified() {
    assertThat(TABLE.entries())
        .extracting(price -> price.provider() + ":" + price.model())
        .containsExactly(
            "*:gpt-4o-mini", "*:o3-mini", "azure:gpt-4o", "*:gpt-4o", "azure:gpt", "*:o3");
    assertThatThrownBy(() -> TABLE.entries().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theCanonicalFormIgnoresOrderAndNotation() {
    ConfiguredPrices first =
        ConfiguredPrices.of(List.of(price("a", "m1", "0.60", "1"), price("a", "m2", "2", "3")));
    ConfiguredPrices second =
        ConfiguredPrices.of(List.of(price("a", "m2", "2.0", "3.00"), price("a", "m1", "0.6", "1")));

    assertThat(first.canonical()).isEqualTo(second.canonical());
  }

  static PriceConfig price(String provider, String model, String input, String output) {
    return new PriceConfig(provider, model, new BigDecimal(input), new BigDecimal(output), null);
  }
}
