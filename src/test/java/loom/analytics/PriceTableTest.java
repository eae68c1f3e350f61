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

class PriceTableTest {
  private static PriceConfig price(String provider, String model, String input, String output) {
    return new PriceConfig(provider, model, new BigDecimal(input), new BigDecimal(output), null);
  }

  private static final PriceTable TABLE = new PriceTable(Stream.of(
      price("*", "gpt-4o", "2.50", "10"),
      price("*", "gpt-4o-mini", "0.15", "0.60"),
      price("azure", "gpt-4o", "2.75", "11"),
      price("azure", "gpt", "9", "9"),
      price("*", "o3", "2", "8"),
      price("*", "o3-mini", "1.10", "4.40")).map(Price::from).toList());

  static Stream<Arguments> lookups() {
    return Stream.of(
        Arguments.of("exact name", "openai", "gpt-4o", "*", "gpt-4o"),
        Arguments.of("dated snapshot takes its family", "openai", "gpt-4o-2024-08-06", "*", "gpt-4o"),
        Arguments.of("longest prefix wins", "openai", "gpt-4o-mini-2024-07-18", "*", "gpt-4o-mini"),
        Arguments.of("o3-mini is not o3", "openai", "o3-mini-2025-01-31", "*", "o3-mini"),
        Arguments.of("provider-specific beats * at equal length", "azure", "gpt-4o-2024-08-06", "azure", "gpt-4o"),
        Arguments.of("longer * prefix beats shorter provider-specific", "azure", "gpt-4o-mini", "*", "gpt-4o-mini"),
        Arguments.of("provider-specific catch-all", "azure", "gpt-3.5-turbo", "azure", "gpt"),
        Arguments.of("unknown provider still gets *", null, "gpt-4o", "*", "gpt-4o"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lookups")
  void findsTheLongestMatchingPrefixThenTheProviderSpecificEntry(String description, String providerId,
                                                                String model, String expectedProvider,
                                                                String expectedModel) {
    assertThat(TABLE.find(providerId, model))
        .hasValueSatisfying(price -> {
          assertThat(price.provider()).isEqualTo(expectedProvider);
          assertThat(price.model()).isEqualTo(expectedModel);
        });
  }

  static Stream<Arguments> misses() {
    return Stream.of(
        Arguments.of("unknown model", "openai", "mystery-model"),
        Arguments.of("a name shorter than every prefix", "openai", "gpt-4"),
        Arguments.of("another provider's entry", "openai", "gpt-3.5-turbo"),
        Arguments.of("provider/ prefix is the caller's to strip", "openai", "openai/gpt-4o"),
        Arguments.of("no model at all", "openai", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misses")
  void leavesModelsWithoutAMatchingEntryUnpriced(String description, String providerId, String model) {
    assertThat(TABLE.find(providerId, model)).isEmpty();
  }

  @Test
  void configuredEntriesReplaceTheBuiltInOneAndAddNewOnes() {
    PriceTable table = PriceTable.load(List.of(
        new PriceConfig("*", "gpt-4o-mini", new BigDecimal("0.10"), new BigDecimal("0.40"), null),
        price("local", "llama-3", "0", "0")));

    assertThat(table.find("openai", "gpt-4o-mini")).hasValueSatisfying(price -> {
      assertThat(price.input()).isEqualByComparingTo("0.10");
      assertThat(price.cachedInput()).isNull();
    });
    assertThat(table.find("local", "llama-3-8b")).isPresent();
    assertThat(table.find("openai", "gpt-4o")).hasValueSatisfying(
        price -> assertThat(price.input()).isEqualByComparingTo("2.50"));
    assertThat(table.entries()).filteredOn(price -> price.model().equals("gpt-4o-mini")).hasSize(1);
    assertThat(table.entries()).hasSize(PriceTable.load(List.of()).entries().size() + 1);
  }

  @Test
  void aProviderSpecificEntryAddsBesideTheBuiltInAnyProviderOne() {
    PriceTable table = PriceTable.load(List.of(price("azure", "gpt-4o-mini", "0.165", "0.66")));

    assertThat(table.find("azure", "gpt-4o-mini").map(Price::input)).hasValue(new BigDecimal("0.165"));
    assertThat(table.find("openai", "gpt-4o-mini").map(Price::input)).hasValue(new BigDecimal("0.15"));
  }

  @Test
  void twoConfiguredEntriesForTheSameModelFailTheDeploy() {
    List<PriceConfig> configured = List.of(price("openai", "gpt-4o", "1", "1"), price("openai", "gpt-4o", "2", "2"));

    assertThatThrownBy(() -> PriceTable.load(configured))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pricing[1]")
        .hasMessageContaining("pricing[0]");
  }

  @Test
  void aNegativeConfiguredPriceFailsTheDeployNamingTheEntry() {
    List<PriceConfig> configured = List.of(price("openai", "gpt-4o", "-1", "1"));

    assertThatThrownBy(() -> PriceTable.load(configured))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pricing[0]")
        .hasMessageContaining("zero or more");
  }

  @Test
  void equalTablesHaveTheSameVersionWhateverTheOrderAndNotation() {
    PriceTable first = PriceTable.load(List.of(price("a", "m1", "0.60", "1"), price("a", "m2", "2", "3")));
    PriceTable second = PriceTable.load(List.of(price("a", "m2", "2.0", "3.00"), price("a", "m1", "0.6", "1")));

    assertThat(first.version()).isEqualTo(second.version()).matches("[0-9a-f]{12}");
    assertThat(PriceTable.load(List.of()).version()).isEqualTo(PriceTable.load(List.of()).version());
  }

  @Test
  void anyPriceChangeGivesANewVersion() {
    String base = PriceTable.load(List.of()).version();

    assertThat(List.of(
        PriceTable.load(List.of(price("*", "gpt-4o-mini", "0.15", "0.61"))).version(),
        PriceTable.load(List.of(new PriceConfig("*", "gpt-4o-mini", new BigDecimal("0.15"),
            new BigDecimal("0.60"), null))).version(),
        PriceTable.load(List.of(price("local", "llama", "0", "0"))).version(),
        PriceTable.load(List.of(price("openai", "gpt-4o-mini", "0.15", "0.60"))).version()))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void overridingWithTheSamePriceKeepsTheVersion() {
    PriceTable same = PriceTable.load(List.of(new PriceConfig("*", "gpt-4o-mini", new BigDecimal("0.150"),
        new BigDecimal("0.6"), new BigDecimal("0.0750"))));

    assertThat(same.version()).isEqualTo(PriceTable.load(List.of()).version());
  }

  @Test
  void entriesAreListedInLookupOrder() {
    assertThat(TABLE.entries()).extracting(price -> price.provider() + ":" + price.model()).containsExactly(
        "*:gpt-4o-mini", "*:o3-mini", "azure:gpt-4o", "*:gpt-4o", "azure:gpt", "*:o3");
  }

  @Test
  void entriesCannotBeModified() {
    assertThatThrownBy(() -> TABLE.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void listsOnlyModelsAnEntryNamesExactly() {
    PriceTable table = PriceTable.load(List.of());

    assertThat(table.lists("openai", "gpt-4o-mini")).isTrue();
    assertThat(table.lists("openai", "gpt-4o-mini-junk-123")).as("priced by prefix, not listed").isFalse();
    assertThat(table.find("openai", "gpt-4o-mini-junk-123")).isPresent();
    assertThat(table.lists("openai", null)).isFalse();
  }
}
