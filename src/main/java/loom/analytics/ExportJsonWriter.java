package loom.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes rows as the RequestLog JSON objects of API.md (snake_case; error_message, request_body, response_body
 * and metadata left out when empty), either as one JSON array or as NDJSON, one object per
 * {@code \n}-terminated line. Streams through one Jackson {@link JsonGenerator}; costs are JSON numbers in
 * plain notation.
 */
final class ExportJsonWriter extends ExportBaseWriter {
  /** Reads metadata only; thread-safe once configured. Trailing tokens make metadata text, not an object. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Writer out;
  private final boolean lines;
  private final JsonGenerator json;

  ExportJsonWriter(Writer out, boolean lines) {
    this.out = out;
    this.lines = lines;
    try {
      this.json = MAPPER.createGenerator(out)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          // The caller owns the target; and a failed export must not get its closing ] written for it.
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // NDJSON separates with the \n we write after each object, not Jackson's default space.
    json.setRootValueSeparator(null);
  }

  @Override
  void writeStart() throws IOException {
    if (!lines) {
      json.writeStartArray();
    }
  }

  @Override
  void writeRow(RequestLog row) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", row.id());
    json.writeStringField("request_id", row.requestId());
    json.writeStringField("timestamp", row.timestamp().toString());
    json.writeStringField("user_id", row.userId());
    json.writeStringField("api_key_id", row.apiKeyId());
    json.writeStringField("end_user", row.endUser());
    json.writeStringField("method", row.method());
    json.writeStringField("path", row.path());
    json.writeStringField("provider_id", row.providerId());
    json.writeStringField("model_name", row.modelName());
    json.writeNumberField("prompt_tokens", row.promptTokens());
    json.writeNumberField("completion_tokens", row.completionTokens());
    json.writeNumberField("total_tokens", row.totalTokens());
    json.writeNumberField("cached_tokens", row.cachedTokens());
    json.writeNumberField("latency_ms", row.latencyMs());
    json.writeFieldName("time_to_first_byte_ms");
    if (row.timeToFirstByteMs() == null) {
      json.writeNull();
    } else {
      json.writeNumber(row.timeToFirstByteMs());
    }
    json.writeNumberField("status_code", row.statusCode());
    json.writeNumberField("cost_usd", exportedCost(row.costUsd()));
    json.writeNumberField("cost_saved_usd", exportedCost(row.costSavedUsd()));
    json.writeStringField("cache_status", row.cacheStatus().name());
    json.writeBooleanField("stream", row.stream());
    writeOptional("error_message", row.errorMessage());
    writeOptional("request_body", row.requestBody());
    writeOptional("response_body", row.responseBody());
    writeMetadata(row.metadata());
    json.writeEndObject();
    if (lines) {
      json.writeRaw('\n');
    }
  }

  @Override
  void writeEnd() throws IOException {
    if (!lines) {
      json.writeEndArray();
    }
    json.flush();
  }

  @Override
  void release() throws IOException {
    // With AUTO_CLOSE_TARGET off this flushes into the target and leaves it open.
    json.close();
    out.flush();
  }

  private void writeOptional(String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      json.writeStringField(name, value);
    }
  }

  /** Metadata is a JSON object as text: embedded as an object when it is one, else kept as a string. */
  private void writeMetadata(String metadata) throws IOException {
    if (metadata == null || metadata.isBlank()) {
      return;
    }
    JsonNode parsed = parseObject(metadata);
    json.writeFieldName("metadata");
    if (parsed != null) {
      json.writeTree(parsed);
    } else {
      json.writeString(metadata);
    }
  }

  private static JsonNode parseObject(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }
}
