package loom.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import loom.proxy.Usage;

/**
 * Converts an OpenAI answer between its streamed and its whole shape, so one cache entry serves clients
 * that stream and clients that do not: the relayed events of a stream become the JSON body a client would
 * have received unstreamed, and a JSON body becomes an equivalent stream. Both chat completions and legacy
 * completions. Events are SSE event texts without their blank line; only {@code data:} lines are read.
 * Stateless and thread-safe.
 */
final class ResponseShapes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponseShapes() {}

  /**
   * The JSON body of the answer a stream carried, every choice index seen in index order, with the
   * usage when it was reported.
   *
   * @param events the relayed events, without {@code [DONE]} and without the usage-only chunk
   * @throws IllegalArgumentException if an event's data is not JSON
   */
  static String assemble(boolean chat, List<String> events, Usage usage) {
    List<JsonNode> chunks = chunksOf(events);
    ObjectNode answer = header(chunks, chat ? "chat.completion" : "text_completion");
    SortedMap<Integer, ChoiceParts> choices = new TreeMap<>();
    for (JsonNode chunk : chunks) {
      for (JsonNode choice : chunk.path("choices")) {
        int index = choice.path("index").asInt(0);
        choices.computeIfAbsent(index, ChoiceParts::new).add(choice, chat);
      }
    }
    ArrayNode assembled = answer.putArray("choices");
    choices
        .values()
        .forEach(parts -> assembled.add(chat ? parts.chatChoice() : parts.textChoice()));
    if (usage.reported()) {
      answer.set("usage", usageJson(usage));
    }
    return answer.toString();
  }

  /**
   * The events of a stream equivalent to a whole JSON answer, each {@code "data: " + json}; no usage
   * chunk and no {@code [DONE]}, which the caller adds as the client asked.
   *
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  static List<String> toEvents(boolean chat, String json) {
    JsonNode answer = parse(json);
    if (!answer.isObject()) {
      throw new IllegalArgumentException("a cached answer must be a JSON object");
    }
    List<String> events = new ArrayList<>();
    for (JsonNode choice : answer.path("choices")) {
      if (chat) {
        chatEvents(answer, choice, events);
      } else {
        ObjectNode text =
            NODES
                .objectNode()
                .put("index", choice.path("index").asInt(0))
                .put("text", choice.path("text").asText(""));
        text.set("logprobs", choice.get("logprobs"));
        text.set("finish_reason", choice.get("finish_reason"));
        events.add(event(chunk(answer, "text_completion", text)));
      }
    }
    return events;
  }

  /**
   * The last event of a stream whose client asked for {@code stream_options.include_usage}: no choices,
   * the usage as given (zeros when it was not reported), and the stream's id, created and model.
   */
  static String usageEvent(boolean chat, List<String> events, Usage usage) {
    ObjectNode chunk = header(chunksOf(events), chat ? "chat.completion.chunk" : "text_completion");
    chunk.putArray("choices");
    chunk.set("usage", usageJson(usage));
    return event(chunk);
  }

  private static void chatEvents(JsonNode answer, JsonNode choice, List<String> events) {
    int index = choice.path("index").asInt(0);
    JsonNode message = choice.path("message");
    ObjectNode opening =
        NODES.objectNode().put("role", message.path("role").asText("assistant")).put("content", "");
    events.add(
        event(chunk(answer, "chat.completion.chunk", chunkChoice(index, opening, null, null))));

    ObjectNode body = NODES.objectNode();
    putIfNotEmpty(body, "content", message.path("content"));
    JsonNode toolCalls = message.path("tool_calls");
    if (toolCalls.isArray() && !toolCalls.isEmpty()) {
      ArrayNode calls = body.putArray("tool_calls");
      for (int i = 0; i < toolCalls.size(); i++) {
        ObjectNode call = calls.addObject().put("index", i);
        toolCalls.get(i).properties().forEach(field -> call.set(field.getKey(), field.getValue()));
      }
    }
    putIfNotEmpty(body, "refusal", message.path("refusal"));
    JsonNode logprobs = choice.get("logprobs");
    if (!body.isEmpty() || (logprobs != null && !logprobs.isNull())) {
      events.add(
          event(chunk(answer, "chat.completion.chunk", chunkChoice(index, body, logprobs, null))));
    }

    JsonNode finishReason = choice.get("finish_reason");
    ObjectNode finish = chunkChoice(index, NODES.objectNode(), null, finishReason);
    events.add(event(chunk(answer, "chat.completion.chunk", finish)));
  }

  private static ObjectNode chunkChoice(
      int index, ObjectNode delta, JsonNode logprobs, JsonNode finishReason) {
    ObjectNode choice = NODES.objectNode().put("index", index);
    choice.set("delta", delta);
    choice.set("logprobs", logprobs);
    choice.set("finish_reason", finishReason);
    return choice;
  }

  private static void putIfNotEmpty(ObjectNode delta, String field, JsonNode text) {
    if (text.isTextual() && !text.textValue().isEmpty()) {
      delta.set(field, text);
    }
  }

  /** One chunk of the answer's stream: its id, created, model and fingerprint around one choice. */
  private static ObjectNode chunk(JsonNode answer, String object, ObjectNode choice) {
    ObjectNode chunk = NODES.objectNode();
    chunk.set("id", answer.get("id"));
    chunk.put("object", object);
    chunk.set("created", answer.get("created"));
    chunk.set("model", answer.get("model"));
    if (answer.has("system_fingerprint")) {
      chunk.set("system_fingerprint", answer.get("system_fingerprint"));
    }
    chunk.putArray("choices").add(choice);
    return chunk;
  }

  /**
   * The id, object, created, model and (when there is one) system fingerprint of a stream, each from the
   * first chunk that has it: Azure opens with a prompt-filter chunk whose id and model are empty.
   */
  private static ObjectNode header(List<JsonNode> chunks, String object) {
    ObjectNode header = NODES.objectNode();
    header.put("id", firstText(chunks, "id"));
    header.put("object", object);
    header.put(
        "created",
        chunks.stream()
            .mapToLong(chunk -> chunk.path("created").asLong(0))
            .filter(created -> created > 0)
            .findFirst()
            .orElse(0));
    header.put("model", firstText(chunks, "model"));
    String fingerprint = firstText(chunks, "system_fingerprint");
    if (fingerprint != null) {
      header.put("system_fingerprint", fingerprint);
    }
    return header;
  }

  private static String firstText(List<JsonNode> chunks, String field) {
    for (JsonNode chunk : chunks) {
      String text = nonEmptyText(chunk.path(field));
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String nonEmptyText(JsonNode node) {
    return node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
  }

  private static ObjectNode usageJson(Usage usage) {
    ObjectNode json =
        NODES
            .objectNode()
            .put("prompt_tokens", usage.promptTokens())
            .put("completion_tokens", usage.completionTokens())
            .put("total_tokens", usage.totalTokens());
    if (usage.cachedTokens() != 0) {
      json.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    }
    if (usage.reasoningTokens() != 0) {
      json.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    }
    return json;
  }

  /** The JSON objects the events carry; events without data, such as comments, carry none. */
  private static List<JsonNode> chunksOf(List<String> events) {
    List<JsonNode> chunks = new ArrayList<>(events.size());
    for (String event : events) {
      String data = dataOf(event);
      if (data != null && !data.equals("[DONE]")) {
        JsonNode chunk = parse(data);
        if (chunk.isObject()) {
          chunks.add(chunk);
        }
      }
    }
    return chunks;
  }

  /** The event's data lines joined by newlines, as an SSE client reads them; null if it has none. */
  private static String dataOf(String event) {
    StringBuilder data = null;
    for (String line : event.lines().toList()) {
      if (!line.startsWith("data:")) {
        continue;
      }
      String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
    return data == null ? null : data.toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException notJson) {
      throw new IllegalArgumentException(
          "a cached answer is not JSON: " + notJson.getOriginalMessage(), notJson);
    }
  }

  private static String event(ObjectNode chunk) {
    return "data: " + chunk;
  }

  /** What the chunks of one choice said, merged in stream order. Not thread-safe: one per assembly. */
  private static final class ChoiceParts {
    private final int index;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final SortedMap<Integer, ToolCallParts> toolCalls = new TreeMap<>();
    private String role;
    private boolean hasContentField;
    private ObjectNode logprobs;
    private JsonNode finishReason;

    ChoiceParts(int index) {
      this.index = index;
    }

    void add(JsonNode choice, boolean chat) {
      if (chat) {
        addDelta(choice.path("delta"));
      } else if (choice.path("text").isTextual()) {
        hasContentField = true;
        content.append(choice.path("text").textValue());
      }
      addLogprobs(choice.path("logprobs"));
      if (choice.path("finish_reason").isTextual()) {
        finishReason = choice.get("finish_reason");
      }
    }

    private void addDelta(JsonNode delta) {
      if (role == null) {
        role = nonEmptyText(delta.path("role"));
      }
      if (delta.path("content").isTextual()) {
        hasContentField = true;
        content.append(delta.path("content").textValue());
      }
      if (delta.path("refusal").isTextual()) {
        refusal.append(delta.path("refusal").textValue());
      }
      JsonNode calls = delta.path("tool_calls");
      for (int i = 0; i < calls.size(); i++) {
        JsonNode call = calls.get(i);
        // A delta without an index is one provider's whole call list, in order.
        int callIndex = call.path("index").asInt(i);
        toolCalls.computeIfAbsent(callIndex, unused -> new ToolCallParts()).add(call);
      }
    }

    /** Array fields (chat's {@code content}, legacy {@code tokens}, …) are concatenated; others keep the first. */
    private void addLogprobs(JsonNode more) {
      if (!more.isObject()) {
        return;
      }
      if (logprobs == null) {
        logprobs = more.deepCopy();
        return;
      }
      for (Map.Entry<String, JsonNode> field : more.properties()) {
        JsonNode kept = logprobs.get(field.getKey());
        if (kept instanceof ArrayNode keptArray && field.getValue().isArray()) {
          keptArray.addAll((ArrayNode) field.getValue());
        } else if (kept == null || kept.isNull()) {
          logprobs.set(field.getKey(), field.getValue());
        }
      }
    }

    ObjectNode chatChoice() {
      ObjectNode message = NODES.objectNode().put("role", role == null ? "assistant" : role);
      // Unstreamed, an answer of only tool calls or a refusal has null content; an empty answer (a
      // reasoning model out of tokens) has "". Streams open with "" either way, so the rest
      // decides.
      boolean emptyAnswer = hasContentField && toolCalls.isEmpty() && refusal.length() == 0;
      message.put("content", content.length() > 0 || emptyAnswer ? content.toString() : null);
      if (!toolCalls.isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        toolCalls.values().forEach(call -> calls.add(call.toJson()));
      }
      if (refusal.length() > 0) {
        message.put("refusal", refusal.toString());
      }
      ObjectNode choice = NODES.objectNode().put("index", index);
      choice.set("message", message);
      return finish(choice);
    }

    ObjectNode textChoice() {
      return finish(NODES.objectNode().put("index", index).put("text", content.toString()));
    }

    private ObjectNode finish(ObjectNode choice) {
      choice.set("logprobs", logprobs);
      choice.set("finish_reason", finishReason);
      return choice;
    }
  }

  /** One tool call put together from its deltas: the first id, type and name, the arguments joined. */
  private static final class ToolCallParts {
    private final StringBuilder arguments = new StringBuilder();
    private String id;
    private String type;
    private String name;

    void add(JsonNode delta) {
      // Some providers repeat id and name in every delta, so the first one wins rather than being
      // joined.
      id = id != null ? id : nonEmptyText(delta.path("id"));
      type = type != null ? type : nonEmptyText(delta.path("type"));
      JsonNode function = delta.path("function");
      name = name != null ? name : nonEmptyText(function.path("name"));
      if (function.path("arguments").isTextual()) {
        arguments.append(function.path("arguments").textValue());
      }
    }

    ObjectNode toJson() {
      ObjectNode call =
          NODES.objectNode().put("id", id).put("type", type == null ? "function" : type);
      call.putObject("function").put("name", name).put("arguments", arguments.toString());
      return call;
    }
  }
}
