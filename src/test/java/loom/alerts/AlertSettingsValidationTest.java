package loom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import loom.config.AddressRange;
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
    store =
        Store.open(
            new StorageConfig(
                "jdbc:sqlite:" + folder.resolve("validation.db"), "", new Secret("")));
    settings = store(AlertsConfig.AllowedPrivateNetworks.NONE);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidSettingsAreRefusedNamingEveryBadField(
      String description, AlertSettings update, List<String> params) {
    String scope = "usr_" + scopes.incrementAndGet();

    InvalidInputException refused =
        catchThrowableOfType(InvalidInputException.class, () -> settings.save(scope, update));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.errors())
        .extracting(FieldError::param)
        .containsExactlyInAnyOrderElementsOf(params);
    Optional<AlertsDao.SettingsRow> stored =
        store.read(handle -> handle.attach(AlertsDao.class).findSettings(scope));
    assertThat(stored).as("stored").isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("negative daily budget", daily("-1"), List.of("daily_budget_usd")),
        Arguments.of("zero daily budget", daily("0"), List.of("daily_budget_usd")),
        Arguments.of("zero monthly budget", monthly("0.000"), List.of("monthly_budget_usd")),
        Arguments.of("more than 9 decimals", daily("1.0000000001"), List.of("daily_budget_usd")),
        Arguments.of(
            "more than 9 decimals, monthly",
            monthly("0.0000000001"),
            List.of("monthly_budget_usd")),
        Arguments.of(
            "over a billion dollars", monthly("1000000000.01"), List.of("monthly_budget_usd")),
        Arguments.of("zero anomaly threshold", threshold(0.0), List.of("anomaly_threshold")),
        Arguments.of("negative anomaly threshold", threshold(-2.0), List.of("anomaly_threshold")),
        Arguments.of("NaN anomaly threshold", threshold(Double.NaN), List.of("anomaly_threshold")),
        Arguments.of("anomaly threshold above 100", threshold(100.5), List.of("anomaly_threshold")),
        Arguments.of("ftp webhook", webhook("ftp://hooks.example.com/x"), List.of("webhook_url")),
        Arguments.of("javascript webhook", webhook("javascript:alert(1)"), List.of("webhook_url")),
        Arguments.of("webhook without a host", webhook("https://"), List.of("webhook_url")),
        Arguments.of(
            "webhook with a space",
            webhook("https://hooks.example.com/a b"),
            List.of("webhook_url")),
        Arguments.of(
            "webhook with a host the JDK cannot read (0x7f.1)",
            webhook("http://0x7f.1/"),
            List.of("webhook_url")),
        Arguments.of(
            "webhook with an underscore in its host",
            webhook("https://my_hooks.example.com/x"),
            List.of("webhook_url")),
        Arguments.of(
            "e-mail with a newline and a header",
            email("ops@example.com\nBcc: evil@example.com"),
            List.of("email_address")),
        Arguments.of(
            "e-mail with a CR LF",
            email("ops@example.com\r\nevil@example.com"),
            List.of("email_address")),
        Arguments.of(
            "two e-mails with a comma",
            email("ops@example.com,evil@example.com"),
            List.of("email_address")),
        Arguments.of(
            "two e-mails with a semicolon",
            email("ops@example.com;evil@example.com"),
            List.of("email_address")),
        Arguments.of(
            "e-mail with a display name", email("Ops <ops@example.com>"), List.of("email_address")),
        Arguments.of("no e-mail at all", email("ops.example.com"), List.of("email_address")),
        Arguments.of(
            "webhook alerts without a URL",
            new AlertSettings(null, null, null, null, false, null, null, false, true),
            List.of("enable_webhook_alerts")),
        Arguments.of(
            "webhook alerts with a blank URL",
            new AlertSettings(null, null, null, null, false, "  ", null, false, true),
            List.of("enable_webhook_alerts")),
        Arguments.of(
            "e-mail alerts without an address",
            new AlertSettings(null, null, null, null, false, null, null, true, false),
            List.of("enable_email_alerts")),
        Arguments.of(
            "every bad field at once",
            new AlertSettings(
                null,
                new BigDecimal("-5"),
                BigDecimal.ZERO,
                0.0,
                false,
                "gopher://x",
                "a@b.c,d@e.f",
                false,
                false),
            List.of(
                "daily_budget_usd",
                "monthly_budget_usd",
                "anomaly_threshold",
                "webhook_url",
                "email_address")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("internalWebhooks")
  void aUsersWebhookToAnInternalLiteralAddressIsRefusedSayingWhy(String url, String reason) {
    String scope = "usr_" + scopes.incrementAndGet();

    InvalidInputException refused =
        catchThrowableOfType(InvalidInputException.class, () -> settings.save(scope, webhook(url)));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.param()).isEqualTo("webhook_url");
              assertThat(error.message())
                  .startsWith(reason)
                  .endsWith(
                      "user webhooks may not reach it (an admin may allow it"
                          + " with alerts.webhook_allowed_private_networks in loom.yaml)");
            });
  }

  static Stream<Arguments> internalWebhooks() {
    return Stream.of(
        Arguments.of("http://127.0.0.1:8080/hooks", "127.0.0.1 is a loopback address"),
        Arguments.of("http://127.0.0.2:9/", "127.0.0.2 is a loopback address"),
        Arguments.of("http://user@10.1.2.3/x", "10.1.2.3 is a private address"),
        Arguments.of("https://192.168.1.1/", "192.168.1.1 is a private address"),
        Arguments.of(
            "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        Arguments.of("http://0.0.0.0:8080/", "0.0.0.0 is the unspecified (any-local) address"),
        Arguments.of("http://[::1]:8080/", "0:0:0:0:0:0:0:1 is a loopback address"),
        Arguments.of("http://[::]/", "0:0:0:0:0:0:0:0 is the unspecified (any-local) address"),
        Arguments.of("http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address"),
        Arguments.of("http://[fd00::1]/", "fd00:0:0:0:0:0:0:1 is a unique-local address"),
        Arguments.of("http://[fe80::1%25eth0]/", "fe80:0:0:0:0:0:0:1 is a link-local address"),
        Arguments.of(
            "http://[2002:a00:1::]/",
            "2002:a00:1:0:0:0:0:0 is a 6to4 address for 10.0.0.1, a private address"),
        Arguments.of("http://2130706433/", "127.0.0.1 is a loopback address"),
        Arguments.of("http://010.0.0.1/", "10.0.0.1 is a private address"),
        Arguments.of("http://localhost:9000/", "localhost is a loopback name"),
        Arguments.of("http://LOCALHOST./", "LOCALHOST. is a loopback name"),
        Arguments.of("http://hooks.localhost/", "hooks.localhost is a loopback name"));
  }

  @Test
  void theGatewaysOwnWebhookMayBeAnyAddressAndUsersNamesAreLeftToTheSendingCheck() {
    assertThat(
            settings
                .save(AlertSettingsStore.GLOBAL, webhook("http://127.0.0.1:8080/hooks"))
                .webhookUrl())
        .isEqualTo("http://127.0.0.1:8080/hooks");
    // No DNS when saving: a name is checked when it is resolved for sending, since DNS may answer
    // otherwise then.
    assertThat(settings.save("usr_names", webhook("http://hooks.internal.example/x")).webhookUrl())
        .isEqualTo("http://hooks.internal.example/x");
    assertThat(settings.save("usr_public", webhook("http://8.8.8.8/x")).webhookUrl())
        .isEqualTo("http://8.8.8.8/x");
  }

  @Test
  void anAllowedNetworkOrNameLetsAUserSaveAnInternalWebhook() {
    AlertSettingsStore allowing =
        store(
            new AlertsConfig.AllowedPrivateNetworks(
                List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("10.20.0.0/16")),
                Set.of("hooks.localhost")));

    assertThat(allowing.save("usr_allowed_1", webhook("http://127.0.0.1:9/x")).webhookUrl())
        .isNotNull();
    assertThat(allowing.save("usr_allowed_2", webhook("http://10.20.30.40/x")).webhookUrl())
        .isNotNull();
    assertThat(allowing.save("usr_allowed_3", webhook("http://hooks.localhost/x")).webhookUrl())
        .isNotNull();
    // localhost stands for 127.0.0.1, which is allowed.
    assertThat(allowing.save("usr_allowed_4", webhook("http://localhost:9/x")).webhookUrl())
        .isNotNull();
    assertThatThrownBy(() -> allowing.save("usr_allowed_5", webhook("http://127.0.0.2:9/x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("webhook_url");
    assertThatThrownBy(() -> allowing.save("usr_allowed_6", webhook("http://10.21.0.1/x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("webhook_url");
  }

  @Test
  void aValidWebhookAndAddressWithSurroundingBlanksAreAcceptedAndStoredTrimmed() {
    AlertSettings saved =
        settings.save(
            "usr_trimmed",
            new AlertSettings(
                null,
                null,
                null,
                100.0,
                false,
                " http://hooks.example.com:8080/x?y=1 ",
                " ops@example.com\n",
                true,
                true));

    assertThat(saved.webhookUrl()).isEqualTo("http://hooks.example.com:8080/x?y=1");
    assertThat(saved.emailAddress()).isEqualTo("ops@example.com");
    assertThat(saved.anomalyThreshold()).isEqualTo(100.0);
  }

  @Test
  void aRefusedSaveKeepsWhatWasStored() {
    settings.save(
        "usr_kept",
        new AlertSettings(null, new BigDecimal("5"), null, null, false, null, null, false, false));

    assertThatThrownBy(
            () ->
                settings.save(
                    "usr_kept",
                    new AlertSettings(
                        null, new BigDecimal("-5"), null, null, false, null, null, false, false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("daily_budget_usd");

    assertThat(settings.settings("usr_kept").dailyBudgetUsd()).isEqualByComparingTo("5");
  }

  private static AlertSettingsStore store(AlertsConfig.AllowedPrivateNetworks allowed) {
    return new AlertSettingsStore(
        store,
        AlertsConfigs.defaultsWithSmtp(),
        new WebhookAddressGuard(allowed),
        new TestClock(Instant.parse("2026-03-15T12:00:00Z")));
  }

  private static AlertSettings daily(String usd) {
    return new AlertSettings(
        null, new BigDecimal(usd), null, null, false, null, null, false, false);
  }

  private static AlertSettings monthly(String usd) {
    return new AlertSettings(
        null, null, new BigDecimal(usd), null, false, null, null, false, false);
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
