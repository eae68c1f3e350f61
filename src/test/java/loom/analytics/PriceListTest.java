package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceListTest {
  /** A small list in the shipped form; single quotes stand for double ones. */
  static final String FIXTURE =
      """
      {'header': {'source_commit': '0123456789abcdef', 'source_date': '2026-01-02'},
       'providers': [
        {'id': 'anthropic', 'api_pattern': 'https://api[.]anthropic[.]com', 'provider_match': {'contains': 'anthropic'},
         'model_match': {'contains': 'claude'}, 'models': [
          {'id': 'claude-x', 'match': {'or': [{'starts_with': 'claude-x'}, {'equals': 'claude-x-latest'}]},
           'prices': [{'input_mtok': 1, 'output_mtok': 2}]}]},
        {'id': 'openai', 'api_pattern': 'https://api[.]openai[.]com', 'provider_match': {'contains': 'openai'},
         'model_match': {'or': [{'starts_with': 'gpt-'}, {'regex': '^o[134]'}]}, 'models': [
          {'id': 'gpt-y', 'match': {'equals': 'gpt-y'}, 'prices': [{'input_mtok': 3, 'cache_read_mtok': 0.3,
           'output_mtok': 4}]}]},
        {'id': 'azure', 'api_pattern': '(https?://)?([^.]*[.])?openai[.]azure[.]com',
         'fallback_model_providers': ['openai', 'anthropic'], 'models': [
          {'id': 'gpt-z', 'match': {'equals': 'gpt-z'}, 'prices': [{}]}]},
        {'id': 'deepseek', 'api_pattern': 'https://api[.]deepseek[.]com', 'model_match': {'contains': 'deepseek'},
         'models': []},
        {'id': 'fireworks', 'api_pattern': 'https://api[.]fireworks[.]ai',
         'model_match': {'starts_with': 'accounts/fireworks/models/'}, 'models': [
          {'id': 'deepseek-v3', 'match': {'equals': 'accounts/fireworks/models/deepseek-v3'},
           'prices': [{'input_mtok': 0.9, 'output_mtok': 0.9}]}]}]}
      """;

  static final PriceList LIST = read(FIXTURE);

  @Test
  void theShippedListLoadsWithEveryProvider() {
    PriceList shipped = PriceList.load();

    assertThat(shipped.providers())
        .extracting(PriceListProvider::id)
        .contains(
            "openai",
            "anthropic",
            "google",
            "azure",
            "aws",
            "mistral",
            "groq",
            "openrouter",
            "x-ai");
    assertThat(shipped.modelCount()).isGreaterThan(1_000);
    assertThat(shipped.source()).startsWith("genai-prices ").contains(", commit ");
    assertThat(shipped.fingerprint())
        .matches("[0-9a-f]{64}")
        .isEqualTo(PriceList.load().fingerprint());
  }

  @Test
  void theHeaderSaysWhereThePricesComeFrom() {
    assertThat(LIST.source()).isEqualTo("genai-prices 2026-01-02, commit 01234567");
    assertThat(LIST.modelCount()).isEqualTo(4);
  }

  static Stream<Arguments> providerNames() {
    return Stream.of(
        Arguments.of("by id", "anthropic", "anthropic"),
        Arguments.of("by id, any case and spaces", " OpenAI ", "openai"),
        Arguments.of("by provider_match", "my-anthropic-proxy", "anthropic"),
        Arguments.of("unknown", "vllm", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providerNames")
  void findsAProviderByIdThenByItsProviderMatch(String description, String name, String expected) {
    assertThat(LIST.findProvider(name).map(PriceListProvider::id))
        .isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> baseUrls() {
    return Stream.of(
        Arguments.of("https://api.anthropic.com/v1", "anthropic"),
        Arguments.of("HTTPS://API.OpenAI.com/v1", "openai"),
        Arguments.of("https://my-resource.openai.azure.com/openai/v1", "azure"),
        Arguments.of("http://127.0.0.1:11434/v1", null),
        Arguments.of("https://proxy.example.com/https://api.openai.com", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("baseUrls")
  void findsTheProviderServingABaseUrlByItsApiPatternAtTheStart(String baseUrl, String expected) {
    assertThat(LIST.findProviderServing(URI.create(baseUrl)).map(PriceListProvider::id))
        .isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> modelsOfAProvider() {
    return Stream.of(
        Arguments.of("its own model", "azure", "gpt-z", "gpt-z"),
        Arguments.of("a fallback provider's", "azure", "gpt-y", "gpt-y"),
        Arguments.of("the second fallback's", "azure", "claude-x-2026", "claude-x"),
        Arguments.of("no fallback without fallback_model_providers", "openai", "claude-x", null),
        Arguments.of("names compare without case", "openai", "GPT-Y", "gpt-y"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelsOfAProvider")
  void findsAModelInItsProviderThenInTheProvidersItFallsBackTo(
      String description, String provider, String model, String expected) {
    PriceListProvider owner = LIST.findProvider(provider).orElseThrow();

    assertThat(LIST.findModel(owner, MatchRule.lower(model)).map(PriceListModel::id))
        .isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> bareNames() {
    return Stream.of(
        Arguments.of("claude → anthropic", "claude-x-20260101", "claude-x"),
        Arguments.of("gpt- → openai", "gpt-y", "gpt-y"),
        Arguments.of(
            "on past a provider that accepts the name but lacks it",
            "accounts/fireworks/models/deepseek-v3",
            "deepseek-v3"),
        Arguments.of("a provider's model_match alone is not a price", "gpt-unknown", null),
        Arguments.of("no provider claims it", "llama-3.1-8b", null),
        Arguments.of("a model only azure lists is not found by name", "gpt-z", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bareNames")
  void findsAModelByNameAtTheProvidersWhoseModelMatchAcceptsIt(
      String description, String model, String expected) {
    assertThat(LIST.findModelByName(MatchRule.lower(model)).map(PriceListModel::id))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void aModelsExactNamesAreItsEqualsValuesAndItsId() {
    PriceListModel claude = LIST.findModelByName("claude-x").orElseThrow();

    assertThat(claude.exactNames()).containsExactlyInAnyOrder("claude-x-latest", "claude-x");
  }

  @Test
  void missingKindsCostNothingAndMissingCachePricesAreInput() {
    PriceSet free =
        LIST.findModel(LIST.findProvider("azure").orElseThrow(), "gpt-z")
            .orElseThrow()
            .prices()
            .at(Instant.EPOCH);
    PriceSet gptY = LIST.findModelByName("gpt-y").orElseThrow().prices().at(Instant.EPOCH);

    assertThat(free.isFree()).isTrue();
    assertThat(gptY.cacheReadOrInput().base()).isEqualByComparingTo("0.3");
    assertThat(gptY.cacheWrite()).isNull();
    assertThat(gptY.perThousandRequests()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  static Stream<Arguments> malformed() {
    String model =
        "{'id': 'p', 'api_pattern': 'x', 'models': [{'id': 'm', 'match': {'equals': 'm'}, 'prices': [%s]}]}";
    return Stream.of(
        Arguments.of(
            "a price kind the gateway does not charge",
            list(model.formatted("{'input_audio_mtok': 1}")),
            "provider 'p': model 'm': unknown key 'input_audio_mtok' in a price set"),
        Arguments.of(
            "a negative price",
            list(model.formatted("{'input_mtok': -1}")),
            "model 'm': input_mtok must be zero or more"),
        Arguments.of(
            "a price that is text",
            list(model.formatted("{'output_mtok': '2'}")),
            "output_mtok must be a number"),
        Arguments.of(
            "a tier starting at a fraction",
            list(
                model.formatted(
                    "{'input_mtok': {'base': 1, 'tiers': [{'start': 1.5, 'price': 2}]}}")),
            "whole number of tokens"),
        Arguments.of(
            "a date and a window",
            list(
                model.formatted(
                    "{'start_date': '2026-01-01', 'start_time': '00:00:00Z', 'end_time': '01:00:00Z'}")),
            "not both"),
        Arguments.of(
            "a bad date",
            list(model.formatted("{'start_date': '2026-13-01'}")),
            "bad date or time"),
        Arguments.of("no prices", list(model.formatted("")), "at least one set of prices"),
        Arguments.of(
            "a fallback the list lacks",
            list(
                "{'id': 'p', 'api_pattern': 'x', "
                    + "'fallback_model_providers': ['q'], 'models': []}"),
            "falls back to 'q'"),
        Arguments.of(
            "a provider twice",
            list(
                "{'id': 'p', 'api_pattern': 'x', 'models': []}, "
                    + "{'id': 'p', 'api_pattern': 'y', 'models': []}"),
            "two providers 'p'"),
        Arguments.of("no providers", "{'header': {}}", "needs a \"providers\" list"),
        Arguments.of("not JSON", "{'providers': [", "is not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedListFailsNamingWhereAndWhat(String description, String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("test.json")
        .hasMessageContaining(message);
  }

  private static String list(String providers) {
    return "{'header': {}, 'providers': [" + providers + "]}";
  }

  static PriceList read(String singleQuoted) {
    return PriceListReader.read(
        singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8), "test.json");
  }
}
