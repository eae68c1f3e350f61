package loom.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What an alert notification says; the same data goes out on every channel. Only {@code userName} (null for
 * the global scope) and {@code dashboardUrl} may be null.
 *
 * @param scope {@code global} or a user id
 * @param type {@code daily_budget}, {@code monthly_budget}, {@code budget_forecast}, {@code anomaly} or {@code test}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param period the day ({@code 2026-11-25}) or month ({@code 2026-11}) the alert belongs to
 */
public record AlertMessage(
    String alertId,
    String scope,
    String userName,
    String type,
    String severity,
    String message,
    BigDecimal currentUsd,
    BigDecimal thresholdUsd,
    String period,
    Instant triggeredAt,
    String dashboardUrl) {
  public static final String GLOBAL_SCOPE = "global";

  public AlertMessage {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(currentUsd, "currentUsd");
    Objects.requireNonNull(thresholdUsd, "thresholdUsd");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(triggeredAt, "triggeredAt");
  }

  /** Whether the alert is about the whole gateway rather than one user. */
  public boolean isGlobal() {
    return GLOBAL_SCOPE.equals(scope);
  }
}
