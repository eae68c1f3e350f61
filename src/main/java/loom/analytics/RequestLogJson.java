package loom.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The RequestLog JSON object of API.md (plus endpoint after path, cache_write_tokens and cache_write_1h_tokens
 * after cached_tokens, prompt_cache_saved_usd after cost_saved_usd, and the attribution after stream: team_id,
 * session_id, client_tool and tags, always present, null or [] for none), written field by field: snake_case names, costs as plain numbers, response_id (of the
 * Responses API response the call made or touched), error_message, request_body, response_body and metadata left
 * out when empty, metadata embedded as an object when it is one. One definition for the logs endpoint and the JSON and NDJSON exports.
 */
public final class RequestLogJson {
  /** Reads metadata only; thread-safe once configured. Trailing tokens make metadata text, not an object. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private RequestLogJson() {}

  public static void write(JsonGenerator json, RequestLog row) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", row.id());
    json.writeStringField("request_id", row.requestId());
    json.writeStringField("timestamp", row.timestamp().toString());
    json.writeStringField("user_id", row.userId());
    json.writeStringField("api_key_id", row.apiKeyId());
    json.writeStringField("end_user", row.endUser());
    json.writeStringField("method", row.method());
    json.writeStringField("path", row.path());
    json.writeStringField("endpoint", row.endpoint());
    json.writeStringField("provider_id", row.providerId());
    json.writeStringField("model_name", row.modelName());
    json.writeNumberField("prompt_tokens", row.promptTokens());
    json.writeNumberField("completion_tokens", row.completionTokens());
    json.writeNumberField("total_tokens", row.totalTokens());
    json.writeNumberField("cached_tokens", row.cachedTokens());
    json.writeNumberField("cache_write_tokens", row.cacheWriteTokens());
    json.writeNumberField("cache_write_1h_tokens", row.cacheWrite1hTokens());
    json.writeNumberField("latency_ms", row.latencyMs());
    json.writeFieldName("time_to_first_byte_ms");
    if (row.timeToFirstByteMs() == null) {
      json.writeNull();
    } else {
      json.writeNumber(row.timeToFirstByteMs());
    }
    json.writeNumberField("status_code", row.statusCode());
    json.writeNumberField("cost_usd", Money.plain(row.costUsd()));
    json.writeNumberField("cost_saved_usd", Money.plain(row.costSavedUsd()));
    json.writeNumberField("prompt_cache_saved_usd", row.promptCacheSavedUsd());
    json.writeStringField("cache_status", row.cacheStatus().name());
    json.writeBooleanField("stream", row.stream());
    json.writeStringField("team_id", row.attribution().teamId());
    json.writeStringField("session_id", row.attribution().sessionId());
    json.writeStringField("client_tool", row.attribution().clientTool());
    json.writeArrayFieldStart("tags");
    for (String tag : row.attribution().tags()) {
      json.writeString(tag);
    }
    json.writeEndArray();
    writeOptional(json, "response_id", row.responseId());
    writeOptional(json, "error_message", row.errorMessage());
    writeOptional(json, "request_body", row.requestBody());
    writeOptional(json, "response_body", row.responseBody());
    writeMetadata(json, row.metadata());
    json.writeEndObject();
  }

  private static void writeOptional(JsonGenerator json, String name, String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      json.writeStringField(name, value);
    }
  }

  /** Metadata is a JSON object as text: embedded as an object when it is one, else kept as a string. */
  private static void writeMetadata(JsonGenerator json, String metadata) throws IOException {
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
