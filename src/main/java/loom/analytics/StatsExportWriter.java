package loom.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code GET /analytics/export-stats}: a summary of a range as JSON (API.md's fields, then
 * {@code cost_by_endpoint} and {@code requests_by_endpoint}) or as CSV in four sections, Summary, Cost by Provider,
 * Cost by User and Cost by Endpoint, separated by an empty line, with the same quoting and formula guard as the log
 * exports.
 */
final class StatsExportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final String LINE_END = "\r\n";

  private StatsExportWriter() {}

  record Summary(
      long totalRequests,
      long totalTokens,
      BigDecimal totalCostUsd,
      double avgLatencyMs,
      double errorRate) {}

  record Document(
      Instant exportedAt,
      UsageStats.TimeRange timeRange,
      Summary summary,
      Map<String, BigDecimal> costByProvider,
      Map<String, BigDecimal> costByUser,
      Map<String, Long> requestsByProvider,
      Map<String, Long> requestsByUser,
      Map<String, BigDecimal> costByEndpoint,
      Map<String, Long> requestsByEndpoint) {}

  static void writeJson(UsageStats stats, Instant exportedAt, Writer out) {
    try {
      JSON.writeValue(out, document(stats, exportedAt));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeCsv(UsageStats stats, Instant exportedAt, Writer out) {
    Document document = document(stats, exportedAt);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("Exported At", exportedAt);
    summary.put("Start", stats.timeRange().start());
    summary.put("End", stats.timeRange().end());
    summary.put("Total Requests", document.summary().totalRequests());
    summary.put("Total Tokens", document.summary().totalTokens());
    summary.put("Total Cost (USD)", document.summary().totalCostUsd().toPlainString());
    summary.put("Average Latency (ms)", document.summary().avgLatencyMs());
    summary.put("Error Rate", document.summary().errorRate());
    try {
      section(out, "Summary", "Metric", "Value", summary);
      out.write(LINE_END);
      section(out, "Cost by Provider", "Provider", "Cost (USD)", plain(stats.costByProvider()));
      out.write(LINE_END);
      section(out, "Cost by User", "User", "Cost (USD)", plain(stats.costByUser()));
      out.write(LINE_END);
      section(out, "Cost by Endpoint", "Endpoint", "Cost (USD)", plain(stats.costByEndpoint()));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Document document(UsageStats stats, Instant exportedAt) {
    return new Document(
        exportedAt,
        stats.timeRange(),
        new Summary(
            stats.totalRequests(),
            stats.totalTokens(),
            stats.totalCostUsd(),
            stats.avgLatencyMs(),
            stats.errorRate()),
        stats.costByProvider(),
        stats.costByUser(),
        stats.requestsByProvider(),
        stats.requestsByUser(),
        stats.costByEndpoint(),
        stats.requestsByEndpoint());
  }

  private static Map<String, Object> plain(Map<String, BigDecimal> costs) {
    Map<String, Object> values = new LinkedHashMap<>();
    costs.forEach((key, cost) -> values.put(key, cost.toPlainString()));
    return values;
  }

  private static void section(
      Writer out, String title, String keyHeader, String valueHeader, Map<String, Object> rows)
      throws IOException {
    out.write(ExportCsvWriter.field(title) + LINE_END);
    out.write(
        ExportCsvWriter.field(keyHeader) + "," + ExportCsvWriter.field(valueHeader) + LINE_END);
    for (Map.Entry<String, Object> row : rows.entrySet()) {
      out.write(
          ExportCsvWriter.field(ExportCsvWriter.guarded(row.getKey()))
              + ","
              + ExportCsvWriter.field(String.valueOf(row.getValue()))
              + LINE_END);
    }
  }
}
