package loom.analytics;

import java.time.Duration;
import java.time.Instant;

/** The width of the points of a time series: UTC minutes, hours or days. */
public enum TimeBucket {
  MINUTE(Duration.ofMinutes(1)),
  HOUR(Duration.ofHours(1)),
  DAY(Duration.ofDays(1));

  private final long millis;

  TimeBucket(Duration width) {
    this.millis = width.toMillis();
  }

  public long millis() {
    return millis;
  }

  /** The name used in the API: {@code minute}, {@code hour}, {@code day}. */
  public String id() {
    return ApiNames.of(this);
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
    return ApiNames.parse(values(), value);
  }
}
