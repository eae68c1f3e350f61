package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loom.config.PriceConfig;
import loom.config.ProviderConfig;
import loom.config.ServerConfig;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;

/** Run-time prices in the price table: they beat loom.yaml, which beats the list; their history; their version. */
class PriceTableOverridesTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final Instant SEPTEMBER = Instant.parse("2026-09-01T00:00:00Z");
  private static final Instant OCTOBER = Instant.parse("2026-10-01T00:00:00Z");
  private static final List<ProviderConfig> PROVIDERS =
      List.of(
          PriceTableTest.provider("openai", "https://api.openai.com/v1", null),
          ProviderConfig.demo(ServerConfig.defaults()));

  /** One million prompt and one million completion tokens: the cost is input + output per 1M. */
  private static final Usage MILLION_EACH = new Usage(1_000_000, 1_000_000, 2_000_000, 0, 0, true);

  private static PriceTable table(PriceConfig... configured) {
    return PriceTable.load(List.of(configured), PROVIDERS);
  }

  private static PriceConfig configured(
      String provider, String model, String input, String output) {
    return new PriceConfig(provider, model, new BigDecimal(input), new BigDecimal(output), null);
  }

  private static PriceOverride override(
      String provider, String model, Instant from, String input, String output) {
    return new PriceOverride(
        provider,
        model,
        from,
        new BigDecimal(input),
        new BigDecimal(output),
        null,
        null,
        "usr_admin",
        "admin",
        NOW);
  }

  private static PriceOverrides overrides(PriceOverride... prices) {
    return PriceOverrides.of(List.of(prices));
  }

  private static BigDecimal usd(PriceTable table, String provider, String model, Instant at) {
    return table.cost(provider, model, MILLION_EACH, at).usd();
  }

  @Test
  void aRunTimePriceBeatsLoomYamlWhichBeatsTheList() {
    PriceTable listOnly = table();
    PriceTable configuredToo = table(configured("openai", "gpt-5-mini", "1", "1"));

    // The list: gpt-5-mini at $0.25 / $2.
    assertThat(usd(listOnly, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("2.25");
    assertThat(listOnly.quote("openai", "gpt-5-mini", NOW).orElseThrow().source())
        .isEqualTo(PriceTable.Source.LIST);
    assertThat(usd(configuredToo, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("2");
    assertThat(configuredToo.quote("openai", "gpt-5-mini", NOW).orElseThrow().source())
        .isEqualTo(PriceTable.Source.CONFIG);

    listOnly.useOverrides(overrides(override("openai", "gpt-5-mini", null, "3", "4")));
    configuredToo.useOverrides(overrides(override("openai", "gpt-5-mini", null, "3", "4")));

    assertThat(usd(listOnly, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("7");
    assertThat(usd(configuredToo, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("7");
    assertThat(configuredToo.quote("openai", "gpt-5-mini", NOW).orElseThrow().source())
        .isEqualTo(PriceTable.Source.OVERRIDE);

    configuredToo.useOverrides(PriceOverrides.NONE);
    assertThat(usd(configuredToo, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("2");
  }

  @Test
  void aCallPaysTheNewestRunTimePriceStartedByItsTime() {
    PriceTable table = table();
    table.useOverrides(
        overrides(
            override("openai", "gpt-5-mini", OCTOBER, "3", "0"),
            override("openai", "gpt-5-mini", null, "1", "0"),
            override("openai", "gpt-5-mini", SEPTEMBER, "2", "0")));

    assertThat(usd(table, "openai", "gpt-5-mini", SEPTEMBER.minusMillis(1)))
        .isEqualByComparingTo("1");
    assertThat(usd(table, "openai", "gpt-5-mini", SEPTEMBER)).isEqualByComparingTo("2");
    assertThat(usd(table, "openai", "gpt-5-mini", SEPTEMBER.plusSeconds(86_400 * 14)))
        .isEqualByComparingTo("2");
    assertThat(usd(table, "openai", "gpt-5-mini", OCTOBER.minusMillis(1)))
        .isEqualByComparingTo("2");
    assertThat(usd(table, "openai", "gpt-5-mini", OCTOBER)).isEqualByComparingTo("3");
  }

  @Test
  void beforeItsFirstStartARunTimePriceLeavesTheCallToLoomYamlAndTheList() {
    PriceTable table = table(configured("openai", "gpt-5-mini", "1", "1"));
    table.useOverrides(
        overrides(
            override("openai", "gpt-5-mini", SEPTEMBER, "5", "5"),
            override("openai", "mystery-model", SEPTEMBER, "5", "5")));

    assertThat(usd(table, "openai", "gpt-5-mini", NOW)).isEqualByComparingTo("2");
    assertThat(table.quote("openai", "gpt-5-mini", NOW).orElseThrow().source())
        .isEqualTo(PriceTable.Source.CONFIG);
    assertThat(usd(table, "openai", "gpt-5-mini", SEPTEMBER)).isEqualByComparingTo("10");
    // A model nothing else prices is unpriced before the start, priced from it.
    assertThat(table.cost("openai", "mystery-model", MILLION_EACH, NOW)).isEqualTo(Cost.UNPRICED);
    assertThat(table.quote("openai", "mystery-model", NOW)).isEmpty();
    assertThat(table.cost("openai", "mystery-model", MILLION_EACH, SEPTEMBER).priced()).isTrue();
  }

  @Test
  void aRunTimePriceIsForExactlyItsProviderAndModel() {
    PriceTable table = table();
    table.useOverrides(
        overrides(
            override("openai", "gpt-4o", null, "100", "100"),
            override("openai", "Mystery", null, "1", "1")));

    assertThat(usd(table, "openai", "gpt-4o", NOW)).isEqualByComparingTo("200");
    // Not a prefix rule: gpt-4o-mini keeps its list price ($0.15 / $0.60).
    assertThat(usd(table, "openai", "gpt-4o-mini", NOW)).isEqualByComparingTo("0.75");
    // Not another provider's: the demo provider's gpt-4o is priced by name at the list's $2.50 /
    // $10.
    assertThat(usd(table, "demo", "gpt-4o", NOW)).isEqualByComparingTo("12.5");
    // Names as sent: the case counts.
    assertThat(table.isPriced("openai", "mystery", NOW)).isFalse();
    assertThat(table.isPriced("openai", "Mystery", NOW)).isTrue();
    assertThat(table.lists("openai", "Mystery")).isTrue();
  }

  @Test
  void cachedTokensCostTheCacheReadPriceOrElseInput() {
    PriceTable table = table();
    Usage halfCached = new Usage(1_000_000, 0, 1_000_000, 500_000, 0, true);
    table.useOverrides(
        overrides(
            new PriceOverride(
                "openai",
                "with-cache",
                null,
                new BigDecimal("2"),
                BigDecimal.ONE,
                new BigDecimal("0.5"),
                new BigDecimal("9"),
                "usr_admin",
                "admin",
                NOW),
            override("openai", "without-cache", null, "2", "1")));

    assertThat(table.cost("openai", "with-cache", halfCached, NOW).usd())
        .isEqualByComparingTo("1.25");
    assertThat(table.cost("openai", "without-cache", halfCached, NOW).usd())
        .isEqualByComparingTo("2");
    PriceSet prices = table.find("openai", "with-cache", NOW).orElseThrow();
    assertThat(prices.cacheWriteOrInput().base()).isEqualByComparingTo("9");
    assertThat(table.find("openai", "without-cache", NOW).orElseThrow().cacheWriteOrInput().base())
        .isEqualByComparingTo("2");
  }

  @Test
  void theVersionNamesTheRunTimePricesAndReturnsWhenTheyAreGone() {
    PriceTable table = table();
    PriceTable twin = table();
    String before = table.version();

    table.useOverrides(overrides(override("openai", "gpt-5-mini", null, "3", "4")));
    String with = table.version();
    // The same prices in another notation, on another gateway: the same version.
    twin.useOverrides(overrides(override("openai", "gpt-5-mini", null, "3.000", "4.0")));
    table.useOverrides(overrides(override("openai", "gpt-5-mini", null, "3", "4.01")));

    assertThat(with).isNotEqualTo(before).isEqualTo(twin.version());
    assertThat(table.version()).isNotEqualTo(with).isNotEqualTo(before);
    assertThat(table.cost("openai", "gpt-5-mini", MILLION_EACH, NOW).priceVersion())
        .isEqualTo(table.version());
    table.useOverrides(PriceOverrides.NONE);
    assertThat(table.version()).isEqualTo(before);
  }

  @Test
  void aNameLookedUpBeforeAChangeIsPricedByTheChangeAtOnce() {
    PriceTable table = table();
    assertThat(table.isPriced("openai", "mystery-model", NOW)).isFalse();

    table.useOverrides(overrides(override("openai", "mystery-model", null, "1", "1")));

    assertThat(usd(table, "openai", "mystery-model", NOW)).isEqualByComparingTo("2");
  }

  @Test
  void everyCostIsPricedAndVersionedByOneSetOfPricesWhileTheyChange() throws Exception {
    PriceTable table = table();
    PriceOverrides cheap = overrides(override("openai", "gpt-5-mini", null, "1", "1"));
    PriceOverrides dear = overrides(override("openai", "gpt-5-mini", null, "5", "5"));
    table.useOverrides(cheap);
    String cheapVersion = table.version();
    table.useOverrides(dear);
    String dearVersion = table.version();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<Cost>>> pricers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        pricers.add(
            pool.submit(
                () -> {
                  List<Cost> costs = new ArrayList<>();
                  for (int n = 0; n < 20_000; n++) {
                    costs.add(table.cost("openai", "gpt-5-mini", MILLION_EACH, NOW));
                  }
                  return costs;
                }));
      }
      for (int i = 0; !pricers.stream().allMatch(Future::isDone); i++) {
        table.useOverrides(i % 2 == 0 ? cheap : dear);
      }
      List<Cost> costs = new ArrayList<>();
      for (Future<List<Cost>> pricer : pricers) {
        costs.addAll(pricer.get(30, TimeUnit.SECONDS));
      }
      assertThat(costs)
          .allSatisfy(
              cost ->
                  assertThat(
                          cost.usd().compareTo(new BigDecimal("2")) == 0
                              ? cheapVersion
                              : dearVersion)
                      .isEqualTo(cost.priceVersion()));
      assertThat(costs).extracting(Cost::priceVersion).contains(cheapVersion, dearVersion);
    } finally {
      pool.shutdownNow();
    }
  }
}
