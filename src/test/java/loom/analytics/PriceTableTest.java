package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import loom.config.ConfigException;
import loom.config.PriceConfig;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import loom.config.Secret;
import loom.config.ServerConfig;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped price list as the gateway applies it (prices of genai-prices' 2026-08-21 copy). */
class PriceTableTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final List<ProviderConfig> PROVIDERS =
      List.of(
          provider("openai", "https://api.openai.com/v1", null),
          provider("anthropic", "https://api.anthropic.com/v1", null),
          provider("corp", "https://llm.corp.example/v1", "anthropic"),
          provider("azure", "https://acme.openai.azure.com/openai/v1", null),
          provider("local", "http://127.0.0.1:11434/v1", null),
          ProviderConfig.demo(ServerConfig.defaults()));
  private static final PriceTable TABLE = PriceTable.load(List.of(), PROVIDERS);

  static Stream<Arguments> listPrices() {
    return Stream.of(
        // A claude-opus-4 prefix priced these at $15 / $75; the list knows better.
        Arguments.of(
            "claude-opus-4-6 from the base URL",
            "anthropic",
            "claude-opus-4-6",
            "5",
            "0.5",
            "6.25",
            "25"),
        Arguments.of(
            "claude-opus-4.6 (dots)", "anthropic", "claude-opus-4.6", "5", "0.5", "6.25", "25"),
        Arguments.of(
            "a dated snapshot", "anthropic", "claude-opus-4-6-20260205", "5", "0.5", "6.25", "25"),
        Arguments.of(
            "named by pricing_provider", "corp", "claude-opus-4-6", "5", "0.5", "6.25", "25"),
        Arguments.of(
            "by name alone on an unknown host",
            "local",
            "claude-opus-4-6",
            "5",
            "0.5",
            "6.25",
            "25"),
        Arguments.of(
            "claude-opus-4 itself",
            "anthropic",
            "claude-opus-4-20250514",
            "15",
            "1.5",
            "18.75",
            "75"),
        Arguments.of("gpt-5-mini", "openai", "gpt-5-mini", "0.25", "0.025", "0.25", "2"),
        Arguments.of(
            "gpt-5-mini dated", "openai", "gpt-5-mini-2025-08-07", "0.25", "0.025", "0.25", "2"),
        Arguments.of("gpt-5", "openai", "gpt-5", "1.25", "0.125", "1.25", "10"),
        Arguments.of("Azure's own list", "azure", "gpt-5-mini", "0.25", "0.025", "0.25", "2"),
        Arguments.of(
            "Azure falls back to OpenAI's list",
            "azure",
            "gpt-5-nano",
            "0.05",
            "0.005",
            "0.05",
            "0.4"),
        Arguments.of(
            "the demo provider's gpt-4o-mini, by name",
            "demo",
            "gpt-4o-mini",
            "0.15",
            "0.075",
            "0.15",
            "0.6"),
        Arguments.of(
            "demo-chat stands in for gpt-4o-mini",
            "demo",
            "demo-chat",
            "0.15",
            "0.075",
            "0.15",
            "0.6"),
        Arguments.of(
            "demo-embedding for text-embedding-3-small",
            "demo",
            "demo-embedding",
            "0.02",
            "0.02",
            "0.02",
            "0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listPrices")
  void pricesModelsAtTheListPricesOfTheirProvider(
      String description,
      String providerId,
      String model,
      String input,
      String cacheRead,
      String cacheWrite,
      String output) {
    PriceSet prices = TABLE.find(providerId, model, NOW).orElseThrow();

    assertThat(prices.input().perMillion(1_000)).isEqualByComparingTo(input);
    assertThat(prices.cacheReadOrInput().perMillion(1_000)).isEqualByComparingTo(cacheRead);
    assertThat(prices.cacheWriteOrInput().perMillion(1_000)).isEqualByComparingTo(cacheWrite);
    assertThat(prices.output().perMillion(1_000)).isEqualByComparingTo(output);
  }

  static Stream<Arguments> unpriced() {
    return Stream.of(
        Arguments.of("an unknown model", "openai", "mystery-model-9000"),
        Arguments.of("an unknown model by name alone", "local", "mystery-model-9000"),
        Arguments.of("a self-hosted model", "local", "llama3.2"),
        Arguments.of(
            "a provider priced by its list is not priced at another's", "anthropic", "gpt-5-mini"),
        Arguments.of("demo-chat on another provider", "openai", "demo-chat"),
        Arguments.of("provider/ prefix is the caller's to strip", "openai", "openai/gpt-5-mini"),
        Arguments.of("no model at all", "openai", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unpriced")
  void leavesModelsNothingPricesUnpriced(String description, String providerId, String model) {
    assertThat(TABLE.find(providerId, model, NOW)).isEmpty();
    assertThat(TABLE.cost(providerId, model, usage(1_000, 1_000, 0), NOW)).isEqualTo(Cost.UNPRICED);
  }

  @Test
  void gpt5MiniCachedTokensCostTheCacheReadPrice() {
    // 600,000 uncached × 0.25 + 400,000 cached × 0.025 + 100,000 × 2, per 1M tokens.
    assertThat(TABLE.cost("openai", "gpt-5-mini", usage(1_000_000, 100_000, 400_000), NOW).usd())
        .isEqualByComparingTo("0.36");
  }

  @Test
  void claudeSonnet45PastTwoHundredThousandInputTokensPaysTheTierForAllOfThem() {
    // 250,000 × $6 + 1,000 × $22.50 (past the tier) against 150,000 × $3 + 1,000 × $15 (base).
    assertThat(TABLE.cost("anthropic", "claude-sonnet-4-5", usage(250_000, 1_000, 0), NOW).usd())
        .isEqualByComparingTo("1.5225");
    assertThat(
            TABLE
                .cost("anthropic", "claude-sonnet-4-5-20250929", usage(150_000, 1_000, 0), NOW)
                .usd())
        .isEqualByComparingTo("0.465");
    // Cached tokens count toward the size: 200,000 uncached × $6 + 50,000 cached × $0.60.
    assertThat(TABLE.cost("anthropic", "claude-sonnet-4.5", usage(250_000, 0, 50_000), NOW).usd())
        .isEqualByComparingTo("1.23");
  }

  @Test
  void claudeCacheWritesCostTheListsWritePriceAndTheOneHourOnesTwiceInput() {
    // Claude Sonnet 4.5: $3 input, $0.30 cache read, $3.75 cache write (5 minutes), $15 output per
    // 1M tokens. 1,000 uncached × $3 + 2,000 read × $0.30 + 3,000 five-minute writes × $3.75 +
    // 4,000 one-hour writes × $6 + 500 output × $15.
    Usage usage = new Usage(10_000, 500, 10_500, 2_000, 0, 7_000, 4_000, true);

    assertThat(TABLE.cost("anthropic", "claude-sonnet-4-5", usage, NOW).usd())
        .isEqualByComparingTo("0.04635");
  }

  @Test
  void aRequestIsPricedAtThePriceInForceOnItsDay() {
    Usage usage = usage(1_000_000, 1_000_000, 0);

    // o3 was cut from $10 / $40 to $2 / $8 on 2025-06-10.
    assertThat(TABLE.cost("openai", "o3", usage, Instant.parse("2025-06-09T23:59:59Z")).usd())
        .isEqualByComparingTo("50");
    assertThat(TABLE.cost("openai", "o3", usage, Instant.parse("2025-06-10T00:00:00Z")).usd())
        .isEqualByComparingTo("10");
    // Claude Sonnet 5 goes from $2 / $10 to $3 / $15 on 2026-09-01, after this copy of the list.
    assertThat(TABLE.cost("anthropic", "claude-sonnet-5", usage, NOW).usd())
        .isEqualByComparingTo("12");
    assertThat(
            TABLE
                .cost("anthropic", "claude-sonnet-5", usage, Instant.parse("2026-09-01T08:00:00Z"))
                .usd())
        .isEqualByComparingTo("18");
    // Claude Opus 4.6 lost its long-context tier on 2026-03-13.
    Usage large = usage(300_000, 0, 0);
    assertThat(
            TABLE
                .cost("anthropic", "claude-opus-4-6", large, Instant.parse("2026-03-12T12:00:00Z"))
                .usd())
        .isEqualByComparingTo("3");
    assertThat(TABLE.cost("anthropic", "claude-opus-4-6", large, NOW).usd())
        .isEqualByComparingTo("1.5");
  }

  @Test
  void aConfiguredPriceBeatsTheList() {
    PriceTable table =
        PriceTable.load(
            List.of(
                new PriceConfig("*", "gpt-5-mini", new BigDecimal("1"), new BigDecimal("3"), null),
                new PriceConfig(
                    "anthropic",
                    "claude-opus-4",
                    new BigDecimal("15"),
                    new BigDecimal("75"),
                    new BigDecimal("1.5"))),
            PROVIDERS);

    assertThat(table.cost("openai", "gpt-5-mini", usage(1_000_000, 1_000_000, 500_000), NOW).usd())
        .as("cached tokens at input: the entry has no cached_input")
        .isEqualByComparingTo("4");
    assertThat(table.find("anthropic", "claude-opus-4-6", NOW).orElseThrow().output().base())
        .isEqualByComparingTo("75");
    assertThat(table.find("corp", "claude-opus-4-6", NOW).orElseThrow().output().base())
        .as("a provider-specific entry prices only its provider")
        .isEqualByComparingTo("25");
  }

  @Test
  void anUnknownPricingProviderFailsTheDeployNamingTheKnownOnes() {
    List<ProviderConfig> providers =
        List.of(
            provider("a", "https://api.openai.com/v1", null),
            provider("b", "https://x.example/v1", "antropic"));

    assertThatThrownBy(() -> PriceTable.load(List.of(), providers))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "providers[1].pricing_provider: must be the id of a provider of the price list")
        .hasMessageContaining("anthropic, ")
        .hasMessageEndingWith("got 'antropic'");
  }

  @Test
  void aPricingProviderMayBeNamedAsGenaiPricesKnowsItToo() {
    PriceTable table =
        PriceTable.load(List.of(), List.of(provider("b", "https://x.example/v1", "bedrock")));

    assertThat(table.find("b", "anthropic.claude-sonnet-4-5-20250929-v1:0", NOW)).isPresent();
  }

  @Test
  void freeModelsArePricedButNotChargeable() {
    assertThat(TABLE.isPriced("openai", "gpt-5-mini", NOW)).isTrue();
    assertThat(TABLE.find("openai", "moderation", NOW))
        .hasValueSatisfying(prices -> assertThat(prices.isFree()).isTrue());
    assertThat(TABLE.isPriced("openai", "moderation", NOW)).isFalse();
    assertThat(TABLE.isPriced("local", "llama3.2", NOW)).isFalse();
  }

  @Test
  void listsOnlyModelsAPriceNamesExactly() {
    assertThat(TABLE.lists("openai", "gpt-4o-mini")).isTrue();
    assertThat(TABLE.lists("anthropic", "claude-opus-4-6")).isTrue();
    assertThat(TABLE.lists("anthropic", "claude-opus-4-6-junk-123"))
        .as("priced by a prefix, not listed")
        .isFalse();
    assertThat(TABLE.find("anthropic", "claude-opus-4-6-junk-123", NOW)).isPresent();
    assertThat(TABLE.lists("openai", "GPT-4o-mini"))
        .as("priced ignoring case, listed as written")
        .isFalse();
    assertThat(TABLE.lists("demo", "demo-chat")).isTrue();
    assertThat(TABLE.lists("openai", null)).isFalse();
    PriceTable configured =
        PriceTable.load(
            List.of(ConfiguredPricesTest.price("local", "llama3.2", "0", "0")), PROVIDERS);
    assertThat(configured.lists("local", "llama3.2")).isTrue();
    assertThat(configured.lists("local", "llama3.2-custom")).isFalse();
  }

  @Test
  void theVersionIsStableAcrossLoadsAndChangesWithAnyPrice() {
    String base = TABLE.version();

    assertThat(PriceTable.load(List.of(), PROVIDERS).version())
        .isEqualTo(base)
        .matches("[0-9a-f]{12}");
    assertThat(
            List.of(
                PriceTable.load(
                        List.of(ConfiguredPricesTest.price("*", "gpt-4o-mini", "0.15", "0.61")),
                        PROVIDERS)
                    .version(),
                PriceTable.load(
                        List.of(ConfiguredPricesTest.price("*", "gpt-4o-mini", "0.15", "0.6")),
                        PROVIDERS)
                    .version(),
                PriceTable.load(
                        List.of(ConfiguredPricesTest.price("local", "llama", "0", "0")), PROVIDERS)
                    .version(),
                // Another provider is priced by another list provider: prices change though no
                // number did.
                PriceTable.load(
                        List.of(),
                        List.of(provider("corp", "https://llm.corp.example/v1", "openai")))
                    .version(),
                PriceTable.load(List.of(), List.of()).version(),
                PriceTable.of(PriceListTest.LIST, List.of(), PROVIDERS.subList(5, 6)).version()))
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void equalConfigurationsHaveTheSameVersionWhateverTheOrderAndNotation() {
    PriceTable first =
        PriceTable.load(
            List.of(
                ConfiguredPricesTest.price("a", "m1", "0.60", "1"),
                ConfiguredPricesTest.price("a", "m2", "2", "3")),
            List.of());
    PriceTable second =
        PriceTable.load(
            List.of(
                ConfiguredPricesTest.price("a", "m2", "2.0", "3.00"),
                ConfiguredPricesTest.price("a", "m1", "0.6", "1")),
            List.of());

    assertThat(first.version()).isEqualTo(second.version());
  }

  @Test
  void answersStayRightPastTheNamesItKeeps() {
    PriceTable table = PriceTable.load(List.of(), PROVIDERS);
    IntStream.range(0, PriceTable.MAX_CACHED_NAMES + 10)
        .forEach(i -> assertThat(table.find("local", "made-up-" + i, NOW)).isEmpty());

    assertThat(table.find("openai", "gpt-5-mini", NOW)).isPresent();
    assertThat(table.find("local", "made-up-1", NOW)).isEmpty();
  }

  @Test
  void sharedAcrossThreadsItGivesTheSameAnswers() throws Exception {
    PriceTable table = PriceTable.load(List.of(), PROVIDERS);
    Callable<BigDecimal> pricing =
        () -> {
          BigDecimal total = BigDecimal.ZERO;
          for (int n = 0; n < 1_000; n++) {
            total =
                total.add(
                    table.cost("anthropic", "claude-opus-4-6", usage(1_000_000, 0, 0), NOW).usd());
          }
          return total;
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (Future<BigDecimal> total : pool.invokeAll(List.of(pricing, pricing, pricing, pricing))) {
        assertThat(total.get()).isEqualByComparingTo("5000");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Usage usage(long prompt, long completion, long cached) {
    return new Usage(prompt, completion, prompt + completion, cached, 0, true);
  }

  static ProviderConfig provider(String id, String baseUrl, String pricingProvider) {
    return new ProviderConfig(
        id,
        ProviderType.OPENAI,
        URI.create(baseUrl),
        new Secret(""),
        List.of(),
        Map.of(),
        ServerConfig.DEFAULT_UPSTREAM_TIMEOUT,
        ServerConfig.DEFAULT_CONNECT_TIMEOUT,
        10,
        10,
        pricingProvider,
        ProviderType.OPENAI.defaultApis());
  }
}
