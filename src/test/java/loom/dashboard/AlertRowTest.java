package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import loom.alerts.Alert;
import org.junit.jupiter.api.Test;

class AlertRowTest {
  private static Alert alert(
      String userId,
      String type,
      String severity,
      boolean acknowledged,
      String webhook,
      String email) {
    return new Alert(
        "alr_1",
        userId,
        type,
        severity,
        "Daily budget exceeded for <b>bob</b>",
        new BigDecimal("20.31"),
        new BigDecimal("0.00001"),
        "2026-11-25",
        Instant.parse("2026-11-25T16:02:11Z"),
        acknowledged,
        acknowledged ? Instant.parse("2026-11-25T17:00:00Z") : null,
        acknowledged ? "usr_admin" : null,
        webhook,
        email);
  }

  @Test
  void aUsersAlertShowsTheirNameTheAmountsAndHowEachNotificationWent() {
    AlertRow row =
        AlertRow.of(
            alert("usr_bob", "daily_budget", "warning", false, "sent", "failed: 535 auth"),
            id -> id.equals("usr_bob") ? "<b>bob</b>" : "?");

    assertThat(row.scope()).isEqualTo("<b>bob</b>");
    assertThat(row.type()).isEqualTo("Daily budget exceeded");
    assertThat(row.severity()).isEqualTo("warning");
    assertThat(row.styleClass()).isEqualTo("loom-sev-warning");
    assertThat(row.current()).isEqualTo("$20.31");
    assertThat(row.threshold()).isEqualTo("$0.00001");
    assertThat(row.created()).isEqualTo("Nov 25, 2026 16:02 UTC");
    assertThat(row.notifications()).isEqualTo("webhook sent · e-mail failed: 535 auth");
    assertThat(row.acknowledged()).isFalse();
    assertThat(row.acknowledgedText()).isEqualTo("open");
  }

  @Test
  void aGlobalAlertIsScopedGlobalAndAnUnknownSeverityOrTypeStaysHarmless() {
    AlertRow row =
        AlertRow.of(
            alert(null, "something_new", "\" onmouseover=\"x", true, null, null), id -> "?");

    assertThat(row.scope()).isEqualTo("global");
    assertThat(row.type()).isEqualTo("something_new");
    assertThat(row.severity()).isEqualTo("info");
    assertThat(row.styleClass()).isEqualTo("loom-sev-info");
    assertThat(row.notifications()).isEqualTo("no channel set up");
    assertThat(row.acknowledgedText()).isEqualTo("acknowledged Nov 25, 2026 17:00 UTC");
  }

  @Test
  void theMonthlyBudgetIsCritical() {
    assertThat(
            AlertRow.of(alert("u", "monthly_budget", "critical", false, null, "pending"), id -> "u")
                .styleClass())
        .isEqualTo("loom-sev-critical");
  }

  @Test
  void theFilterChoiceIsTheApisAcknowledgedParameter() {
    assertThat(AlertsPage.acknowledgedFilter("all")).isNull();
    assertThat(AlertsPage.acknowledgedFilter(null)).isNull();
    assertThat(AlertsPage.acknowledgedFilter("open")).isFalse();
    assertThat(AlertsPage.acknowledgedFilter("acknowledged")).isTrue();
  }

  @Test
  void aTestNotificationsOutcomeIsOneLinePerChannel() {
    Map<String, String> outcome = new LinkedHashMap<>();
    outcome.put("webhook", "failed: connection refused");
    outcome.put("email", "not configured");

    assertThat(AlertsPage.outcomeLines(outcome))
        .containsExactly("E-mail: not configured", "Webhook: failed: connection refused");
  }
}
