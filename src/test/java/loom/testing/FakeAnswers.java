package loom.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The canned OpenAI-shaped JSON bodies that {@link FakeUpstream} answers with. Stateless. */
final class FakeAnswers {
  static final String CHAT_ID = "chatcmpl-fake1";
  static final String TEXT_ID = "cmpl-fake1";
  static final long CREATED = 1700000000L;
  static final String ANSWER = "fake answer";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeAnswers() {}

  static String chatCompletion(String model) {
    var message = JSON.createObjectNode().put("role", "assistant").put("content", ANSWER);
    message.putNull("refusal");
    var choice = JSON.createObjectNode().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    return completion(CHAT_ID, "chat.completion", model, choice, usage(11, 2));
  }

  static String textCompletion(String model) {
    var choice = JSON.createObjectNode().put("text", ANSWER).put("index", 0);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    return completion(TEXT_ID, "text_completion", model, choice, usage(11, 2));
  }

  static String embeddings(String model, int inputs) {
    var body = JSON.createObjectNode().put("object", "list");
    var data = body.putArray("data");
    for (int i = 0; i < inputs; i++) {
      var item = data.addObject().put("object", "embedding").put("index", i);
      item.putArray("embedding").add(0.1).add(0.2).add(0.3);
    }
    body.put("model", model);
    body.putObject("usage").put("prompt_tokens", 3).put("total_tokens", 3);
    return body.toString();
  }

  /** One input's embedding as OpenAI answers it, counting a token per word. */
  static String embedding(String model, float[] vector) {
    var body = JSON.createObjectNode().put("object", "list");
    var values =
        body.putArray("data")
            .addObject()
            .put("object", "embedding")
            .put("index", 0)
            .putArray("embedding");
    for (float value : vector) {
      values.add(value);
    }
    body.put("model", model);
    body.putObject("usage").put("prompt_tokens", 7).put("total_tokens", 7);
    return body.toString();
  }

  static String models() {
    var body = JSON.createObjectNode().put("object", "list");
    var data = body.putArray("data");
    for (var id : new String[] {"fake-model-a", "fake-model-b"}) {
      data.addObject()
          .put("id", id)
          .put("object", "model")
          .put("created", CREATED)
          .put("owned_by", "fake");
    }
    return body.toString();
  }

  static String error(String message, String type, String code) {
    var body = JSON.createObjectNode();
    var error = body.putObject("error").put("message", message).put("type", type);
    error.putNull("param");
    error.put("code", code);
    return body.toString();
  }

  /** One content chunk of a stream; the first chat chunk also carries the assistant role. */
  static String chunk(boolean chat, String model, String content, boolean first) {
    var choice = JSON.createObjectNode();
    if (chat) {
      var delta = choice.put("index", 0).putObject("delta");
      if (first) {
        delta.put("role", "assistant");
      }
      delta.put("content", content);
    } else {
      choice.put("text", content).put("index", 0);
    }
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return streamChunk(chat, model, choice);
  }

  static String finishChunk(boolean chat, String model) {
    var choice = JSON.createObjectNode();
    if (chat) {
      choice.put("index", 0).putObject("delta");
    } else {
      choice.put("text", "").put("index", 0);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    return streamChunk(chat, model, choice);
  }

  static String usageChunk(boolean chat, String model, int completionTokens) {
    return completion(
        chat ? CHAT_ID : TEXT_ID,
        chat ? "chat.completion.chunk" : "text_completion",
        model,
        null,
        usage(11, completionTokens));
  }

  private static String streamChunk(boolean chat, String model, ObjectNode choice) {
    return completion(
        chat ? CHAT_ID : TEXT_ID,
        chat ? "chat.completion.chunk" : "text_completion",
        model,
        choice,
        null);
  }

  /** A completion envelope; without a choice its choices are empty, without usage it has none. */
  private static String completion(
      String id, String object, String model, ObjectNode choice, ObjectNode usage) {
    var body = JSON.createObjectNode().put("id", id).put("object", object);
    body.put("created", CREATED).put("model", model);
    ArrayNode choices = body.putArray("choices");
    if (choice != null) {
      choices.add(choice);
    }
    if (usage != null) {
      body.set("usage", usage);
    }
    return body.toString();
  }

  private static ObjectNode usage(int promptTokens, int completionTokens) {
    return JSON.createObjectNode()
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }
}
