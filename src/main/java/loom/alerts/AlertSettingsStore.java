package loom.alerts;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import loom.analytics.Money;
import loom.config.AlertsConfig;
import loom.store.Store;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budgets and channels of each scope: stored rows, with loom.yaml's {@code alerts} section standing in
 * for the global scope until an admin saves one. Validates what is saved. Reads are cached for
 * {@link #CACHE_TTL} (every proxied request of a user with a budget asks), and a save here is seen at once.
 * Once a read has expired, one caller reads again while the others go on with it; when the store fails, it
 * is kept (and the store asked again {@link #RETRY_AFTER_FAILURE} later), so a store outage fails no proxied
 * request of a scope read before it (DESIGN §11). Thread-safe.
 */
final class AlertSettingsStore {
  static final String GLOBAL = "global";
  private static final int MAX_TEXT = 2_000;

  /** How long a read is reused: a save on another gateway sharing the store takes effect here within it. */
  static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(10);

  /** How long a read is reused without asking the store again after the store failed to answer. */
  static final java.time.Duration RETRY_AFTER_FAILURE = java.time.Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(AlertSettingsStore.class);

  private final Store store;
  private final AlertsConfig config;
  private final WebhookAddressGuard addresses;
  private final Clock clock;
  private final java.util.Map<String, Cached> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Cached(AlertSettings settings, long readAt, AtomicBoolean refreshing) {
    Cached(AlertSettings settings, long readAt) {
      this(settings, readAt, new AtomicBoolean());
    }
  }

  /** @param addresses what users' own webhooks may reach, checked here for literal addresses */
  AlertSettingsStore(Store store, AlertsConfig config, WebhookAddressGuard addresses, Clock clock) {
    this.store = store;
    this.config = config;
    this.addresses = addresses;
    this.clock = clock;
  }

  /** The settings of a scope ({@link #GLOBAL} or a user id) as in effect. */
  AlertSettings settings(String scope) {
    long now = clock.millis();
    Cached cached = cache.get(scope);
    if (cached != null && now - cached.readAt() < CACHE_TTL.toMillis() && now >= cached.readAt()) {
      return cached.settings();
    }
    if (cached != null && !cached.refreshing().compareAndSet(false, true)) {
      return cached.settings(); // another caller is reading it again right now
    }
    AlertSettings read;
    try {
      read = read(scope);
    } catch (RuntimeException e) {
      long retryAt = clock.millis() + RETRY_AFTER_FAILURE.toMillis();
      // Only our own expired read, still in place (not replaced by a save meanwhile), is worth
      // falling back on.
      if (cached == null
          || !cache.replace(
              scope, cached, new Cached(cached.settings(), retryAt - CACHE_TTL.toMillis()))) {
        throw e;
      }
      log.warn(
          "Cannot read the alert settings of {} ({}); using those read {} ms ago",
          scope,
          e.toString(),
          now - cached.readAt());
      return cached.settings();
    }
    cache.put(scope, new Cached(read, now));
    return read;
  }

  private AlertSettings read(String scope) {
    Optional<AlertsDao.SettingsRow> row =
        store.read(handle -> handle.attach(AlertsDao.class).findSettings(scope));
    if (row.isPresent()) {
      return toSettings(row.get());
    }
    if (GLOBAL.equals(scope)) {
      // loom.yaml's e-mail recipients (email_to) are always used; the stored email_address adds one
      // more.
      String url = config.webhook().isConfigured() ? config.webhook().url() : null;
      return new AlertSettings(
          null,
          config.dailyBudgetUsd().orElse(null),
          config.monthlyBudgetUsd().orElse(null),
          config.anomalyThreshold(),
          config.enforce(),
          url,
          null,
          false,
          url != null);
    }
    return new AlertSettings(scope, null, null, null, false, null, null, false, false);
  }

  /** The budgets a scope's spend is checked against. */
  Budgets budgets(String scope) {
    AlertSettings settings = settings(scope);
    Double globalThreshold = settings(GLOBAL).anomalyThreshold();
    double threshold =
        settings.anomalyThreshold() != null
            ? settings.anomalyThreshold()
            : globalThreshold != null ? globalThreshold : config.anomalyThreshold();
    return new Budgets(
        Optional.ofNullable(settings.dailyBudgetUsd()),
        Optional.ofNullable(settings.monthlyBudgetUsd()),
        threshold,
        config.anomalyMinUsd(),
        settings.enforce());
  }

  /** The users with settings of their own. */
  List<String> usersWithSettings() {
    return store.read(handle -> handle.attach(AlertsDao.class).listSettings()).stream()
        .map(AlertsDao.SettingsRow::scope)
        .filter(scope -> !GLOBAL.equals(scope))
        .toList();
  }

  /** Checks and stores a scope's settings (replacing them); answers them as stored. */
  AlertSettings save(String scope, AlertSettings settings) {
    validate(scope, settings);
    AlertsDao.SettingsRow row =
        new AlertsDao.SettingsRow(
            scope,
            nanos(settings.dailyBudgetUsd()),
            nanos(settings.monthlyBudgetUsd()),
            settings.anomalyThreshold(),
            settings.enforce(),
            blankToNull(settings.webhookUrl()),
            blankToNull(settings.emailAddress()),
            settings.enableEmailAlerts(),
            settings.enableWebhookAlerts(),
            clock.millis());
    store.write(
        handle -> {
          handle.attach(AlertsDao.class).saveSettings(row);
          return null;
        });
    cache.remove(scope);
    return toSettings(row);
  }

  private void validate(String scope, AlertSettings settings) {
    boolean smtpConfigured = config.smtp().isConfigured();
    List<FieldError> errors = new ArrayList<>();
    budget("daily_budget_usd", settings.dailyBudgetUsd(), errors);
    budget("monthly_budget_usd", settings.monthlyBudgetUsd(), errors);
    if (settings.anomalyThreshold() != null
        && !(settings.anomalyThreshold() > 0 && settings.anomalyThreshold() <= 100)) {
      errors.add(
          new FieldError(
              "anomaly_threshold",
              "must be a number of standard deviations above 0 and at most 100"));
    }
    String url = blankToNull(settings.webhookUrl());
    if (url != null) {
      webhookUrl(scope, url).ifPresent(errors::add);
    }
    String email = blankToNull(settings.emailAddress());
    // One plain address: no display names, lists or line breaks, which could smuggle in mail
    // headers.
    if (email != null
        && (email.length() > 254
            || !email.matches("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+"))) {
      errors.add(
          new FieldError("email_address", "must be one e-mail address such as ops@example.com"));
    }
    if (settings.enableWebhookAlerts() && url == null) {
      errors.add(new FieldError("enable_webhook_alerts", "needs a webhook_url"));
    }
    if (settings.enableEmailAlerts() && email == null) {
      errors.add(new FieldError("enable_email_alerts", "needs an email_address"));
    }
    if (settings.enableEmailAlerts() && !smtpConfigured) {
      errors.add(
          new FieldError(
              "enable_email_alerts",
              "the gateway has no mail server (alerts.smtp.host in loom.yaml)"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /**
   * What is wrong with a webhook URL: not an http(s) URL with a host the channel can use, or (for a user's own
   * webhook, not the gateway's) a literal address or localhost name the guard refuses. Other names are resolved
   * and checked only when sending: DNS may answer differently by then.
   */
  private Optional<FieldError> webhookUrl(String scope, String url) {
    String host = null;
    if (url.length() <= MAX_TEXT && url.matches("https?://[^\\s/]+[^\\s]*")) {
      try {
        host = new URI(url).getHost();
      } catch (URISyntaxException e) {
        // reported below
      }
    }
    if (host == null) {
      return Optional.of(new FieldError("webhook_url", "must be an http:// or https:// URL"));
    }
    if (GLOBAL.equals(scope)) {
      return Optional.empty();
    }
    return addresses.refusalWithoutDns(host).map(refusal -> new FieldError("webhook_url", refusal));
  }

  private static void budget(String name, BigDecimal usd, List<FieldError> errors) {
    if (usd == null) {
      return;
    }
    if (usd.signum() <= 0 || usd.compareTo(new BigDecimal("1000000000")) > 0) {
      errors.add(new FieldError(name, "must be an amount in USD above 0 (or null for no budget)"));
    } else if (usd.scale() > Money.SCALE) {
      errors.add(new FieldError(name, "has more than " + Money.SCALE + " decimals"));
    }
  }

  private static AlertSettings toSettings(AlertsDao.SettingsRow row) {
    return new AlertSettings(
        GLOBAL.equals(row.scope()) ? null : row.scope(),
        usd(row.dailyBudgetNanos()),
        usd(row.monthlyBudgetNanos()),
        row.anomalyThreshold(),
        row.enforce(),
        row.webhookUrl(),
        row.emailAddress(),
        row.enableEmailAlerts(),
        row.enableWebhookAlerts());
  }

  private static Long nanos(BigDecimal usd) {
    return usd == null ? null : Money.toNanos(usd);
  }

  private static BigDecimal usd(Long nanos) {
    return nanos == null ? null : Money.plain(nanos);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
