package loom.analytics;

import static loom.analytics.ExportCsvWriterTest.export;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportJsonWriterTest {
  /** Reads decimals as BigDecimal, so a cost is compared digit for digit, not as a double. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final List<String> ALWAYS =
      List.of(
          "id",
          "request_id",
          "timestamp",
          "user_id",
          "api_key_id",
          "end_user",
          "method",
          "path",
          "endpoint",
          "provider_id",
          "model_name",
          "prompt_tokens",
          "completion_tokens",
          "total_tokens",
          "cached_tokens",
          "cache_write_tokens",
          "cache_write_1h_tokens",
          "latency_ms",
          "time_to_first_byte_ms",
          "status_code",
          "cost_usd",
          "cost_saved_usd",
          "prompt_cache_saved_usd",
          "cache_status",
          "stream",
          "team_id",
          "session_id",
          "client_tool",
          "tags");

  private static JsonNode parse(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void noRowsIsAnEmptyArray() {
    assertThat(export(ExportFormat.JSON)).isEqualTo("[]");
  }

  @Test
  void rowsAreAnArrayOfObjectsWithTheApiFieldsInOrder() throws IOException {
    JsonNode array = parse(export(ExportFormat.JSON, LogRowSamples.log(1), LogRowSamples.log(2)));

    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(2);
    JsonNode log = array.get(0);
    assertThat(fieldNames(log)).containsExactlyElementsOf(ALWAYS);
    assertThat(log.get("id").asText()).isEqualTo("log_1");
    assertThat(log.get("request_id").asText()).isEqualTo("req_1");
    assertThat(log.get("timestamp").asText()).isEqualTo("2026-03-01T10:17:00Z");
    assertThat(log.get("user_id").asText()).isEqualTo("usr_bob");
    assertThat(log.get("api_key_id").asText()).isEqualTo("key_1");
    assertThat(log.get("end_user").asText()).isEqualTo("end_user_1");
    assertThat(log.get("provider_id").asText()).isEqualTo("demo");
    assertThat(log.get("model_name").asText()).isEqualTo("gpt-4o");
    assertThat(log.get("prompt_tokens").asLong()).isEqualTo(11);
    assertThat(log.get("completion_tokens").asLong()).isEqualTo(6);
    assertThat(log.get("total_tokens").asLong()).isEqualTo(17);
    assertThat(log.get("cached_tokens").asLong()).isEqualTo(1);
    assertThat(log.get("endpoint").asText()).isEqualTo("chat.completions");
    assertThat(log.get("cache_write_tokens").asLong()).isZero();
    assertThat(log.get("latency_ms").asLong()).isEqualTo(50);
    assertThat(log.get("time_to_first_byte_ms").asLong()).isEqualTo(1);
    assertThat(log.get("status_code").asInt()).isEqualTo(200);
    assertThat(log.get("cost_usd").decimalValue()).isEqualByComparingTo("0.000002468");
    assertThat(log.get("cost_saved_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(log.get("cache_status").asText()).isEqualTo("MISS");
    assertThat(log.get("stream").asBoolean()).isFalse();
    JsonNode messages = array.get(1);
    assertThat(messages.get("id").asText()).isEqualTo("log_2");
    assertThat(messages.get("path").asText()).isEqualTo("/v1/messages");
    assertThat(messages.get("endpoint").asText()).isEqualTo("messages");
    assertThat(messages.get("cache_write_tokens").asLong()).isEqualTo(4);
    assertThat(messages.get("cache_write_1h_tokens").asLong()).isEqualTo(2);
  }

  @Test
  void nullsOfRequiredFieldsAreWrittenAsNull() throws IOException {
    JsonNode log =
        parse(export(ExportFormat.JSON, ExportRowBuilder.sample(10).userId(null).build())).get(0);

    assertThat(fieldNames(log)).containsAll(ALWAYS);
    for (String field : List.of("user_id", "provider_id", "model_name", "time_to_first_byte_ms")) {
      assertThat(log.get(field).isNull()).as(field).isTrue();
    }
  }

  @Test
  void optionalFieldsAreOmittedWhenEmptyAndWrittenWhenPresent() throws IOException {
    RequestLog empty =
        ExportRowBuilder.sample(1).errorMessage("").metadata(null).build().withBodies("", null);
    RequestLog full =
        ExportRowBuilder.sample(3)
            .metadata("{\"usage_missing\":true,\"n\":[1,2]}")
            .build()
            .withBodies("{\"model\":\"gpt-4o\"}", "data: [DONE]");

    JsonNode array = parse(export(ExportFormat.JSON, empty, full));

    assertThat(fieldNames(array.get(0))).containsExactlyElementsOf(ALWAYS);
    JsonNode log = array.get(1);
    assertThat(fieldNames(log))
        .endsWith("error_message", "request_body", "response_body", "metadata");
    assertThat(log.get("error_message").asText()).isEqualTo("upstream said 'no'");
    assertThat(log.get("request_body").asText()).isEqualTo("{\"model\":\"gpt-4o\"}");
    assertThat(log.get("response_body").asText()).isEqualTo("data: [DONE]");
    assertThat(log.get("metadata").isObject()).isTrue();
    assertThat(log.get("metadata").get("usage_missing").asBoolean()).isTrue();
    assertThat(log.get("metadata").get("n")).hasSize(2);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"not json", "{\"open\":", "[1,2]", "\"text\"", "{} {}"})
  void metadataThatIsNotOneJsonObjectIsKeptAsAString(String metadata) throws IOException {
    JsonNode log =
        parse(export(ExportFormat.JSON, ExportRowBuilder.sample(1).metadata(metadata).build()))
            .get(0);

    assertThat(log.get("metadata").isTextual()).isTrue();
    assertThat(log.get("metadata").asText()).isEqualTo(metadata);
  }

  @Test
  void costsArePlainJsonNumbers() throws IOException {
    String json =
        export(
            ExportFormat.JSON,
            ExportRowBuilder.sample(1).costUsd("1E-9").costSavedUsd("12345678.000000000").build());

    assertThat(json).contains("\"cost_usd\":0.000000001,", "\"cost_saved_usd\":12345678,");
    assertThat(parse(json).get(0).get("cost_usd").isNumber()).isTrue();
  }

  @Test
  void textIsEscapedOnlyWhereJsonNeedsItAndUnicodeStaysAsItIs() throws IOException {
    String message = "said \"no\",\r\nthen 🚀 模型 =1";
    String json =
        export(ExportFormat.JSON, ExportRowBuilder.sample(3).errorMessage(message).build());

    assertThat(json).contains("\"error_message\":\"said \\\"no\\\",\\r\\nthen 🚀 模型 =1\"");
    assertThat(parse(json).get(0).get("error_message").asText()).isEqualTo(message);
  }

  @Test
  void ndjsonIsOneObjectPerNewlineTerminatedLine() throws IOException {
    String ndjson =
        export(
            ExportFormat.NDJSON,
            LogRowSamples.log(0),
            LogRowSamples.log(1),
            ExportRowBuilder.sample(3).errorMessage("line one\nline two").build());

    assertThat(ndjson).endsWith("}\n").doesNotStartWith("[");
    List<String> lines = List.of(ndjson.split("\n"));
    assertThat(lines).hasSize(3);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode log = parse(lines.get(i));
      assertThat(log.isObject()).isTrue();
      assertThat(fieldNames(log)).startsWith(ALWAYS.toArray(String[]::new));
    }
    assertThat(parse(lines.get(0)).get("metadata").get("usage_missing").asBoolean()).isTrue();
    assertThat(parse(lines.get(2)).get("error_message").asText()).isEqualTo("line one\nline two");
  }

  @Test
  void noRowsIsAnEmptyNdjsonFile() {
    assertThat(export(ExportFormat.NDJSON)).isEmpty();
  }

  @Test
  void anUnfinishedExportIsNotClosedForTheCaller() {
    StringWriter out = new StringWriter();
    try (ExportWriter writer = ExportWriter.of(ExportFormat.JSON, out)) {
      writer.begin();
      writer.write(LogRowSamples.log(1));
    }

    assertThat(out.toString()).startsWith("[{\"id\":\"log_1\"").endsWith("}");
  }

  @Test
  void costsKeepEveryStoredDigit() throws IOException {
    BigDecimal cost = new BigDecimal("123.456789012");
    JsonNode log =
        parse(
                export(
                    ExportFormat.JSON,
                    ExportRowBuilder.sample(1).costUsd(cost.toPlainString()).build()))
            .get(0);

    assertThat(log.get("cost_usd").decimalValue()).isEqualByComparingTo(cost);
  }
}
