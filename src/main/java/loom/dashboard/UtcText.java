package loom.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the management pages (alerts, users and keys) write a point in time: {@code Nov 25, 2026 16:02 UTC}. */
final class UtcText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm", Locale.US)
      .withZone(ZoneOffset.UTC);

  private UtcText() {
  }

  /** The time in UTC, or {@code none} when there is none. */
  static String of(Instant at, String none) {
    return at == null ? none : TIME.format(at) + " UTC";
  }
}
