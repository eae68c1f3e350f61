package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's classic API (chat, completions, embeddings): usage in the answer's {@code usage}; a stream reports it in
 * a chunk of its own (asked for by the gateway when the client did not, and then dropped again) and ends with
 * {@code data: [DONE]}.
 */
final class ChatAnswers extends AnswerReader {
  private static final byte[] USAGE_FIELD = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

  private final boolean clientWantsUsage;
  private boolean done;

  ChatAnswers(ObjectMapper json, boolean clientWantsUsage) {
    super(json);
    this.clientWantsUsage = clientWantsUsage;
  }

  @Override
  void readBody(JsonNode answer, ProxyOutcome outcome) {
    outcome.usage(Usage.from(answer.get("usage")));
  }

  @Override
  EventFate readEvent(byte[] event, ProxyOutcome outcome) {
    if (isDone(event)) {
      done = true;
      return EventFate.SEND;
    }
    JsonNode chunk = SseEvents.contains(event, USAGE_FIELD) ? dataOf(event) : null;
    if (chunk == null || !chunk.path("usage").isObject()) {
      return EventFate.SEND_AND_KEEP;
    }
    outcome.usage(Usage.from(chunk.get("usage")));
    boolean usageOnly = chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
    if (!usageOnly) {
      return EventFate.SEND_AND_KEEP;
    }
    // The usage chunk the gateway asked for on its own behalf: the client never sees it. The cache
    // keeps usage apart.
    return clientWantsUsage ? EventFate.SEND : EventFate.DROP;
  }

  @Override
  boolean streamCompleted() {
    return done;
  }

  @Override
  byte[] failureEvent(OpenAiError error) {
    return utf8("data: " + new String(error.toJson(), StandardCharsets.UTF_8));
  }

  private static boolean isDone(byte[] event) {
    if (event.length > 20) {
      return false;
    }
    String text = new String(event, StandardCharsets.UTF_8).strip();
    return text.equals("data: [DONE]") || text.equals("data:[DONE]");
  }
}
