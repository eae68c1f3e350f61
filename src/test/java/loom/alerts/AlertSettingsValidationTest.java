package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import loom.config.AlertsConfig;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.store.Store;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import loom.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link AlertSettingsStore#save} refuses. Validation is the same on both dialects and happens before the
 * store is written, so the table shares one SQLite store (each case saves to a scope of its own) instead of
 * migrating a fresh database of each dialect for every row; {@link AlertSettingsStoreTest} covers the dialects.
 */
class AlertSettingsValidationTest {
  @TempDir static Path folder;
  private static final AtomicInteger scopes = new AtomicInteger();
  private static Store store;
  private static AlertSettingsStore settings;

  @BeforeAll
  static void open() {
    store = Store.open(new StorageConfig("jdbc:sqlite:" + folder.resolve("validation.db"), "", new Secret("")));
    settings = new AlertSettingsStore(store, AlertsConfigs.defaultsWithSmtp(), new TestClock(Instant.parse("2026-03-15T12:00:00Z")));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidSettingsAreRefusedNamingEveryBadField(String description, AlertSettings update, List<String> params) {
    String scope = "usr_" + scopes.incrementAndGet();

    InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
        () -> settings.save(scope, update));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.errors()).extracting(FieldError::param).containsExactlyInAnyOrderElementsOf(params);
    Optional<AlertsDao.SettingsRow> stored = store.read(handle -> handle.attach(AlertsDao.class).findSettings(scope));
    assertThat(stored).as("stored").isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("negative daily budget", daily("-1"), List.of("daily_budget_usd")),
        Arguments.of("zero daily budget", daily("0"), List.of("daily_budget_usd")),
        Arguments.of("zero monthly budget", monthly("0.000"), List.of("monthly_budget_usd")),
        Arguments.of("more than 9 decimals", daily("1.0000000001"), List.of("daily_budget_usd")),
        Arguments.of("more than 9 decimals, monthly", monthly("0.0000000001"), List.of("monthly_budget_usd")),
        Arguments.of("over a billion dollars", monthly("1000000000.01"), List.of("monthly_budget_usd")),
        Arguments.of("zero anomaly threshold", threshold(0.0), List.of("anomaly_threshold")),
        Arguments.of("negative anomaly threshold", threshold(-2.0), List.of("anomaly_threshold")),
        Arguments.of("NaN anomaly threshold", threshold(Double.NaN), List.of("anomaly_threshold")),
        Arguments.of("anomaly threshold above 100", threshold(100.5), List.of("anomaly_threshold")),
        Arguments.of("ftp webhook", webhook("ftp://hooks.example.com/x"), List.of("webhook_url")),
        Arguments.of("javascript webhook", webhook("javascript:alert(1)"), List.of("webhook_url")),
        Arguments.of("webhook without a host", webhook("https://"), List.of("webhook_url")),
        Arguments.of("webhook with a space", webhook("https://hooks.example.com/a b"), List.of("webhook_url")),
        Arguments.of("e-mail with a newline and a header", email("ops@example.com\nBcc: evil@example.com"),
            List.of("email_address")),
        Arguments.of("e-mail with a CR LF", email("ops@example.com\r\nevil@example.com"), List.of("email_address")),
        Arguments.of("two e-mails with a comma", email("ops@example.com,evil@example.com"), List.of("email_address")),
        Arguments.of("two e-mails with a semicolon", email("ops@example.com;evil@example.com"),
            List.of("email_address")),
        Arguments.of("e-mail with a display name", email("Ops <ops@example.com>"), List.of("email_address")),
        Arguments.of("no e-mail at all", email("ops.example.com"), List.of("email_address")),
        Arguments.of("webhook alerts without a URL",
            new AlertSettings(null, null, null, null, false, null, null, false, true), List.of("enable_webhook_alerts")),
        Arguments.of("webhook alerts with a blank URL",
            new AlertSettings(null, null, null, null, false, "  ", null, false, true), List.of("enable_webhook_alerts")),
        Arguments.of("e-mail alerts without an address",
            new AlertSettings(null, null, null, null, false, null, null, true, false), List.of("enable_email_alerts")),
        Arguments.of("every bad field at once",
            new AlertSettings(null, new BigDecimal("-5"), BigDecimal.ZERO, 0.0, false, "gopher://x", "a@b.c,d@e.f",
                false, false),
            List.of("daily_budget_usd", "monthly_budget_usd", "anomaly_threshold", "webhook_url", "email_address")));
  }

  @Test
  void aValidWebhookAndAddressWithSurroundingBlanksAreAcceptedAndStoredTrimmed() {
    AlertSettings saved = settings.save("usr_trimmed", new AlertSettings(null, null, null, 100.0, false,
        " http://hooks.example.com:8080/x?y=1 ", " ops@example.com\n", true, true));

    assertThat(saved.webhookUrl()).isEqualTo("http://hooks.example.com:8080/x?y=1");
    assertThat(saved.emailAddress()).isEqualTo("ops@example.com");
    assertThat(saved.anomalyThreshold()).isEqualTo(100.0);
  }

  @Test
  void aRefusedSaveKeepsWhatWasStored() {
    settings.save("usr_kept", new AlertSettings(null, new BigDecimal("5"), null, null, false, null, null, false, false));

    assertThatThrownBy(() -> settings.save("usr_kept",
        new AlertSettings(null, new BigDecimal("-5"), null, null, false, null, null, false, false)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("daily_budget_usd");

    assertThat(settings.settings("usr_kept").dailyBudgetUsd()).isEqualByComparingTo("5");
  }

  private static AlertSettings daily(String usd) {
    return new AlertSettings(null, new BigDecimal(usd), null, null, false, null, null, false, false);
  }

  private static AlertSettings monthly(String usd) {
    return new AlertSettings(null, null, new BigDecimal(usd), null, false, null, null, false, false);
  }

  private static AlertSettings threshold(double sigmas) {
    return new AlertSettings(null, null, null, sigmas, false, null, null, false, false);
  }

  private static AlertSettings webhook(String url) {
    return new AlertSettings(null, null, null, null, false, url, null, false, false);
  }

  private static AlertSettings email(String address) {
    return new AlertSettings(null, null, null, null, false, null, address, false, false);
  }
}
