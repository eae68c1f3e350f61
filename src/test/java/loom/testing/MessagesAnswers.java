package loom.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages API bodies and stream events {@link FakeUpstream} answers with, in the
 * shapes Anthropic's SDKs and Claude Code parse. Stateless.
 */
final class MessagesAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessagesAnswers() {}

  /** The whole message of a JSON answer, with its final usage. */
  static String message(MessageDraft draft) {
    var body = envelope(draft);
    body.putArray("content").addObject().put("type", "text").put("text", draft.text());
    body.put("stop_reason", "end_turn");
    body.putNull("stop_sequence");
    body.set("usage", usage(draft.usage(), draft.usage().outputTokens()));
    return body.toString();
  }

  /** {@code message_start}: an empty message whose usage has the start's input side and 1 output token. */
  static String messageStart(MessageDraft draft, MessagesUsage startUsage) {
    var message = envelope(draft);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage(startUsage, 1));
    var event = JSON.createObjectNode().put("type", "message_start");
    event.set("message", message);
    return event.toString();
  }

  static String contentBlockStart() {
    var event = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
    event.putObject("content_block").put("type", "text").put("text", "");
    return event.toString();
  }

  /** Anthropic's ping, spaced as the API sends it. */
  static String ping() {
    return "{\"type\": \"ping\"}";
  }

  static String contentBlockDelta(String text) {
    var event = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
    event.putObject("delta").put("type", "text_delta").put("text", text);
    return event.toString();
  }

  static String contentBlockStop() {
    return JSON.createObjectNode().put("type", "content_block_stop").put("index", 0).toString();
  }

  /**
   * {@code message_delta}: the stop reason and the output tokens, plus each input-side field of
   * {@code finalUsage} that {@code startUsage} reported differently (none when they agree).
   */
  static String messageDelta(MessagesUsage finalUsage, MessagesUsage startUsage) {
    var event = JSON.createObjectNode().put("type", "message_delta");
    event.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
    var usage = event.putObject("usage");
    if (finalUsage.inputTokens() != startUsage.inputTokens()) {
      usage.put("input_tokens", finalUsage.inputTokens());
    }
    if (finalUsage.cacheCreationInputTokens() != startUsage.cacheCreationInputTokens()
        || finalUsage.cacheWrite1hInputTokens() != startUsage.cacheWrite1hInputTokens()) {
      usage.put("cache_creation_input_tokens", finalUsage.cacheCreationInputTokens());
      usage.set("cache_creation", cacheCreation(finalUsage));
    }
    if (finalUsage.cacheReadInputTokens() != startUsage.cacheReadInputTokens()) {
      usage.put("cache_read_input_tokens", finalUsage.cacheReadInputTokens());
    }
    usage.put("output_tokens", finalUsage.outputTokens());
    return event.toString();
  }

  static String messageStop() {
    return JSON.createObjectNode().put("type", "message_stop").toString();
  }

  /** Anthropic's error body, as a JSON answer or as the data of an {@code error} event. */
  static String error(String type, String message) {
    var body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    return body.toString();
  }

  static String tokenCount(long inputTokens) {
    return JSON.createObjectNode().put("input_tokens", inputTokens).toString();
  }

  static ObjectNode usage(MessagesUsage usage, long outputTokens) {
    var body = JSON.createObjectNode().put("input_tokens", usage.inputTokens());
    body.put("cache_creation_input_tokens", usage.cacheCreationInputTokens());
    body.put("cache_read_input_tokens", usage.cacheReadInputTokens());
    body.set("cache_creation", cacheCreation(usage));
    body.put("output_tokens", outputTokens);
    body.put("service_tier", "standard");
    return body;
  }

  private static ObjectNode cacheCreation(MessagesUsage usage) {
    return JSON.createObjectNode()
        .put("ephemeral_5m_input_tokens", usage.cacheWrite5mInputTokens())
        .put("ephemeral_1h_input_tokens", usage.cacheWrite1hInputTokens());
  }

  private static ObjectNode envelope(MessageDraft draft) {
    return JSON.createObjectNode()
        .put("id", draft.id())
        .put("type", "message")
        .put("role", "assistant")
        .put("model", draft.model());
  }

  /** What one answer says, streamed or not. */
  record MessageDraft(String id, String model, String text, MessagesUsage usage) {}
}
