package loom.dashboard;

import java.time.Duration;

/** The choices of the time-range picker: the last hour, day, week or month up to now, or a custom range. */
public enum RangePreset {
  LAST_1H("1 h", "last hour", Duration.ofHours(1)),
  LAST_24H("24 h", "last 24 hours", Duration.ofHours(24)),
  LAST_7D("7 d", "last 7 days", Duration.ofDays(7)),
  LAST_30D("30 d", "last 30 days", Duration.ofDays(30)),
  CUSTOM("Custom", "custom range", null);

  private final String label;
  private final String description;
  private final Duration length;

  RangePreset(String label, String description, Duration length) {
    this.label = label;
    this.description = description;
    this.length = length;
  }

  /** The button text. */
  public String getLabel() {
    return label;
  }

  public String getDescription() {
    return description;
  }

  /** How far back from now; null for {@link #CUSTOM}. */
  Duration length() {
    return length;
  }
}
