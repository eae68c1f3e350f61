package loom.analytics;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file formats of {@code GET /api/v1/analytics/export}: each knows its media type and how its download is
 * named. FOCUS is the FinOps FOCUS 1.0 cost-and-usage columns as CSV.
 */
public enum ExportFormat {
  CSV("text/csv; charset=utf-8", "csv", "loom-logs-"),
  JSON("application/json", "json", "loom-logs-"),
  NDJSON("application/x-ndjson", "ndjson", "loom-logs-"),
  FOCUS("text/csv; charset=utf-8", "csv", "loom-focus-");

  private static final String ALLOWED =
      Arrays.stream(values())
          .map(format -> format.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));

  private final String contentType;
  private final String extension;
  private final String filenamePrefix;

  ExportFormat(String contentType, String extension, String filenamePrefix) {
    this.contentType = contentType;
    this.extension = extension;
    this.filenamePrefix = filenamePrefix;
  }

  /** Whether the rows carry their bodies and metadata (JSON and NDJSON); CSV and FOCUS columns have none. */
  boolean hasBodies() {
    return this == JSON || this == NDJSON;
  }

  /**
   * The format a {@code format} query parameter names, in any case.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones when it names no format
   */
  public static ExportFormat parse(String value) {
    if (value != null) {
      // Locale.ROOT: under a Turkish default locale "json".toUpperCase() would not be "JSON".
      String name = value.toUpperCase(Locale.ROOT);
      for (ExportFormat format : values()) {
        if (format.name().equals(name)) {
          return format;
        }
      }
    }
    throw new IllegalArgumentException(
        "format must be one of " + ALLOWED + "; got '" + value + "'");
  }

  /** The Content-Type header of a download in this format. */
  public String contentType() {
    return contentType;
  }

  /** The file name extension, without the dot. */
  public String extension() {
    return extension;
  }

  /** The download's file name for an export made on {@code day}: {@code loom-logs-2026-03-01.csv}. */
  public String filename(LocalDate day) {
    return filenamePrefix + day + "." + extension;
  }
}
