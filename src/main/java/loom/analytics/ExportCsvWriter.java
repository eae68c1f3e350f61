package loom.analytics;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes rows as RFC 4180 CSV: a header line, then one line per row, CRLF line ends, and fields with a
 * comma, quote, CR or LF quoted with doubled quotes. Text cells that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or CR) get a leading {@code '} (OWASP "CSV injection"). Characters are
 * written as they are; the target {@link Writer} encodes them (as UTF-8).
 */
final class ExportCsvWriter extends ExportBaseWriter {
  private static final String LINE_END = "\r\n";

  private final Writer out;
  private final List<ExportCsvColumn> columns;

  ExportCsvWriter(Writer out, List<ExportCsvColumn> columns) {
    this.out = out;
    this.columns = List.copyOf(columns);
  }

  @Override
  void writeStart() throws IOException {
    for (int i = 0; i < columns.size(); i++) {
      writeField(i, columns.get(i).header());
    }
    out.write(LINE_END);
  }

  @Override
  void writeRow(RequestLog row) throws IOException {
    for (int i = 0; i < columns.size(); i++) {
      ExportCsvColumn column = columns.get(i);
      String value = column.cell().apply(row);
      writeField(i, column.isText() ? guarded(value) : value);
    }
    out.write(LINE_END);
  }

  @Override
  void writeEnd() throws IOException {
    out.flush();
  }

  @Override
  void release() throws IOException {
    out.flush();
  }

  /** {@code value} with a leading {@code '} when a spreadsheet would read it as a formula; null stays null. */
  static String guarded(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return switch (value.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
      default -> value;
    };
  }

  /** {@code value} as one RFC 4180 field: null and empty as an empty field, quoted only when it must be. */
  static String field(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (!needsQuotes(value)) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private void writeField(int index, String value) throws IOException {
    if (index > 0) {
      out.write(',');
    }
    out.write(field(value));
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
