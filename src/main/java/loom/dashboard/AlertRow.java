package loom.dashboard;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import loom.alerts.Alert;
import loom.alerts.AlertType;
import loom.support.Usd;

/**
 * A line of the alerts table, as text (read in EL as {@code #{row.type()}}). Everything here may hold what a
 * user chose (a user name), so the page writes it as escaped text only.
 *
 * @param severity {@code critical}, {@code warning} or {@code info}: also the end of the row's CSS class
 */
public record AlertRow(
    String id,
    String severity,
    String type,
    String scope,
    String message,
    String current,
    String threshold,
    String period,
    String created,
    String notifications,
    boolean acknowledged,
    String acknowledgedText)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  /** @param userName the name of a user id (or a stand-in for a deleted user) */
  static AlertRow of(Alert alert, Function<String, String> userName) {
    String severity = SEVERITIES.contains(alert.severity()) ? alert.severity() : "info";
    return new AlertRow(
        alert.id(),
        severity,
        typeTitle(alert.type()),
        alert.userId() == null ? "global" : userName.apply(alert.userId()),
        alert.message(),
        alert.currentValue() == null ? "" : Usd.format(alert.currentValue()),
        alert.thresholdValue() == null ? "" : Usd.format(alert.thresholdValue()),
        alert.period(),
        time(alert.triggeredAt()),
        notifications(alert.webhookStatus(), alert.emailStatus()),
        alert.acknowledged(),
        alert.acknowledged() ? "acknowledged " + time(alert.acknowledgedAt()) : "open");
  }

  /** The CSS class of the row: its severity. */
  public String styleClass() {
    return "loom-sev-" + severity;
  }

  static String typeTitle(String type) {
    try {
      return AlertType.fromId(type).title();
    } catch (IllegalArgumentException unknown) {
      return type;
    }
  }

  /** What became of the notifications: "webhook sent · e-mail failed: …", or that none was set up. */
  static String notifications(String webhook, String email) {
    List<String> parts = new ArrayList<>();
    if (webhook != null) {
      parts.add("webhook " + webhook);
    }
    if (email != null) {
      parts.add("e-mail " + email);
    }
    return parts.isEmpty() ? "no channel set up" : String.join(" · ", parts);
  }

  private static String time(Instant at) {
    return Formats.utc(at, "");
  }
}
