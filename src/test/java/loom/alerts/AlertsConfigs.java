package loom.alerts;

import java.time.Duration;
import loom.config.AlertsConfig;
import loom.config.Secret;

/** Alert configurations for tests that save e-mail settings, which the gateway accepts only with a mail server. */
final class AlertsConfigs {
  /** A mail server that is configured but never reached by these tests (nothing listens on the discard port). */
  static final AlertsConfig.Smtp UNUSED_SMTP =
      new AlertsConfig.Smtp(
          "127.0.0.1", 9, "", new Secret(""), false, "loom@loom.test", Duration.ofSeconds(1));

  private AlertsConfigs() {}

  /** The built-in defaults, plus {@link #UNUSED_SMTP}. */
  static AlertsConfig defaultsWithSmtp() {
    AlertsConfig defaults = AlertsConfig.defaults();
    return new AlertsConfig(
        defaults.checkPeriod(),
        defaults.timezone(),
        defaults.dailyBudgetUsd(),
        defaults.monthlyBudgetUsd(),
        defaults.anomalyThreshold(),
        defaults.anomalyMinUsd(),
        defaults.enforce(),
        defaults.webhook(),
        UNUSED_SMTP,
        defaults.emailTo());
  }
}
