package loom.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored spending alert (API.md fields): whose, what kind, how bad, what was spent against which limit,
 * when, whether someone acknowledged it, and how its notifications went.
 *
 * @param userId the user whose spend it is about; null for the whole gateway
 * @param period the day ({@code 2026-11-25}) or month ({@code 2026-11}) it belongs to, in the alert zone
 * @param webhookStatus and emailStatus: {@code sent}, {@code failed: <reason>}, {@code pending}, or null when the
 *     channel is not set up for it
 */
public record Alert(
    String id,
    String userId,
    String type,
    String severity,
    String message,
    BigDecimal currentValue,
    BigDecimal thresholdValue,
    String period,
    Instant triggeredAt,
    boolean acknowledged,
    Instant acknowledgedAt,
    String acknowledgedBy,
    String webhookStatus,
    String emailStatus) {
  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(triggeredAt, "triggeredAt");
  }
}
