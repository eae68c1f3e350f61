package loom.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A time range the dashboard shows: [start, end), UTC.
 *
 * @param description how the picker named it ("last 24 hours"), or null for a custom range
 */
public record Window(Instant start, Instant end, String description) {
  public Window {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("start " + start + " must be before end " + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** The period of the same length just before this one, to compare with. */
  public Window previous() {
    return new Window(start.minus(length()), start, null);
  }

  /** "last 24 hours", or the dates of a custom range. */
  public String label() {
    return description != null
        ? description
        : Formats.MINUTE_UTC.format(start) + " – " + Formats.MINUTE_UTC.format(end) + " UTC";
  }
}
