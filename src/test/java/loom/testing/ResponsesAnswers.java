package loom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI Responses API bodies and stream events {@link FakeUpstream} answers with, in the shapes
 * the OpenAI SDKs parse. Stateless.
 */
final class ResponsesAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponsesAnswers() {}

  /**
   * A response object as it stands in {@code status}: final ones ({@code completed},
   * {@code incomplete}, {@code failed}) carry their usage, an {@code incomplete} or {@code completed}
   * one its message too; {@code queued}, {@code in_progress} and {@code cancelled} have neither.
   */
  static ObjectNode response(ResponseDraft draft, String status) {
    var body = JSON.createObjectNode().put("id", draft.id()).put("object", "response");
    body.put("created_at", FakeAnswers.CREATED).put("status", status);
    body.put("background", draft.request().path("background").asBoolean(false));
    if (status.equals("failed")) {
      body.putObject("error")
          .put("code", "server_error")
          .put("message", "The fake upstream failed this response on purpose.");
    } else {
      body.putNull("error");
    }
    if (status.equals("incomplete")) {
      body.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      body.putNull("incomplete_details");
    }
    echo(body, draft.request(), "instructions");
    echo(body, draft.request(), "max_output_tokens");
    body.put("model", draft.model());
    var output = body.putArray("output");
    if (status.equals("completed") || status.equals("incomplete")) {
      output.add(message(draft, status, draft.text()));
    }
    body.put("parallel_tool_calls", true);
    echo(body, draft.request(), "previous_response_id");
    var reasoning = body.putObject("reasoning");
    reasoning.putNull("effort");
    reasoning.putNull("summary");
    body.put("store", draft.request().path("store").asBoolean(true));
    body.put("temperature", 1.0);
    body.putObject("text").putObject("format").put("type", "text");
    body.put("tool_choice", "auto");
    body.putArray("tools");
    body.put("top_p", 1.0);
    body.put("truncation", "disabled");
    if (status.equals("completed") || status.equals("incomplete") || status.equals("failed")) {
      body.set("usage", usage(draft.usage()));
    } else {
      body.putNull("usage");
    }
    body.putNull("user");
    var metadata = draft.request().path("metadata");
    body.set("metadata", metadata.isObject() ? metadata.deepCopy() : JSON.createObjectNode());
    return body;
  }

  static ObjectNode usage(ResponsesUsage usage) {
    var body = JSON.createObjectNode().put("input_tokens", usage.inputTokens());
    body.putObject("input_tokens_details")
        .put("cached_tokens", usage.cachedTokens())
        .put("cache_write_tokens", usage.cacheWriteTokens());
    body.put("output_tokens", usage.outputTokens());
    body.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    body.put("total_tokens", usage.totalTokens());
    return body;
  }

  /** The assistant message of the answer: {@code in_progress} and empty, or with its text. */
  static ObjectNode message(ResponseDraft draft, String status, String text) {
    var item = JSON.createObjectNode().put("id", draft.itemId()).put("type", "message");
    item.put("status", status);
    var content = item.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    item.put("role", "assistant");
    return item;
  }

  static ObjectNode outputText(String text) {
    var part = JSON.createObjectNode().put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    part.put("text", text);
    return part;
  }

  /** A stream event: {@code type} and {@code sequence_number} first, the caller adds the rest. */
  static ObjectNode event(String type, int sequenceNumber) {
    return JSON.createObjectNode().put("type", type).put("sequence_number", sequenceNumber);
  }

  static String deleted(String id) {
    return JSON.createObjectNode()
        .put("id", id)
        .put("object", "response")
        .put("deleted", true)
        .toString();
  }

  static String inputTokens(long tokens) {
    return JSON.createObjectNode()
        .put("object", "response.input_tokens")
        .put("input_tokens", tokens)
        .toString();
  }

  /** A list object of input items, newest first unless {@code ascending}. */
  static String inputItemList(List<JsonNode> items, boolean ascending) {
    var body = JSON.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    for (int i = 0; i < items.size(); i++) {
      data.add(items.get(ascending ? i : items.size() - 1 - i));
    }
    if (data.isEmpty()) {
      body.putNull("first_id");
      body.putNull("last_id");
    } else {
      body.put("first_id", data.get(0).path("id").asText());
      body.put("last_id", data.get(data.size() - 1).path("id").asText());
    }
    body.put("has_more", false);
    return body.toString();
  }

  /**
   * The request's {@code input} as the stored items the API lists: a string is one user message;
   * messages get {@code input_text} content, an id and a status; other items keep what they have.
   */
  static List<JsonNode> inputItems(JsonNode input, String idPrefix) {
    var elements = new ArrayList<JsonNode>();
    if (input.isArray()) {
      input.forEach(elements::add);
    } else {
      elements.add(input);
    }
    var items = new ArrayList<JsonNode>();
    for (int i = 0; i < elements.size(); i++) {
      var element = elements.get(i);
      if (element.isMissingNode() || element.isNull()) {
        continue;
      }
      ObjectNode item =
          element.isObject()
              ? ((ObjectNode) element).deepCopy()
              : JSON.createObjectNode().put("role", "user").put("content", element.asText());
      if (!item.has("id")) {
        item.put("id", idPrefix + "_" + i);
      }
      if (item.has("role") && !item.has("type")) {
        item.put("type", "message");
      }
      if (item.path("type").asText().equals("message")) {
        if (item.path("content").isTextual()) {
          var text = item.path("content").asText();
          item.putArray("content").addObject().put("type", "input_text").put("text", text);
        }
        if (!item.has("status")) {
          item.put("status", "completed");
        }
      }
      items.add(item);
    }
    return items;
  }

  private static void echo(ObjectNode body, JsonNode request, String field) {
    var value = request.get(field);
    if (value == null) {
      body.putNull(field);
    } else {
      body.set(field, value.deepCopy());
    }
  }

  /** What one response says whatever its status. */
  record ResponseDraft(
      String id,
      String itemId,
      String model,
      String text,
      ResponsesUsage usage,
      JsonNode request) {}
}
