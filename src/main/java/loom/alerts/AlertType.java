package loom.alerts;

import java.util.Locale;

/** The kinds of spending alerts, each with the severity it is raised at. */
public enum AlertType {
  /** Today's spend reached the daily budget. */
  DAILY_BUDGET("warning", "Daily budget exceeded"),
  /** This month's spend reached the monthly budget. */
  MONTHLY_BUDGET("critical", "Monthly budget exceeded"),
  /** This month's spend reached 80 % of the monthly budget, or its pace projects past the budget. */
  BUDGET_FORECAST("warning", "Monthly budget forecast"),
  /** Today's spend is far above the trailing 7-day daily mean. */
  ANOMALY("warning", "Unusual spend");

  private final String severity;
  private final String title;

  AlertType(String severity, String title) {
    this.severity = severity;
    this.title = title;
  }

  /** The name used in the API and the store: {@code daily_budget} … */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String severity() {
    return severity;
  }

  /** A few words for subjects and chat lines. */
  public String title() {
    return title;
  }

  public static AlertType fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
