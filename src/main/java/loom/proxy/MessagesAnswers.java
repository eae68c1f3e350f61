package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Anthropic's Messages API: the answer's {@code usage}; in a stream, {@code message_start} carries the usage of the
 * input and any field {@code message_delta} repeats replaces it (Anthropic's own rule; the output tokens come
 * only there). {@code message_stop} ends a stream the cache may keep. Every event reaches the client as it came.
 */
final class MessagesAnswers extends AnswerReader {
  private ObjectNode usage;
  private boolean completed;

  MessagesAnswers(ObjectMapper json) {
    super(json);
  }

  @Override
  void readBody(JsonNode answer, ProxyOutcome outcome) {
    outcome.usage(Usage.fromAnthropic(answer.get("usage")));
  }

  @Override
  EventFate readEvent(byte[] event, ProxyOutcome outcome) {
    String name = SseEvents.name(event);
    if ("message_stop".equals(name)) {
      completed = true;
    } else if ("message_start".equals(name) || "message_delta".equals(name)) {
      JsonNode data = dataOf(event);
      JsonNode reported =
          data == null
              ? null
              : "message_start".equals(name)
                  ? data.path("message").get("usage")
                  : data.get("usage");
      if (reported instanceof ObjectNode fields) {
        merge(fields);
        outcome.usage(Usage.fromAnthropic(usage));
      }
    }
    return EventFate.SEND_AND_KEEP;
  }

  @Override
  boolean streamCompleted() {
    return completed;
  }

  @Override
  byte[] failureEvent(OpenAiError error) {
    return utf8("event: error\ndata: " + AnthropicErrors.body(error));
  }

  /** Every field reported now replaces the one reported before (nested objects field by field). */
  private void merge(ObjectNode reported) {
    if (usage == null) {
      usage = reported.deepCopy();
      return;
    }
    mergeInto(usage, reported);
  }

  private static void mergeInto(ObjectNode target, ObjectNode source) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      if (field.getValue() instanceof ObjectNode nested
          && target.get(field.getKey()) instanceof ObjectNode existing) {
        mergeInto(existing, nested);
      } else if (!field.getValue().isNull()) {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }
}
