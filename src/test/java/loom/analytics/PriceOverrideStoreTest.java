package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The run-time prices on a real SQLite file and a real PostgreSQL database. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class PriceOverrideStoreTest {
  static final Instant CHANGED = Instant.parse("2026-09-01T08:30:00.123Z");
  static final Instant SEPTEMBER = Instant.parse("2026-09-01T00:00:00Z");

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private StorageConfig config;
  private PriceOverrideStore prices;

  @BeforeEach
  void emptyStore() {
    config = stores.migrated(dialect);
    prices = new PriceOverrideStore(stores.open(config));
  }

  static PriceOverride price(
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
        CHANGED);
  }

  @Test
  void aPriceComesBackExactlyWithWhoSetItAndWhen() {
    PriceOverride tiny =
        new PriceOverride(
            "openai",
            "ft:gpt-4o:acme/v2",
            SEPTEMBER,
            new BigDecimal("0.000000001"),
            new BigDecimal("12.5"),
            new BigDecimal("0.075"),
            new BigDecimal("3.75"),
            "usr_ada",
            "ada",
            CHANGED);
    PriceOverride always = price("demo", "demo-chat", null, "0", "0.6");

    assertThat(prices.save(tiny)).isTrue();
    assertThat(prices.save(always)).isTrue();

    PriceOverride found = prices.find("openai", "ft:gpt-4o:acme/v2", SEPTEMBER).orElseThrow();
    assertThat(found.input()).isEqualByComparingTo("0.000000001");
    assertThat(found.output()).isEqualByComparingTo("12.5");
    assertThat(found.cacheRead()).isEqualByComparingTo("0.075");
    assertThat(found.cacheWrite()).isEqualByComparingTo("3.75");
    assertThat(found.effectiveFrom()).isEqualTo(SEPTEMBER);
    assertThat(found.changedBy()).isEqualTo("usr_ada");
    assertThat(found.changedByName()).isEqualTo("ada");
    assertThat(found.changedAt()).isEqualTo(CHANGED);
    PriceOverride foundAlways = prices.find("demo", "demo-chat", null).orElseThrow();
    assertThat(foundAlways.effectiveFrom()).isNull();
    assertThat(foundAlways.cacheRead()).isNull();
    assertThat(foundAlways.cacheWrite()).isNull();
    assertThat(prices.find("demo", "demo-chat", SEPTEMBER)).isEmpty();
    assertThat(prices.find("openai", "ft:gpt-4o:acme/v2", null)).isEmpty();
  }

  @Test
  void theSameModelAndStartIsReplacedWhileAnotherStartIsItsHistory() {
    assertThat(prices.save(price("openai", "gpt-4o", null, "2.5", "10"))).isTrue();
    assertThat(prices.save(price("openai", "gpt-4o", SEPTEMBER, "2", "8"))).isTrue();

    assertThat(prices.save(price("openai", "gpt-4o", null, "3", "12"))).isFalse();

    assertThat(prices.count("openai", "gpt-4o")).isEqualTo(2);
    assertThat(prices.page("openai", "gpt-4o", 10, 0))
        .extracting(PriceOverride::effectiveFrom, PriceOverride::input)
        .containsExactly(tuple(null, new BigDecimal("3")), tuple(SEPTEMBER, new BigDecimal("2")));
  }

  @Test
  void pagesAreOrderedByProviderModelAndStartAndFilterByEither() {
    prices.save(price("openai", "gpt-4o", SEPTEMBER, "2", "8"));
    prices.save(price("openai", "gpt-4o", null, "2.5", "10"));
    prices.save(price("demo", "gpt-4o", null, "1", "1"));
    prices.save(price("openai", "a-model", null, "1", "1"));

    assertThat(prices.page(null, null, 10, 0))
        .extracting(p -> p.providerId() + " " + p.model() + " " + p.effectiveFrom())
        .containsExactly(
            "demo gpt-4o null",
            "openai a-model null",
            "openai gpt-4o null",
            "openai gpt-4o " + SEPTEMBER);
    assertThat(prices.page(null, null, 2, 1))
        .extracting(PriceOverride::model)
        .containsExactly("a-model", "gpt-4o");
    assertThat(prices.page("openai", null, 10, 0)).hasSize(3);
    assertThat(prices.page(null, "gpt-4o", 10, 0)).hasSize(3);
    assertThat(prices.count(null, null)).isEqualTo(4);
    assertThat(prices.count("demo", null)).isEqualTo(1);
    assertThat(prices.count(null, "a-model")).isEqualTo(1);
  }

  @Test
  void everyChangeMovesTheRevisionAndDeletingNothingDoesNot() {
    long start = prices.revision();
    prices.save(price("openai", "gpt-4o", null, "2.5", "10"));
    long afterSave = prices.revision();
    prices.save(price("openai", "gpt-4o", null, "2.5", "10"));
    long afterSameSave = prices.revision();

    assertThat(prices.delete("openai", "gpt-4o", SEPTEMBER)).isFalse();
    long afterNothing = prices.revision();
    assertThat(prices.delete("openai", "gpt-4o", null)).isTrue();

    assertThat(afterSave).isGreaterThan(start);
    assertThat(afterSameSave).isGreaterThan(afterSave);
    assertThat(afterNothing).isEqualTo(afterSameSave);
    assertThat(prices.revision()).isGreaterThan(afterNothing);
    assertThat(prices.find("openai", "gpt-4o", null)).isEmpty();
  }

  @Test
  void aDeleteRemovesThatStartOnly() {
    prices.save(price("openai", "gpt-4o", null, "2.5", "10"));
    prices.save(price("openai", "gpt-4o", SEPTEMBER, "2", "8"));

    assertThat(prices.delete("openai", "gpt-4o", SEPTEMBER)).isTrue();

    assertThat(prices.load().prices())
        .extracting(PriceOverride::effectiveFrom)
        .containsExactly((Instant) null);
  }

  @Test
  void anotherGatewayOnTheSameStoreLoadsWhatThisOneSaved() {
    PriceOverrideStore otherNode = new PriceOverrideStore(stores.open(config));
    long before = otherNode.load().revision();

    prices.save(price("openai", "gpt-4o", null, "2.5", "10"));

    PriceOverrideStore.Loaded loaded = otherNode.load();
    assertThat(loaded.revision()).isGreaterThan(before).isEqualTo(prices.revision());
    assertThat(loaded.prices()).extracting(PriceOverride::model).containsExactly("gpt-4o");
  }

  @Test
  void theStoreRefusesANegativePriceEvenIfCodeGetsPastTheRecord() {
    Store store = stores.open(config);

    assertThatThrownBy(
            () ->
                store.write(
                    handle ->
                        handle
                            .createUpdate(
                                "INSERT INTO price_overrides (provider_id,"
                                    + " model, effective_from, input_nanos_per_mtok, output_nanos_per_mtok, changed_by, changed_by_name,"
                                    + " changed_at) VALUES ('openai', 'gpt-4o', 0, -1, 0, 'u', 'u', 0)")
                            .execute()))
        .hasMessageContaining("input_nanos_per_mtok");
    assertThat(prices.count(null, null)).isZero();
  }
}
