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
  private final StringBuilder line = new StringBuilder(512);
  private char[] chars = new char[512];

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

  /**
   * Builds the line first and hands it to the writer in one call: a million rows of 15 fields made 16 million
   * small writes into the buffered writer, each a lock and a copy.
   */
  @Override
  void writeRow(RequestLog row) throws IOException {
    line.setLength(0);
    for (int i = 0; i < columns.size(); i++) {
      ExportCsvColumn column = columns.get(i);
      String value = column.cell().apply(row);
      if (i > 0) {
        line.append(',');
      }
      appendField(line, column.isText() ? guarded(value) : value);
    }
    line.append(LINE_END);
    if (chars.length < line.length()) {
      chars = new char[line.length() * 2];
    }
    line.getChars(0, line.length(), chars, 0);
    out.write(chars, 0, line.length());
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
    StringBuilder field = new StringBuilder();
    appendField(field, value);
    return field.toString();
  }

  private static void appendField(StringBuilder line, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (!needsQuotes(value)) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      line.append(c);
      if (c == '"') {
        line.append('"');
      }
    }
    line.append('"');
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
