package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import loom.config.AlertsConfig;
import loom.config.Secret;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestClock;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AlertSettingsStoreTest {
  /** loom.yaml's alerts section: $75 a day, $1,500 a month, 2.5 σ, a webhook, enforced. */
  private static final AlertsConfig CONFIG =
      new AlertsConfig(
          Duration.ofMinutes(5),
          ZoneId.of("UTC"),
          Optional.of(new BigDecimal("75")),
          Optional.of(new BigDecimal("1500")),
          2.5,
          new BigDecimal("1"),
          true,
          new AlertsConfig.Webhook(
              "https://hooks.example.com/yaml",
              new Secret(""),
              Duration.ofSeconds(5),
              AlertsConfig.AllowedPrivateNetworks.NONE),
          AlertsConfigs.UNUSED_SMTP,
          List.of());

  private static final WebhookAddressGuard NO_EXCEPTIONS =
      new WebhookAddressGuard(AlertsConfig.AllowedPrivateNetworks.NONE);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-15T12:00:00Z"));
  private Store store;
  private AlertSettingsStore settings;

  @BeforeEach
  void open() {
    store = stores.open(dialect);
    settings = new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock);
  }

  @Test
  void globalSettingsAreTheYamlSectionUntilSaved() {
    AlertSettings global = settings.settings(AlertSettingsStore.GLOBAL);

    assertThat(global.userId()).isNull();
    assertThat(global.dailyBudgetUsd()).isEqualByComparingTo("75");
    assertThat(global.monthlyBudgetUsd()).isEqualByComparingTo("1500");
    assertThat(global.anomalyThreshold()).isEqualTo(2.5);
    assertThat(global.enforce()).isTrue();
    assertThat(global.webhookUrl()).isEqualTo("https://hooks.example.com/yaml");

    Budgets budgets = settings.budgets(AlertSettingsStore.GLOBAL);
    assertThat(budgets.dailyUsd())
        .hasValueSatisfying(daily -> assertThat(daily).isEqualByComparingTo("75"));
    assertThat(budgets.monthlyUsd())
        .hasValueSatisfying(monthly -> assertThat(monthly).isEqualByComparingTo("1500"));
    assertThat(budgets.anomalyThreshold()).isEqualTo(2.5);
    assertThat(budgets.enforce()).isTrue();

    // A user without settings of their own has no budgets and no channels.
    assertThat(settings.settings("usr_new"))
        .isEqualTo(new AlertSettings("usr_new", null, null, null, false, null, null, false, false));
    assertThat(settings.budgets("usr_new").hasBudget()).isFalse();
    assertThat(settings.budgets("usr_new").enforce()).isFalse();
  }

  @Test
  void savedGlobalSettingsReplaceTheYamlSection() {
    settings.save(
        AlertSettingsStore.GLOBAL,
        new AlertSettings(null, new BigDecimal("20"), null, 4.0, false, null, null, false, false));

    AlertSettings global =
        new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock)
            .settings(AlertSettingsStore.GLOBAL);

    assertThat(global.dailyBudgetUsd()).isEqualByComparingTo("20");
    assertThat(global.monthlyBudgetUsd()).isNull();
    assertThat(global.anomalyThreshold()).isEqualTo(4.0);
    assertThat(global.enforce()).isFalse();
    assertThat(global.webhookUrl()).isNull();
  }

  @Test
  void theGlobalYamlDefaultsCanBeSavedBackUnchanged() {
    AlertSettingsStore plain =
        new AlertSettingsStore(store, AlertsConfig.defaults(), NO_EXCEPTIONS, clock);
    AlertSettings defaults = plain.settings(AlertSettingsStore.GLOBAL);

    AlertSettings saved = plain.save(AlertSettingsStore.GLOBAL, defaults);

    assertThat(saved.dailyBudgetUsd()).isEqualByComparingTo("100");
  }

  @Test
  void savedSettingsComeBackExactly() {
    AlertSettings update =
        new AlertSettings(
            "usr_a",
            new BigDecimal("12.345678901"),
            null,
            3.5,
            true,
            "https://hooks.example.com/T000/B000",
            "ops@example.com",
            true,
            true);

    AlertSettings answered = settings.save("usr_a", update);
    AlertSettings read =
        new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock).settings("usr_a");

    for (AlertSettings back : List.of(answered, read)) {
      assertThat(back.userId()).isEqualTo("usr_a");
      assertThat(back.dailyBudgetUsd()).isEqualByComparingTo("12.345678901");
      assertThat(back.monthlyBudgetUsd()).isNull();
      assertThat(back.anomalyThreshold()).isEqualTo(3.5);
      assertThat(back.enforce()).isTrue();
      assertThat(back.webhookUrl()).isEqualTo("https://hooks.example.com/T000/B000");
      assertThat(back.emailAddress()).isEqualTo("ops@example.com");
      assertThat(back.enableEmailAlerts()).isTrue();
      assertThat(back.enableWebhookAlerts()).isTrue();
    }
    Budgets budgets = settings.budgets("usr_a");
    assertThat(budgets.dailyUsd())
        .hasValueSatisfying(daily -> assertThat(daily).isEqualByComparingTo("12.345678901"));
    assertThat(budgets.monthlyUsd()).isEmpty();
    assertThat(budgets.anomalyThreshold()).isEqualTo(3.5);
    assertThat(budgets.anomalyMinUsd()).isEqualByComparingTo("1");
    assertThat(budgets.enforce()).isTrue();
  }

  @Test
  void theSmallestAndLargestBudgetsAreKeptToTheNanoDollar() {
    settings.save(
        "usr_a",
        new AlertSettings(
            "usr_a",
            new BigDecimal("0.000000001"),
            new BigDecimal("1000000000"),
            null,
            false,
            null,
            null,
            false,
            false));

    AlertSettings back =
        new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock).settings("usr_a");

    assertThat(back.dailyBudgetUsd()).isEqualByComparingTo("0.000000001");
    assertThat(back.monthlyBudgetUsd()).isEqualByComparingTo("1000000000");
    assertThat(back.anomalyThreshold()).isNull();
  }

  @Test
  void savingAgainReplacesTheSettingsAndNullRemovesABudget() {
    settings.save(
        "usr_a",
        new AlertSettings(
            "usr_a",
            new BigDecimal("5"),
            new BigDecimal("50"),
            3.0,
            true,
            null,
            null,
            false,
            false));

    settings.save(
        "usr_a",
        new AlertSettings(
            "usr_a", null, new BigDecimal("60"), null, false, null, null, false, false));

    AlertSettings back =
        new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock).settings("usr_a");
    assertThat(back.dailyBudgetUsd()).isNull();
    assertThat(back.monthlyBudgetUsd()).isEqualByComparingTo("60");
    assertThat(back.anomalyThreshold()).isNull();
    assertThat(back.enforce()).isFalse();
  }

  @Test
  void aUserWithoutAThresholdOfTheirOwnInheritsTheGlobalOne() {
    settings.save(
        "usr_own",
        new AlertSettings(
            "usr_own", new BigDecimal("10"), null, 1.5, false, null, null, false, false));
    settings.save(
        "usr_inherits",
        new AlertSettings(
            "usr_inherits", new BigDecimal("10"), null, null, false, null, null, false, false));

    // Until global is saved, the yaml threshold applies.
    assertThat(settings.budgets("usr_inherits").anomalyThreshold()).isEqualTo(2.5);

    settings.save(
        AlertSettingsStore.GLOBAL,
        new AlertSettings(null, null, null, 4.0, false, null, null, false, false));

    assertThat(settings.budgets("usr_inherits").anomalyThreshold()).isEqualTo(4.0);
    assertThat(settings.budgets("usr_own").anomalyThreshold()).isEqualTo(1.5);
    assertThat(settings.budgets("usr_new").anomalyThreshold()).isEqualTo(4.0);

    // A global saved without a threshold falls back to the yaml one.
    settings.save(
        AlertSettingsStore.GLOBAL,
        new AlertSettings(null, null, null, null, false, null, null, false, false));

    assertThat(settings.budgets("usr_inherits").anomalyThreshold()).isEqualTo(2.5);
    assertThat(settings.budgets(AlertSettingsStore.GLOBAL).anomalyThreshold()).isEqualTo(2.5);
    assertThat(settings.budgets("usr_own").anomalyThreshold()).isEqualTo(1.5);
  }

  @Test
  void aSaveIsSeenAtOnceThoughReadsAreCached() {
    assertThat(settings.settings("usr_a").dailyBudgetUsd()).isNull();
    assertThat(settings.budgets(AlertSettingsStore.GLOBAL).dailyUsd()).isPresent();

    settings.save(
        "usr_a",
        new AlertSettings(
            "usr_a", new BigDecimal("7"), null, null, false, null, null, false, false));
    settings.save(
        AlertSettingsStore.GLOBAL,
        new AlertSettings(null, null, null, null, false, null, null, false, false));

    assertThat(settings.settings("usr_a").dailyBudgetUsd()).isEqualByComparingTo("7");
    assertThat(settings.budgets("usr_a").dailyUsd())
        .hasValueSatisfying(daily -> assertThat(daily).isEqualByComparingTo("7"));
    assertThat(settings.budgets(AlertSettingsStore.GLOBAL).dailyUsd()).isEmpty();
  }

  @Test
  void aSaveByAnotherGatewayIsSeenOnceTheCacheExpires() {
    AlertSettingsStore other = new AlertSettingsStore(store, CONFIG, NO_EXCEPTIONS, clock);
    assertThat(settings.settings("usr_a").dailyBudgetUsd()).isNull();

    other.save(
        "usr_a",
        new AlertSettings(
            "usr_a", new BigDecimal("7"), null, null, false, null, null, false, false));

    clock.advance(AlertSettingsStore.CACHE_TTL.minusMillis(1));
    assertThat(settings.settings("usr_a").dailyBudgetUsd()).isNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(settings.settings("usr_a").dailyBudgetUsd()).isEqualByComparingTo("7");
  }

  @Test
  void usersWithSettingsListsUsersButNotGlobal() {
    settings.save(
        AlertSettingsStore.GLOBAL,
        new AlertSettings(null, null, null, null, false, null, null, false, false));
    settings.save(
        "usr_b", new AlertSettings("usr_b", null, null, null, false, null, null, false, false));
    settings.save(
        "usr_a",
        new AlertSettings("usr_a", BigDecimal.TEN, null, null, false, null, null, false, false));

    assertThat(settings.usersWithSettings()).containsExactly("usr_a", "usr_b");
  }

  @Test
  void whenTheStoreFailsTheLastReadIsKeptButANewScopeCannotBeRead() {
    Store failing = stores.open(dialect);
    AlertSettingsStore cached = new AlertSettingsStore(failing, CONFIG, NO_EXCEPTIONS, clock);
    cached.save(
        "usr_a",
        new AlertSettings(
            "usr_a", new BigDecimal("7"), null, null, true, null, null, false, false));
    assertThat(cached.budgets("usr_a").enforce()).isTrue();

    failing.close(); // the store is gone: every read fails
    clock.advance(AlertSettingsStore.CACHE_TTL.plusSeconds(5));

    assertThat(cached.settings("usr_a").dailyBudgetUsd()).isEqualByComparingTo("7");
    assertThat(cached.budgets("usr_a").enforce()).isTrue();
    clock.advance(AlertSettingsStore.RETRY_AFTER_FAILURE);
    assertThat(cached.settings("usr_a").dailyBudgetUsd()).isEqualByComparingTo("7");
    assertThatThrownBy(() -> cached.settings("usr_new")).isInstanceOf(RuntimeException.class);
  }
}
