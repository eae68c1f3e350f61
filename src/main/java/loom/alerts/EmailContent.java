package loom.alerts;

import loom.support.Usd;

/**
 * The two bodies of an alert e-mail: plain text, and HTML in which every value from the message is escaped,
 * so a name or message containing markup shows as text and never runs. Only http(s) dashboard URLs become
 * links.
 */
final class EmailContent {
  private EmailContent() {}

  static String plainText(AlertMessage message) {
    StringBuilder text =
        new StringBuilder()
            .append(AlertText.title(message))
            .append(" for ")
            .append(AlertText.audience(message))
            .append("\n\n")
            .append(message.message())
            .append("\n\n")
            .append("Current:    ")
            .append(Usd.format(message.currentUsd()))
            .append('\n')
            .append("Threshold:  ")
            .append(Usd.format(message.thresholdUsd()))
            .append('\n')
            .append("Period:     ")
            .append(message.period())
            .append('\n')
            .append("Severity:   ")
            .append(message.severity())
            .append('\n')
            .append("Triggered:  ")
            .append(message.triggeredAt())
            .append('\n')
            .append("Alert id:   ")
            .append(message.alertId())
            .append('\n');
    if (message.dashboardUrl() != null && !message.dashboardUrl().isBlank()) {
      text.append("\nDashboard: ").append(message.dashboardUrl()).append('\n');
    }
    return text.append("\n-- \nSent by Loom Gateway.\n").toString();
  }

  static String html(AlertMessage message) {
    StringBuilder html =
        new StringBuilder()
            .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(AlertText.subject(message)))
            .append("</title></head>\n")
            .append("<body style=\"font-family: sans-serif\">\n")
            .append("<h2>")
            .append(escape(AlertText.title(message)))
            .append(" for ")
            .append(escape(AlertText.audience(message)))
            .append("</h2>\n")
            .append("<p>")
            .append(escape(message.message()))
            .append("</p>\n")
            .append("<table cellpadding=\"4\">\n");
    row(html, "Current", Usd.format(message.currentUsd()));
    row(html, "Threshold", Usd.format(message.thresholdUsd()));
    row(html, "Period", message.period());
    row(html, "Severity", message.severity());
    row(html, "Triggered", message.triggeredAt().toString());
    row(html, "Alert id", message.alertId());
    html.append("</table>\n");
    String url = message.dashboardUrl();
    if (url != null && isWebUrl(url)) {
      html.append("<p><a href=\"").append(escape(url)).append("\">Open the dashboard</a></p>\n");
    } else if (url != null && !url.isBlank()) {
      // Anything else (javascript:, data:) is shown, never linked.
      html.append("<p>Dashboard: ").append(escape(url)).append("</p>\n");
    }
    return html.append(
            "<p style=\"color: #6b7280; font-size: smaller\">Sent by Loom Gateway.</p>\n")
        .append("</body></html>\n")
        .toString();
  }

  /** Escapes {@code & < > " '} so the text is safe in HTML content and in quoted attributes. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th align=\"left\">")
        .append(label)
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  private static boolean isWebUrl(String url) {
    String lower = url.trim().toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://");
  }
}
