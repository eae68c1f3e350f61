package loom.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The width of the points of a time series: UTC minutes, hours or days. */
public enum TimeBucket {
  MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

  static final String ALLOWED =
      Arrays.stream(values()).map(TimeBucket::id).collect(Collectors.joining(", "));

  private final long millis;

  TimeBucket(Duration width) {
    this.millis = width.toMillis();
  }

  public long millis() {
    return millis;
  }

  /** The name used in the API: {@code minute}, {@code hour}, {@code day}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The start of the bucket that holds {@code at}. */
  public Instant floor(Instant at) {
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
  }

  /** The bucket a range is shown in when the caller does not choose: a few hundred points at most. */
  public static TimeBucket auto(Instant start, Instant end) {
    Duration range = Duration.between(start, end);
    if (range.compareTo(Duration.ofHours(6)) <= 0) {
      return MINUTE;
    }
    return range.compareTo(Duration.ofDays(14)) <= 0 ? HOUR : DAY;
  }

  /** The bucket an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static TimeBucket parse(String value) {
    for (TimeBucket bucket : values()) {
      if (bucket.id().equalsIgnoreCase(value)) {
        return bucket;
      }
    }
    throw new IllegalArgumentException("must be one of " + ALLOWED + "; got '" + value + "'");
  }
}
