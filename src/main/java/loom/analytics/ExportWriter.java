package loom.analytics;

import java.io.Writer;
import java.util.Objects;

/**
 * Writes request logs to a {@link Writer} in one {@link ExportFormat}, one row at a time, so an export of any
 * size takes constant memory. Call {@link #begin()}, then {@link #write(RequestLog)} per row, then
 * {@link #end()}; an {@link java.io.IOException} of the target arrives as an
 * {@link java.io.UncheckedIOException}. Not thread-safe: one export, one thread.
 */
public interface ExportWriter extends AutoCloseable {
  /**
   * A writer of {@code format} onto {@code out}. The caller owns {@code out}: it picks the charset (UTF-8) and
   * closes it; this writer only flushes it. CSV is written field by field, so hand it a buffered writer.
   */
  static ExportWriter of(ExportFormat format, Writer out) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    return switch (format) {
      case CSV -> new ExportCsvWriter(out, ExportCsvColumn.LOGS);
      case FOCUS -> new ExportCsvWriter(out, ExportFocusColumns.COLUMNS);
      case JSON -> new ExportJsonWriter(out, false);
      case NDJSON -> new ExportJsonWriter(out, true);
    };
  }

  /** Writes what comes before the first row (a CSV header, a JSON {@code [}); once, first. */
  void begin();

  /** Writes one row; only between {@link #begin()} and {@link #end()}. */
  void write(RequestLog row);

  /** Writes what comes after the last row (a JSON {@code ]}) and flushes; once, after {@link #begin()}. */
  void end();

  /** How many rows have been written so far. */
  long rows();

  /**
   * Flushes what was written and releases buffers, without closing the target and without ending the
   * export: an export that failed half way stays visibly unfinished (a JSON array without its {@code ]})
   * rather than looking complete.
   */
  @Override
  void close();
}
