package loom.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the dashboard writes numbers and times: US English, grouped, with units; times in UTC. */
final class Formats {
  private Formats() {}

  /** A minute in UTC as the pages write it: {@code Nov 25, 2026 16:02}. */
  static final DateTimeFormatter MINUTE_UTC =
      DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm", Locale.US).withZone(ZoneOffset.UTC);

  /** A point in time: {@code Nov 25, 2026 16:02 UTC}, or {@code none} when there is none. */
  static String utc(Instant at, String none) {
    return at == null ? none : MINUTE_UTC.format(at) + " UTC";
  }

  static String count(long value) {
    return String.format(Locale.US, "%,d", value);
  }

  /** Milliseconds, or seconds from one second up. */
  static String millis(double value) {
    if (value >= 1000) {
      return String.format(Locale.US, "%.2f s", value / 1000);
    }
    return String.format(Locale.US, "%.0f ms", value);
  }

  /** A fraction in [0, 1] as a percentage with one decimal. */
  static String percent(double fraction) {
    return String.format(Locale.US, "%.1f %%", fraction * 100);
  }

  /** A period's length in words: "1 hour", "24 hours", "7 days", "90 minutes". */
  static String duration(Duration length) {
    long minutes = length.toMinutes();
    if (minutes % (24 * 60) == 0 && minutes >= 48 * 60) {
      return plural(minutes / (24 * 60), "day");
    }
    if (minutes >= 60 && minutes % 60 == 0) {
      return plural(minutes / 60, "hour");
    }
    return plural(Math.max(minutes, 1), "minute");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
