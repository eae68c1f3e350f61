package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A complete demo answer held in memory (a JSON body, an OpenAI or Anthropic error or a whole SSE stream):
 * there is no connection to abort or release. Each instance is read once, like any upstream response.
 */
record DemoResponse(int status, String contentType, InputStream body) implements UpstreamResponse {
  private static final String JSON_TYPE = "application/json";
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  /** A 200 with the node as its JSON body. */
  static DemoResponse json(JsonNode node) {
    return new DemoResponse(200, JSON_TYPE, new ByteArrayInputStream(utf8(node.toString())));
  }

  /** The error in OpenAI's shape, with its status. */
  static DemoResponse error(OpenAiError error) {
    return new DemoResponse(error.status(), JSON_TYPE, new ByteArrayInputStream(error.toJson()));
  }

  /**
   * The error in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, with its status and the
   * Anthropic error type for that status.
   */
  static DemoResponse anthropicError(OpenAiError error) {
    return new DemoResponse(
        AnthropicErrors.status(error),
        JSON_TYPE,
        new ByteArrayInputStream(AnthropicErrors.toJson(error)));
  }

  /** A 200 stream with one {@code data:} event per node, ended by {@code data: [DONE]} as OpenAI does. */
  static DemoResponse eventStream(List<? extends JsonNode> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.forEach(event -> out.writeBytes(utf8("data: " + event + "\n\n")));
    out.writeBytes(utf8("data: [DONE]\n\n"));
    return new DemoResponse(200, EVENT_STREAM, new ByteArrayInputStream(out.toByteArray()));
  }

  /**
   * A 200 stream with one named event per node, {@code event: <type>} then {@code data: <node>}, where the type
   * is the node's {@code type} field; no {@code [DONE]} follows (OpenAI's Responses API and Anthropic's Messages
   * API end their streams with a typed event).
   */
  static DemoResponse typedEventStream(List<? extends JsonNode> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode event : events) {
      out.writeBytes(utf8("event: " + event.path("type").asText() + "\ndata: " + event + "\n\n"));
    }
    return new DemoResponse(200, EVENT_STREAM, new ByteArrayInputStream(out.toByteArray()));
  }

  @Override
  public List<Map.Entry<String, String>> headers() {
    return List.of();
  }

  @Override
  public void abort() {
    // Nothing to drop.
  }

  @Override
  public void close() {
    // Nothing to release.
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
