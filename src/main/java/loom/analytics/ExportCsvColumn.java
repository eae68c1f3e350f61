package loom.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One column of a CSV export: its header and how a row's cell is made. Text cells are guarded against
 * formula injection when written; numbers, costs and times are made by us and never start with a formula
 * character, so they are written as they are.
 *
 * @param isText whether the cell holds text from outside (ids, paths, messages) that needs the guard
 * @param cell the cell's value before quoting; null for an empty cell
 */
record ExportCsvColumn(String header, boolean isText, Function<RequestLog, String> cell) {
  /** The CSV columns of API.md, in order, then the ones added since (at the end, so columns keep their place). */
  static final List<ExportCsvColumn> LOGS =
      List.of(
          time("Timestamp", RequestLog::timestamp),
          text("Request ID", RequestLog::requestId),
          text("User ID", RequestLog::userId),
          text("Method", RequestLog::method),
          text("Path", RequestLog::path),
          text("Provider ID", RequestLog::providerId),
          text("Model", RequestLog::modelName),
          number("Prompt Tokens", RequestLog::promptTokens),
          number("Completion Tokens", RequestLog::completionTokens),
          number("Total Tokens", RequestLog::totalTokens),
          number("Latency (ms)", RequestLog::latencyMs),
          number("Status Code", RequestLog::statusCode),
          cost("Cost (USD)", RequestLog::costUsd),
          text("Cache Status", row -> row.cacheStatus().name()),
          text("Error Message", RequestLog::errorMessage),
          text("Endpoint", RequestLog::endpoint),
          number("Cache Write Tokens", RequestLog::cacheWriteTokens),
          text("API Key ID", RequestLog::apiKeyId),
          text("End User", RequestLog::endUser),
          text("Team ID", row -> row.attribution().teamId()),
          text("Session ID", row -> row.attribution().sessionId()),
          text("Client Tool", row -> row.attribution().clientTool()),
          text(
              "Tags",
              row ->
                  row.attribution().tags().isEmpty()
                      ? null
                      : String.join(",", row.attribution().tags())),
          number("Cached Tokens", RequestLog::cachedTokens),
          cost("Prompt Cache Saved (USD)", RequestLog::promptCacheSavedUsd),
          cost("Cache Saved (USD)", RequestLog::costSavedUsd),
          text("Cache Hit", RequestLog::cacheHitKind),
          text(
              "Cache Similarity",
              row ->
                  row.semanticSimilarity() == null ? null : row.semanticSimilarity().toString()));

  ExportCsvColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(cell, "cell");
  }

  static ExportCsvColumn text(String header, Function<RequestLog, String> cell) {
    return new ExportCsvColumn(header, true, cell);
  }

  static ExportCsvColumn number(String header, ToLongFunction<RequestLog> cell) {
    return new ExportCsvColumn(header, false, row -> Long.toString(cell.applyAsLong(row)));
  }

  static ExportCsvColumn cost(String header, Function<RequestLog, BigDecimal> cell) {
    return new ExportCsvColumn(
        header, false, row -> ExportBaseWriter.exportedCost(cell.apply(row)).toPlainString());
  }

  /** An RFC 3339 UTC time, as {@link Instant#toString()} writes it. */
  static ExportCsvColumn time(String header, Function<RequestLog, Instant> cell) {
    return new ExportCsvColumn(
        header,
        false,
        row -> {
          Instant at = cell.apply(row);
          return at == null ? null : at.toString();
        });
  }

  /** A column whose every cell is {@code value} (a FOCUS constant such as {@code USD}). */
  static ExportCsvColumn constant(String header, String value) {
    return new ExportCsvColumn(header, false, row -> value);
  }
}
