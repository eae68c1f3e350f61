package loom.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human units of loom.yaml: durations such as {@code 30s} and sizes such as {@code 4MB}. */
public final class Units {
  static final String DURATION_FORMAT = "a duration like 500ms, 30s, 5m, 2h or 90d";
  static final String SIZE_FORMAT = "a size like 512KB, 4MB or 1GB (or a number of bytes)";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|mb|gb)?");

  private Units() {}

  /** Returns the duration, or throws {@link IllegalArgumentException} when the text is not one. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(DURATION_FORMAT);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Returns the size in bytes (units are powers of 1024), or throws {@link IllegalArgumentException}. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(SIZE_FORMAT);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor =
        switch (unit) {
          case "kb" -> 1024L;
          case "mb" -> 1024L * 1024;
          case "gb" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    return Math.multiplyExact(amount, factor);
  }
}
