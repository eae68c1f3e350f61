package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.ProviderConfig;
import loom.config.ServerConfig;
import loom.config.StorageConfig;
import loom.proxy.CacheStatus;
import loom.proxy.Usage;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Run-time prices end to end on a real store of each dialect: set, seen by every gateway, reports, repricing. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class PriceServiceTest {
  static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  static final Caller USER = new Caller("usr_bob", "bob", Role.USER, null);
  static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  static final Instant DAY = Instant.parse("2026-08-20T00:00:00Z");
  static final List<ProviderConfig> PROVIDERS =
      List.of(
          PriceTableTest.provider("openai", "https://api.openai.com/v1", null),
          PriceTableTest.provider("local", "http://127.0.0.1:11434/v1", null),
          ProviderConfig.demo(ServerConfig.defaults()));
  static final Set<String> IDS = Set.of("openai", "local", "demo");
  static final Usage MILLION_EACH = new Usage(1_000_000, 1_000_000, 2_000_000, 0, 0, true);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private StorageConfig config;
  private Store store;
  private PriceTable table;
  private PriceService prices;
  private final AtomicInteger flushes = new AtomicInteger();

  @BeforeEach
  void openStore() {
    config = stores.migrated(dialect);
    store = stores.open(config);
    table = PriceTable.load(List.of(), PROVIDERS);
    prices = service(store, table);
  }

  private PriceService service(Store on, PriceTable into) {
    PriceService service =
        new PriceService(
            on, into, new Repricer(on, into), flushes::incrementAndGet, IDS, new TestClock(NOW));
    service.reload();
    return service;
  }

  static PriceChange change(
      String provider, String model, Instant from, String input, String output) {
    return new PriceChange(
        provider, model, from, new BigDecimal(input), new BigDecimal(output), null, null);
  }

  /** A call to a provider as the recorder logs it; unpriced ones flagged so, with no cost and no price version. */
  static RequestLog call(
      String id,
      Instant at,
      String provider,
      String model,
      long prompt,
      long completion,
      boolean unpriced,
      CacheStatus cache,
      int status) {
    return new RequestLog(
        id,
        id,
        at,
        "usr_ada",
        "key_1",
        null,
        "POST",
        "/v1/chat/completions",
        null,
        provider,
        model,
        prompt,
        completion,
        prompt + completion,
        0,
        0,
        0,
        0,
        120,
        40L,
        status,
        unpriced || status >= 400 ? BigDecimal.ZERO : new BigDecimal("0.001"),
        BigDecimal.ZERO,
        unpriced || status >= 400 ? null : "prices-1",
        cache,
        false,
        status >= 400 ? "HTTP " + status : null,
        null,
        null,
        unpriced ? "{\"unpriced\":true}" : null);
  }

  private Map<String, RequestLog> storedLogs() {
    return new LogRowStore(store)
        .recentLogs(1_000).stream().collect(Collectors.toMap(RequestLog::id, Function.identity()));
  }

  @Test
  void aPriceSetOnOneGatewayPricesThereAtOnceAndOnAnotherAtItsNextRefresh() {
    PriceTable otherTable = PriceTable.load(List.of(), PROVIDERS);
    PriceService otherGateway = service(stores.open(config), otherTable);
    assertThat(table.isPriced("local", "llama3.2", NOW)).isFalse();

    PriceService.Saved saved = prices.set(ADMIN, change("local", "llama3.2", null, "0.1", "0.2"));

    assertThat(saved.created()).isTrue();
    assertThat(saved.price().changedBy()).isEqualTo("usr_admin");
    assertThat(saved.price().changedAt()).isEqualTo(NOW);
    assertThat(table.cost("local", "llama3.2", MILLION_EACH, NOW).usd())
        .isEqualByComparingTo("0.3");
    assertThat(otherTable.isPriced("local", "llama3.2", NOW)).isFalse();
    otherGateway.refresh();
    assertThat(otherTable.cost("local", "llama3.2", MILLION_EACH, NOW).usd())
        .isEqualByComparingTo("0.3");
    assertThat(otherTable.version()).isEqualTo(table.version());

    prices.delete(ADMIN, "local", "llama3.2", null);

    assertThat(table.isPriced("local", "llama3.2", NOW)).isFalse();
    assertThat(otherTable.isPriced("local", "llama3.2", NOW)).isTrue();
    otherGateway.refresh();
    assertThat(otherTable.isPriced("local", "llama3.2", NOW)).isFalse();
  }

  @Test
  void aGatewayStartingOnAStoreWithRunTimePricesPricesWithThemFromTheStart() {
    prices.set(ADMIN, change("openai", "gpt-4o", null, "100", "0"));

    PriceTable fresh = PriceTable.load(List.of(), PROVIDERS);
    service(stores.open(config), fresh);

    assertThat(fresh.cost("openai", "gpt-4o", MILLION_EACH, NOW).usd()).isEqualByComparingTo("100");
  }

  @Test
  void theSameStartIsReplacedAndAnotherStartIsHistory() {
    Instant september = Instant.parse("2026-09-01T00:00:00Z");
    prices.set(ADMIN, change("openai", "gpt-4o", null, "1", "0"));
    prices.set(ADMIN, change("openai", "gpt-4o", september, "2", "0"));

    PriceService.Saved again = prices.set(ADMIN, change("openai", "gpt-4o", null, "3", "0"));

    assertThat(again.created()).isFalse();
    assertThat(prices.countOverrides(ADMIN, "openai", "gpt-4o")).isEqualTo(2);
    assertThat(prices.requireOverride(ADMIN, "openai", "gpt-4o", september).input())
        .isEqualByComparingTo("2");
    assertThat(table.cost("openai", "gpt-4o", MILLION_EACH, NOW).usd()).isEqualByComparingTo("3");
    assertThat(table.cost("openai", "gpt-4o", MILLION_EACH, september).usd())
        .isEqualByComparingTo("2");
  }

  @Test
  void theUnpricedModelsOfARangeWithTheirCallsTokensAndFirstAndLastCall() {
    LogRowSamples.write(
        store,
        List.of(
            call(
                "a1",
                DAY.plusSeconds(60),
                "openai",
                "mystery",
                100,
                10,
                true,
                CacheStatus.MISS,
                200),
            call(
                "a2",
                DAY.plusSeconds(120),
                "openai",
                "mystery",
                200,
                20,
                true,
                CacheStatus.BYPASS,
                200),
            call(
                "a3",
                DAY.plusSeconds(180),
                "openai",
                "mystery",
                300,
                30,
                true,
                CacheStatus.MISS,
                200),
            // A cache hit cost nothing upstream: not a missing price.
            call(
                "a4",
                DAY.plusSeconds(190),
                "openai",
                "mystery",
                300,
                30,
                true,
                CacheStatus.HIT,
                200),
            call(
                "b1", DAY.plusSeconds(200), "local", "llama3.2", 7, 3, true, CacheStatus.MISS, 200),
            call(
                "c1",
                DAY.plusSeconds(300),
                "openai",
                "gpt-4o",
                50,
                5,
                false,
                CacheStatus.MISS,
                200),
            call(
                "d1",
                DAY.plusSeconds(310),
                "openai",
                "nonsense",
                0,
                0,
                false,
                CacheStatus.MISS,
                404),
            // Outside the range.
            call(
                "a0",
                DAY.minusSeconds(1),
                "openai",
                "mystery",
                1_000,
                100,
                true,
                CacheStatus.MISS,
                200),
            call(
                "b2",
                DAY.plusSeconds(86_400),
                "local",
                "llama3.2",
                1_000,
                100,
                true,
                CacheStatus.MISS,
                200)));

    PriceService.UnpricedPage page =
        prices.unpriced(ADMIN, DAY, DAY.plusSeconds(86_400), null, 100, 0);

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.models())
        .containsExactly(
            new PriceService.Unpriced(
                "openai", "mystery", 3, 600, 60, DAY.plusSeconds(60), DAY.plusSeconds(180)),
            new PriceService.Unpriced(
                "local", "llama3.2", 1, 7, 3, DAY.plusSeconds(200), DAY.plusSeconds(200)));
    assertThat(prices.unpriced(ADMIN, DAY, DAY.plusSeconds(86_400), "local", 100, 0).models())
        .extracting(PriceService.Unpriced::model)
        .containsExactly("llama3.2");
    PriceService.UnpricedPage second =
        prices.unpriced(ADMIN, DAY, DAY.plusSeconds(86_400), null, 1, 1);
    assertThat(second.models())
        .extracting(PriceService.Unpriced::model)
        .containsExactly("llama3.2");
    assertThat(second.total()).isEqualTo(2);
  }

  @Test
  void settingAPriceAndRepricingChangesExactlyThatModelsCallsInTheRangeAndTheRollupsFollow() {
    List<RequestLog> logs = new ArrayList<>(LogRowSamples.logs(60));
    logs.addAll(
        List.of(
            call(
                "m1",
                DAY.plusSeconds(60),
                "openai",
                "mystery",
                1_000_000,
                0,
                true,
                CacheStatus.MISS,
                200),
            call(
                "m2",
                DAY.plusSeconds(7_200),
                "openai",
                "mystery",
                0,
                1_000_000,
                true,
                CacheStatus.MISS,
                200),
            call(
                "hit",
                DAY.plusSeconds(7_300),
                "openai",
                "mystery",
                1_000_000,
                0,
                true,
                CacheStatus.HIT,
                200),
            call(
                "other",
                DAY.plusSeconds(60),
                "local",
                "mystery",
                1_000_000,
                0,
                true,
                CacheStatus.MISS,
                200),
            call(
                "before",
                DAY.minusSeconds(60),
                "openai",
                "mystery",
                1_000_000,
                0,
                true,
                CacheStatus.MISS,
                200)));
    LogRowSamples.write(store, logs);
    Map<String, RequestLog> before = storedLogs();
    int flushesBefore = flushes.get();

    PriceService.SetAndRepriced done =
        prices.setAndReprice(
            ADMIN, change("openai", "mystery", null, "2", "8"), DAY, DAY.plusSeconds(86_400));

    assertThat(flushes.get()).as("queued logs are written first").isEqualTo(flushesBefore + 1);
    assertThat(done.saved().created()).isTrue();
    assertThat(done.repriced().updated()).isEqualTo(2);
    assertThat(done.repriced().costDeltaUsd()).isEqualByComparingTo("10");
    assertThat(done.repriced().priceVersion()).isEqualTo(table.version());
    Map<String, RequestLog> after = storedLogs();
    assertThat(after.get("m1").costUsd()).isEqualByComparingTo("2");
    assertThat(after.get("m2").costUsd()).isEqualByComparingTo("8");
    assertThat(after.get("m1").priceVersion()).isEqualTo(table.version());
    assertThat(after.get("m1").metadata()).isNull();
    for (String id : before.keySet()) {
      if (!id.equals("m1") && !id.equals("m2")) {
        assertThat(after.get(id)).as(id).isEqualTo(before.get(id));
      }
    }
    List<RequestLog> now = List.copyOf(after.values());
    assertThat(new LogRowStore(store).rollups()).isEqualTo(AnalyticsDaoTest.expectedRollups(now));
    assertThat(new LogRowStore(store).dailyRollups())
        .isEqualTo(AnalyticsDaoTest.expectedDailyRollups(now));
    // The model is no longer unpriced in the range; the call before it still is, and so is the
    // other provider's.
    assertThat(prices.unpriced(ADMIN, DAY, DAY.plusSeconds(86_400), null, 100, 0).models())
        .extracting(
            PriceService.Unpriced::providerId,
            PriceService.Unpriced::model,
            PriceService.Unpriced::calls)
        .containsExactly(tuple("local", "mystery", 1L));
    assertThat(prices.unpriced(ADMIN, DAY.minusSeconds(3_600), DAY, null, 100, 0).models())
        .extracting(PriceService.Unpriced::model, PriceService.Unpriced::calls)
        .containsExactly(tuple("mystery", 1L));
  }

  @Test
  void theEffectivePricesOfTheModelsInUseAndOfRunTimePricesSayWhereTheyComeFrom() {
    LogRowSamples.write(
        store,
        List.of(
            call("a", DAY, "openai", "gpt-4o-mini", 10, 10, false, CacheStatus.MISS, 200),
            call("b", DAY, "openai", "gpt-4o-mini", 10, 10, false, CacheStatus.MISS, 200),
            call("c", DAY, "demo", "demo-chat", 10, 10, false, CacheStatus.MISS, 200),
            call("d", DAY, "local", "llama3.2", 10, 10, true, CacheStatus.MISS, 200),
            // Only ever failed: a name a client made up.
            call("e", DAY, "openai", "made-up", 10, 0, false, CacheStatus.MISS, 404),
            // No longer configured.
            call("f", DAY, "gone", "gpt-4o", 10, 10, false, CacheStatus.MISS, 200)));
    prices.set(ADMIN, change("openai", "brand-new", null, "1", "2"));

    PriceService.EffectivePage page = prices.effective(ADMIN, null, NOW, 100, 0);

    assertThat(page.total()).isEqualTo(4);
    assertThat(page.prices())
        .extracting(
            PriceService.Effective::providerId,
            PriceService.Effective::model,
            effective -> effective.quote().map(PriceTable.Quote::source).orElse(null))
        .containsExactly(
            tuple("demo", "demo-chat", PriceTable.Source.LIST),
            tuple("local", "llama3.2", null),
            tuple("openai", "brand-new", PriceTable.Source.OVERRIDE),
            tuple("openai", "gpt-4o-mini", PriceTable.Source.LIST));
    assertThat(page.prices().get(2).quote().orElseThrow().prices().output().base())
        .isEqualByComparingTo("2");
    assertThat(prices.effective(ADMIN, "openai", NOW, 1, 1).prices())
        .extracting(PriceService.Effective::model)
        .containsExactly("gpt-4o-mini");
    assertThat(prices.effective(ADMIN, "openai", NOW, 1, 1).total()).isEqualTo(2);
    assertThatThrownBy(() -> prices.effective(ADMIN, "gone", NOW, 10, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("provider_id");
  }

  @Test
  void badInputIsRefusedFieldByFieldAndNothingIsStored() {
    InvalidInputException refused =
        (InvalidInputException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    prices.set(
                        ADMIN,
                        new PriceChange(
                            "nope",
                            " gpt-4o",
                            Instant.EPOCH,
                            new BigDecimal("-1"),
                            null,
                            new BigDecimal("0.0000000001"),
                            new BigDecimal("1000001"))));

    assertThat(refused.errors())
        .extracting(FieldError::param)
        .containsExactly(
            "provider_id",
            "model",
            "effective_from",
            "input",
            "output",
            "cache_read",
            "cache_write");
    assertThat(refused.errors().get(0).message()).contains("demo, local, openai");
    assertThat(prices.countOverrides(ADMIN, null, null)).isZero();
    assertThatThrownBy(() -> prices.set(ADMIN, change("openai", "x".repeat(257), null, "1", "1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 256");
    assertThatThrownBy(
            () -> prices.setAndReprice(ADMIN, change("openai", "gpt-4o", null, "1", "1"), NOW, NOW))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("start_time");
    assertThat(prices.countOverrides(ADMIN, null, null))
        .as("a bad range stores no price either")
        .isZero();
  }

  @Test
  void whatIsNotThereIsNotFound() {
    prices.set(ADMIN, change("openai", "gpt-4o", null, "1", "1"));

    assertThatThrownBy(() -> prices.requireOverride(ADMIN, "openai", "gpt-4o", NOW))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("openai/gpt-4o from " + NOW);
    assertThatThrownBy(() -> prices.delete(ADMIN, "openai", "gpt-4o-mini", null))
        .isInstanceOf(NotFoundException.class);
    assertThat(prices.countOverrides(ADMIN, null, null)).isEqualTo(1);
  }

  @Test
  void onlyAnAdminReadsOrChangesPrices() {
    List<Runnable> calls =
        List.of(
            () -> prices.effective(USER, null, NOW, 10, 0),
            () -> prices.unpriced(USER, DAY, NOW, null, 10, 0),
            () -> prices.overrides(USER, null, null, 10, 0),
            () -> prices.countOverrides(USER, null, null),
            () -> prices.requireOverride(USER, "openai", "gpt-4o", null),
            () -> prices.set(USER, change("openai", "gpt-4o", null, "1", "1")),
            () -> prices.delete(USER, "openai", "gpt-4o", null),
            () -> prices.reprice(USER, "openai", "gpt-4o", DAY, NOW),
            () -> prices.setAndReprice(USER, change("openai", "gpt-4o", null, "1", "1"), DAY, NOW));

    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(AccessDeniedException.class);
    }
    assertThat(prices.countOverrides(ADMIN, null, null)).isZero();
  }
}
