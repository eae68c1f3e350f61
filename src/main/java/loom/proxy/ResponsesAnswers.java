package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's Responses API: the answer is a response object with its {@code usage}; a stream's events each carry a
 * {@code type}, and the response (with usage) comes whole in its last one, {@code response.completed},
 * {@code response.incomplete} or {@code response.failed}. Only {@code response.completed} ends a stream the cache
 * may keep. Every event reaches the client as it came. Only the events about the response as a whole are parsed.
 */
final class ResponsesAnswers extends AnswerReader {
  private static final Set<String> WITH_RESPONSE =
      Set.of(
          "response.created",
          "response.queued",
          "response.in_progress",
          "response.completed",
          "response.incomplete",
          "response.failed");
  private static final String COMPLETED = "response.completed";
  private static final Set<String> FINAL =
      Set.of(COMPLETED, "response.incomplete", "response.failed");
  // Without an event: line, the type is the data's first "type" (providers write it first).
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]{1,80})\"");

  private final ResponseTracking tracking;
  private boolean completed;
  private boolean ended;

  ResponsesAnswers(ObjectMapper json, ResponseTracking tracking) {
    super(json);
    this.tracking = tracking;
  }

  @Override
  void readBody(JsonNode answer, ProxyOutcome outcome) {
    tracking.seen(answer, outcome);
  }

  @Override
  EventFate readEvent(byte[] event, ProxyOutcome outcome) {
    String type = typeOf(event);
    if (type != null && WITH_RESPONSE.contains(type)) {
      JsonNode data = dataOf(event);
      if (data != null && data.path("response").isObject()) {
        tracking.seen(data.get("response"), outcome);
        completed |= type.equals(COMPLETED);
        ended |= FINAL.contains(type);
      }
    }
    return EventFate.SEND_AND_KEEP;
  }

  @Override
  boolean streamCompleted() {
    return completed;
  }

  @Override
  boolean cutShort() {
    // response.incomplete and response.failed end a stream too: what went wrong is the response's
    // own to tell.
    return !ended;
  }

  @Override
  byte[] failureEvent(OpenAiError error) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("type", "error")
        .put("code", error.code())
        .put("message", error.message())
        .putNull("param");
    return utf8("event: error\ndata: " + data);
  }

  private static String typeOf(byte[] event) {
    String name = SseEvents.name(event);
    if (name != null) {
      return name;
    }
    String data = SseEvents.data(event);
    Matcher type = TYPE.matcher(data.length() > 200 ? data.substring(0, 200) : data);
    return type.find() ? type.group(1) : null;
  }
}
