package loom.alerts;

import java.util.Locale;
import java.util.Map;
import loom.support.Usd;

/**
 * The words every channel uses for an alert: its title, who it is about, the one-line chat text and the e-mail
 * subject, with dollars as {@link Usd#format} writes them everywhere. Pure functions of the message, so every
 * channel says the same thing.
 */
final class AlertText {
  private static final Map<String, String> TITLES =
      Map.of(
          "daily_budget", "Daily budget exceeded",
          "monthly_budget", "Monthly budget exceeded",
          "budget_forecast", "Monthly budget forecast",
          "anomaly", "Unusual spend",
          "test", "Test alert");
  private static final Map<String, String> EMOJI =
      Map.of(
          "info", ":information_source:",
          "warning", ":warning:",
          "critical", ":rotating_light:");

  private AlertText() {}

  /** A few words for the type: {@code daily_budget} → "Daily budget exceeded"; unknown types read as words. */
  static String title(AlertMessage message) {
    String known = TITLES.get(message.type());
    if (known != null) {
      return known;
    }
    String words = message.type().replace('_', ' ').trim();
    return words.isEmpty() ? "Alert" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Who the alert is about: the user's name (or id), or "the whole gateway". */
  static String audience(AlertMessage message) {
    if (message.isGlobal()) {
      return "the whole gateway";
    }
    return message.userName() == null || message.userName().isBlank()
        ? message.scope()
        : message.userName();
  }

  /**
   * The Slack-compatible one-liner, e.g. {@code :warning: [Loom] Daily budget exceeded for alice: $12.40 of
   * $10.00 (2026-11-25)}. A name's {@code & < >} are escaped as Slack asks, so a user called
   * {@code <!channel>} cannot ping a whole channel.
   */
  static String chatLine(AlertMessage message) {
    String emoji = EMOJI.getOrDefault(message.severity(), ":bell:");
    return emoji
        + " [Loom] "
        + title(message)
        + " for "
        + slackEscape(oneLine(audience(message)))
        + ": "
        + Usd.format(message.currentUsd())
        + " of "
        + Usd.format(message.thresholdUsd())
        + " ("
        + slackEscape(oneLine(message.period()))
        + ")";
  }

  /** The e-mail subject, e.g. {@code [Loom] WARNING: Daily budget exceeded for alice}; always one line. */
  static String subject(AlertMessage message) {
    return "[Loom] "
        + message.severity().toUpperCase(Locale.ROOT)
        + ": "
        + title(message)
        + " for "
        + oneLine(audience(message));
  }

  /** The text with every control character (line breaks included) turned into a space. */
  static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}", " ");
  }

  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
