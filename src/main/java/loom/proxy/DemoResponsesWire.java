package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Shapes a demo answer as OpenAI's Responses API does: the {@code response} object, and the events of its stream
 * in OpenAI's order, each with its {@code type} and a {@code sequence_number} counting from 0. Request fields a
 * response echoes ({@code tools}, {@code store}, {@code metadata} ...) are copied from the body, with OpenAI's
 * defaults where it has none. Thread-safe.
 */
final class DemoResponsesWire {
  private final ObjectMapper json;

  DemoResponsesWire(ObjectMapper json) {
    this.json = json;
  }

  /**
   * One generated answer.
   *
   * @param isComplete false when {@code max_output_tokens} cut the text (the response is then incomplete)
   * @param usage the Responses {@code usage} object
   */
  record Answer(
      String id,
      String messageId,
      long createdAt,
      String text,
      boolean isComplete,
      ObjectNode usage) {}

  /** The {@code response} object: finished (with output and usage) or, for the stream's first events, in progress. */
  ObjectNode response(JsonNode body, Answer answer, boolean finished) {
    ObjectNode response =
        json.createObjectNode()
            .put("id", answer.id())
            .put("object", "response")
            .put("created_at", answer.createdAt())
            .put("status", finished ? status(answer) : "in_progress")
            .put("background", body.path("background").asBoolean(false));
    if (finished && answer.isComplete()) {
      response.put("completed_at", answer.createdAt());
    } else {
      response.putNull("completed_at");
    }
    response.putNull("error");
    if (finished && !answer.isComplete()) {
      response.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      response.putNull("incomplete_details");
    }
    echo(response, body, "instructions", null);
    echo(response, body, "max_output_tokens", null);
    response.put("model", body.path("model").asText());
    if (finished) {
      response.putArray("output").add(message(answer, status(answer), true));
    } else {
      response.putArray("output");
    }
    response.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(true));
    echo(response, body, "previous_response_id", null);
    echo(response, body, "prompt_cache_key", null);
    ObjectNode reasoning = json.createObjectNode().putNull("effort").putNull("summary");
    echo(response, body, "reasoning", reasoning);
    response.put("service_tier", "default").put("store", body.path("store").asBoolean(true));
    echo(response, body, "temperature", json.getNodeFactory().numberNode(1.0));
    ObjectNode text = json.createObjectNode();
    text.putObject("format").put("type", "text");
    echo(response, body, "text", text.put("verbosity", "medium"));
    echo(response, body, "tool_choice", json.getNodeFactory().textNode("auto"));
    echo(response, body, "tools", json.createArrayNode());
    echo(response, body, "top_p", json.getNodeFactory().numberNode(1.0));
    echo(response, body, "truncation", json.getNodeFactory().textNode("disabled"));
    if (finished) {
      response.set("usage", answer.usage());
    } else {
      response.putNull("usage");
    }
    echo(response, body, "metadata", json.createObjectNode());
    return response;
  }

  /**
   * The stream: {@code response.created}, {@code response.in_progress}, the message item and its text part added,
   * the text as deltas (word by word), the text, part and item done, then {@code response.completed} (or
   * {@code response.incomplete}) with the whole response.
   */
  List<ObjectNode> events(JsonNode body, Answer answer) {
    List<ObjectNode> events = new ArrayList<>();
    event(events, "response.created").set("response", response(body, answer, false));
    event(events, "response.in_progress").set("response", response(body, answer, false));
    event(events, "response.output_item.added")
        .put("output_index", 0)
        .set("item", message(answer, "in_progress", false));
    part(event(events, "response.content_part.added"), answer).set("part", outputText(""));
    for (String piece : DemoText.pieces(answer.text())) {
      part(event(events, "response.output_text.delta"), answer)
          .put("delta", piece)
          .putArray("logprobs");
    }
    part(event(events, "response.output_text.done"), answer)
        .put("text", answer.text())
        .putArray("logprobs");
    part(event(events, "response.content_part.done"), answer)
        .set("part", outputText(answer.text()));
    event(events, "response.output_item.done")
        .put("output_index", 0)
        .set("item", message(answer, status(answer), true));
    String end = answer.isComplete() ? "response.completed" : "response.incomplete";
    event(events, end).set("response", response(body, answer, true));
    return events;
  }

  private static String status(Answer answer) {
    return answer.isComplete() ? "completed" : "incomplete";
  }

  private ObjectNode message(Answer answer, String status, boolean withText) {
    ObjectNode message =
        json.createObjectNode()
            .put("id", answer.messageId())
            .put("type", "message")
            .put("status", status);
    if (withText) {
      message.putArray("content").add(outputText(answer.text()));
    } else {
      message.putArray("content");
    }
    return message.put("role", "assistant");
  }

  private ObjectNode outputText(String text) {
    ObjectNode part = json.createObjectNode().put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    return part.put("text", text);
  }

  /** Adds an event of this type, numbered in order, and returns it to be filled. */
  private ObjectNode event(List<ObjectNode> events, String type) {
    ObjectNode event =
        json.createObjectNode().put("type", type).put("sequence_number", events.size());
    events.add(event);
    return event;
  }

  /** Fills the fields that locate the one text part of the one message item. */
  private static ObjectNode part(ObjectNode event, Answer answer) {
    return event.put("item_id", answer.messageId()).put("output_index", 0).put("content_index", 0);
  }

  /** Copies a request field that the response echoes, or sets {@code fallback} (JSON null when null). */
  private static void echo(ObjectNode response, JsonNode body, String field, JsonNode fallback) {
    JsonNode value = body.get(field);
    if (value != null && !value.isNull()) {
      response.set(field, value.deepCopy());
    } else if (fallback == null) {
      response.putNull(field);
    } else {
      response.set(field, fallback);
    }
  }
}
