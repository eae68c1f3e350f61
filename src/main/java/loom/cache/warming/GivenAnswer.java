package loom.cache.warming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import loom.config.WireApi;
import loom.proxy.Endpoint;
import loom.proxy.Usage;

/**
 * An answer to store as it is rather than fetch: a JSON body given in a warming file, or the response a request log
 * kept. It is checked to be an answer of the endpoint's kind (a chat completion for {@code /chat/completions}, a
 * response object for {@code /responses} …), so the cache never replays something a client could not have received.
 *
 * @param body the JSON body, or null for a stream
 * @param events a stream's events as the cache keeps them (no usage-only chunk, no {@code [DONE]}); empty for a body
 */
record GivenAnswer(String contentType, String body, List<String> events, Usage usage) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
  private static final String TRUNCATED = "[TRUNCATED ";
  private static final String REDACTED = "[REDACTED:";

  GivenAnswer {
    Objects.requireNonNull(contentType, "contentType");
    events = List.copyOf(events);
    Objects.requireNonNull(usage, "usage");
  }

  /**
   * A JSON answer of the endpoint's kind, with the usage it reports (none when it has none).
   *
   * @throws IllegalArgumentException saying what the answer lacks
   */
  static GivenAnswer ofJson(Endpoint endpoint, JsonNode answer) {
    if (answer == null || !answer.isObject()) {
      throw new IllegalArgumentException("response must be a JSON object");
    }
    if (answer.has("error")) {
      throw new IllegalArgumentException("response is an error, not an answer");
    }
    String lacks =
        switch (endpoint) {
          case CHAT_COMPLETIONS ->
              everyItemHas(answer, "choices", "message", true)
                  ? null
                  : "a chat completion: a non-empty 'choices' array whose items have a 'message' object";
          case COMPLETIONS ->
              everyItemHas(answer, "choices", "text", false)
                  ? null
                  : "a completion: a non-empty 'choices' array whose items have a 'text'";
          case EMBEDDINGS ->
              everyItemHas(answer, "data", "embedding", false)
                  ? null
                  : "an embedding list: a non-empty 'data' array whose items have an 'embedding'";
          case RESPONSES ->
              answer.path("output").isArray()
                      && "response".equals(answer.path("object").asText("response"))
                  ? null
                  : "a Responses API response: an object 'response' with an 'output' array";
          case MESSAGES ->
              answer.path("content").isArray()
                      && "message".equals(answer.path("type").asText("message"))
                  ? null
                  : "a Messages API message: a 'message' with a 'content' array";
          default -> "an answer of a cacheable endpoint";
        };
    if (lacks != null) {
      throw new IllegalArgumentException("response must be " + lacks);
    }
    return new GivenAnswer(
        JSON_TYPE, answer.toString(), List.of(), usageOf(endpoint.api(), answer.get("usage")));
  }

  /**
   * The answer a request log kept: a JSON body, or the text of a stream's events as relayed, which must have reached
   * its end. Refused when the privacy settings cut it short or redacted it (the cache would replay the altered text).
   *
   * @param usage the tokens the log recorded for it
   * @throws IllegalArgumentException saying why it cannot be stored
   */
  static GivenAnswer ofLogged(Endpoint endpoint, boolean stream, String text, Usage usage) {
    if (text.contains(TRUNCATED)) {
      throw new IllegalArgumentException(
          "the logged response was cut short (privacy.max_body_length)");
    }
    if (text.contains(REDACTED)) {
      throw new IllegalArgumentException("the logged response was redacted");
    }
    if (!stream) {
      JsonNode answer;
      try {
        answer = JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException("the logged response is not JSON");
      }
      GivenAnswer json = ofJson(endpoint, answer);
      return new GivenAnswer(
          json.contentType(), json.body(), List.of(), usage.reported() ? usage : json.usage());
    }
    List<String> events = new ArrayList<>();
    boolean ended = false;
    for (String event : text.split("\n\n")) {
      String trimmed = event.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (endpoint.api() == WireApi.CHAT) {
        if (trimmed.equals("data: [DONE]") || trimmed.equals("data:[DONE]")) {
          ended = true;
          continue;
        }
        if (isUsageOnly(trimmed)) {
          continue;
        }
      } else if (trimmed.contains(
          endpoint.api() == WireApi.RESPONSES ? "response.completed" : "message_stop")) {
        ended = true;
      }
      events.add(trimmed);
    }
    if (!ended || events.isEmpty()) {
      throw new IllegalArgumentException("the logged stream did not reach its end");
    }
    return new GivenAnswer(EVENT_STREAM, null, events, usage);
  }

  private static boolean isUsageOnly(String event) {
    if (!event.startsWith("data:") || !event.contains("\"usage\"")) {
      return false;
    }
    try {
      JsonNode chunk = JSON.readTree(event.substring(5).strip());
      return chunk.path("choices").isArray() && chunk.path("choices").isEmpty();
    } catch (IOException notJson) {
      return false;
    }
  }

  private static boolean everyItemHas(JsonNode answer, String array, String field, boolean object) {
    JsonNode items = answer.path(array);
    if (!items.isArray() || items.isEmpty()) {
      return false;
    }
    for (JsonNode item : items) {
      JsonNode value = item.path(field);
      if (value.isMissingNode() || value.isNull() || (object && !value.isObject())) {
        return false;
      }
    }
    return true;
  }

  private static Usage usageOf(WireApi api, JsonNode usage) {
    return switch (api) {
      case RESPONSES -> Usage.fromResponses(usage);
      case MESSAGES -> Usage.fromAnthropic(usage);
      default -> Usage.from(usage);
    };
  }
}
