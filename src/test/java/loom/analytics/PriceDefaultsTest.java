package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceDefaultsTest {
  private static final PriceTable DEFAULTS = PriceTable.load(List.of());

  @Test
  void theShippedListLoadsWithGpt4oMiniAtItsListPrice() {
    assertThat(DEFAULTS.find("openai", "gpt-4o-mini")).hasValue(new Price("*", "gpt-4o-mini",
        new BigDecimal("0.15"), new BigDecimal("0.60"), new BigDecimal("0.075")));
  }

  static Stream<Arguments> shipped() {
    return Stream.of(
        Arguments.of("openai", "gpt-4o-2024-08-06", "gpt-4o", "2.50", "10.00", "1.25"),
        Arguments.of("openai", "gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", "0.10", "0.40", "0.025"),
        Arguments.of("openai", "o4-mini", "o4-mini", "1.10", "4.40", "0.275"),
        Arguments.of("openai", "text-embedding-3-small", "text-embedding-3-small", "0.02", "0", null),
        Arguments.of("anthropic", "claude-3-5-haiku-20241022", "claude-3-5-haiku", "0.80", "4.00", "0.08"),
        Arguments.of("anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4", "3.00", "15.00", "0.30"),
        Arguments.of("mistral", "mistral-large-latest", "mistral-large", "2.00", "6.00", null),
        Arguments.of("demo", "demo-chat", "demo-chat", "0.15", "0.60", null),
        Arguments.of("demo", "demo-embedding", "demo-embedding", "0.02", "0", null));
  }

  @ParameterizedTest(name = "{0}:{1}")
  @MethodSource("shipped")
  void theShippedListPricesCommonModels(String providerId, String model, String prefix, String input, String output,
                                         String cachedInput) {
    Price price = DEFAULTS.find(providerId, model).orElseThrow();

    assertThat(price.model()).isEqualTo(prefix);
    assertThat(price.input()).isEqualByComparingTo(input);
    assertThat(price.output()).isEqualByComparingTo(output);
    assertThat(price.cachedInput()).isEqualTo(cachedInput == null ? null : new BigDecimal(cachedInput));
  }

  @Test
  void theDemoModelsArePricedOnlyOnTheDemoProvider() {
    assertThat(DEFAULTS.find("openai", "demo-chat")).isEmpty();
  }

  @Test
  void theVersionOfTheShippedListIsStableAcrossLoads() {
    assertThat(PriceTable.load(List.of()).version()).isEqualTo(DEFAULTS.version());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("negative price", "- { model: a, input: 1, output: 1 }\n- { model: b, input: -1, output: 1 }",
            "entry 1: input of 'b' must be a price"),
        Arguments.of("missing output", "- { model: a, input: 1 }", "entry 0: output of 'a' is missing"),
        Arguments.of("missing model", "- { input: 1, output: 1 }", "entry 0: model must be a non-blank name"),
        Arguments.of("empty entry", "- { model: a, input: 1, output: 1 }\n-", "entry 1: the entry is empty"),
        Arguments.of("not a number", "- { model: a, input: cheap, output: 1 }", "cheap"),
        Arguments.of("unknown key", "- { model: a, input: 1, output: 1, cache_read: 0.1 }", "cache_read"),
        Arguments.of("not a list", "model: a", "test.yaml is not a valid price list"),
        Arguments.of("null document", "~", "test.yaml holds no price list"),
        Arguments.of("empty file", "# nothing", "test.yaml is not a valid price list"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedBuiltInListFailsLoudly(String description, String yaml, String message) {
    assertThatThrownBy(() -> PriceDefaults.parse(stream(yaml), "test.yaml")).hasMessageContaining(message);
  }

  @Test
  void builtInEntriesDefaultToAnyProvider() throws Exception {
    assertThat(PriceDefaults.parse(stream("- { model: a, input: 1, output: 2, cached_input: 0.5 }"), "test.yaml"))
        .containsExactly(new Price("*", "a", BigDecimal.ONE, new BigDecimal("2"), new BigDecimal("0.5")));
  }

  private static InputStream stream(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
  }
}
