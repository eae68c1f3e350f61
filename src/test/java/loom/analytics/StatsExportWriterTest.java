package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsExportWriterTest {
  private static final Instant EXPORTED_AT = Instant.parse("2026-03-02T12:00:00Z");
  private static final UsageStats.TimeRange RANGE =
      new UsageStats.TimeRange(
          Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-02T11:30:00.250Z"));
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final UsageStats stats =
      new UsageStats(
          1_234,
          56_789,
          new BigDecimal("12.345678901"),
          812.5,
          500,
          4_000,
          0.0312,
          0.15,
          new BigDecimal("1.5"),
          ordered("usr_ada", 1_000L, "(none)", 234L),
          ordered("openai", 1_200L, "demo", 34L),
          ordered("gpt-4o", 1_234L),
          ordered("openai", new BigDecimal("12.3"), "demo", new BigDecimal("0.045678901")),
          ordered(
              "usr_ada",
              new BigDecimal("10"),
              "=HYPERLINK(\"http://x\")",
              new BigDecimal("2.345678901"),
              "a,b \"quoted\"",
              new BigDecimal("1E-9")),
          ordered("gpt-4o", new BigDecimal("12.345678901")),
          ordered("openai", 50_000L),
          ordered("usr_ada", 56_789L),
          ordered("openai", 900.25),
          ordered("chat.completions", 1_000L, "messages", 234L),
          ordered(
              "chat.completions", new BigDecimal("10"), "messages", new BigDecimal("2.345678901")),
          ordered("chat.completions", 40_000L, "messages", 16_789L),
          ordered("messages", 2_000.5, "chat.completions", 700.0),
          PromptCacheSummary.NONE,
          RANGE);

  @Test
  void jsonHasTheDocumentedFieldsInOrder() throws IOException {
    StringWriter out = new StringWriter();

    StatsExportWriter.writeJson(stats, EXPORTED_AT, out);

    JsonNode document = JSON.readTree(out.toString());
    assertThat(names(document))
        .containsExactly(
            "exported_at",
            "time_range",
            "summary",
            "cost_by_provider",
            "cost_by_user",
            "requests_by_provider",
            "requests_by_user",
            "cost_by_endpoint",
            "requests_by_endpoint");
    assertThat(document.get("exported_at").asText()).isEqualTo("2026-03-02T12:00:00Z");
    assertThat(document.get("time_range").get("start").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(document.get("time_range").get("end").asText())
        .isEqualTo("2026-03-02T11:30:00.250Z");
    JsonNode summary = document.get("summary");
    assertThat(names(summary))
        .containsExactly(
            "total_requests", "total_tokens", "total_cost_usd", "avg_latency_ms", "error_rate");
    assertThat(summary.get("total_requests").asLong()).isEqualTo(1_234);
    assertThat(summary.get("total_tokens").asLong()).isEqualTo(56_789);
    assertThat(summary.get("total_cost_usd").decimalValue()).isEqualByComparingTo("12.345678901");
    assertThat(summary.get("avg_latency_ms").asDouble()).isEqualTo(812.5);
    assertThat(summary.get("error_rate").asDouble()).isEqualTo(0.0312);
    assertThat(names(document.get("cost_by_provider"))).containsExactly("openai", "demo");
    assertThat(document.get("cost_by_provider").get("demo").decimalValue())
        .isEqualByComparingTo("0.045678901");
    assertThat(names(document.get("cost_by_user")))
        .containsExactly("usr_ada", "=HYPERLINK(\"http://x\")", "a,b \"quoted\"");
    assertThat(document.get("requests_by_provider").get("openai").asLong()).isEqualTo(1_200);
    assertThat(document.get("requests_by_user").get("(none)").asLong()).isEqualTo(234);
    assertThat(names(document.get("cost_by_endpoint")))
        .containsExactly("chat.completions", "messages");
    assertThat(document.get("cost_by_endpoint").get("messages").decimalValue())
        .isEqualByComparingTo("2.345678901");
    assertThat(document.get("requests_by_endpoint").get("messages").asLong()).isEqualTo(234);
  }

  @Test
  void jsonWritesMoneyInPlainNotation() {
    StringWriter out = new StringWriter();

    StatsExportWriter.writeJson(stats, EXPORTED_AT, out);

    assertThat(out.toString())
        .contains("\"total_cost_usd\":12.345678901", ":0.000000001")
        .doesNotContain("E-9");
  }

  @Test
  void csvHasFourSectionsSeparatedByAnEmptyLine() {
    StringWriter out = new StringWriter();

    StatsExportWriter.writeCsv(stats, EXPORTED_AT, out);

    String csv = out.toString();
    assertThat(csv.split("\r\n\r\n", -1)).hasSize(4);
    List<List<String>> records = ExportCsvReader.read(csv);
    assertThat(records)
        .containsExactly(
            List.of("Summary"),
            List.of("Metric", "Value"),
            List.of("Exported At", "2026-03-02T12:00:00Z"),
            List.of("Start", "2026-03-01T12:00:00Z"),
            List.of("End", "2026-03-02T11:30:00.250Z"),
            List.of("Total Requests", "1234"),
            List.of("Total Tokens", "56789"),
            List.of("Total Cost (USD)", "12.345678901"),
            List.of("Average Latency (ms)", "812.5"),
            List.of("Error Rate", "0.0312"),
            List.of(""),
            List.of("Cost by Provider"),
            List.of("Provider", "Cost (USD)"),
            List.of("openai", "12.3"),
            List.of("demo", "0.045678901"),
            List.of(""),
            List.of("Cost by User"),
            List.of("User", "Cost (USD)"),
            List.of("usr_ada", "10"),
            // A key a spreadsheet would run as a formula gets a leading quote; commas and quotes
            // are quoted.
            List.of("'=HYPERLINK(\"http://x\")", "2.345678901"),
            List.of("a,b \"quoted\"", "0.000000001"),
            List.of(""),
            List.of("Cost by Endpoint"),
            List.of("Endpoint", "Cost (USD)"),
            List.of("chat.completions", "10"),
            List.of("messages", "2.345678901"));
  }

  @Test
  void csvOfARangeWithoutRequestsStillHasEverySection() {
    UsageStats empty = UsageStats.of(List.of(), RANGE);
    StringWriter out = new StringWriter();

    StatsExportWriter.writeCsv(empty, EXPORTED_AT, out);

    List<List<String>> records = ExportCsvReader.read(out.toString());
    assertThat(records).contains(List.of("Total Requests", "0"), List.of("Total Cost (USD)", "0"));
    assertThat(records.subList(records.size() - 9, records.size()))
        .containsExactly(
            List.of(""),
            List.of("Cost by Provider"),
            List.of("Provider", "Cost (USD)"),
            List.of(""),
            List.of("Cost by User"),
            List.of("User", "Cost (USD)"),
            List.of(""),
            List.of("Cost by Endpoint"),
            List.of("Endpoint", "Cost (USD)"));
  }

  @Test
  void theTargetIsFlushedButNotClosed() {
    RecordingWriter json = new RecordingWriter();
    RecordingWriter csv = new RecordingWriter();

    StatsExportWriter.writeJson(stats, EXPORTED_AT, json);
    StatsExportWriter.writeCsv(stats, EXPORTED_AT, csv);

    assertThat(json.flushed).isTrue();
    assertThat(json.closed).isFalse();
    assertThat(csv.flushed).isTrue();
    assertThat(csv.closed).isFalse();
  }

  @Test
  void aFailingTargetFailsAsUncheckedIo() {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] chars, int offset, int length) throws IOException {
            throw new IOException("client went away");
          }

          @Override
          public void flush() throws IOException {
            throw new IOException("client went away");
          }

          @Override
          public void close() {}
        };

    assertThatThrownBy(() -> StatsExportWriter.writeCsv(stats, EXPORTED_AT, broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("client went away");
    assertThatThrownBy(() -> StatsExportWriter.writeJson(stats, EXPORTED_AT, broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("client went away");
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... keysAndValues) {
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return map;
  }

  private static final class RecordingWriter extends StringWriter {
    boolean flushed;
    boolean closed;

    @Override
    public void flush() {
      flushed = true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
