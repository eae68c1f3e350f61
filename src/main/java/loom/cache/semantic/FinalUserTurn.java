package loom.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import loom.config.WireApi;

/**
 * A request split in two for the semantic cache: the text of its final user turn, compared by meaning, and everything
 * else (the {@code rest}: model, parameters, tools, system prompt, every earlier turn, the final turn's role and
 * shape), which two requests must share exactly to be compared at all. {@code rest} is the body with the final text
 * replaced by {@link #PLACEHOLDER}, so its canonical key is the partition of the semantic index.
 *
 * <p>Only a final turn that is plain text can be compared: a chat or Messages request whose last message is the
 * user's (a string, or text parts only), a Responses request whose {@code input} is a string or ends in such a user
 * message. An image, a file, a tool result or an assistant prefill as the last turn makes the request exact-only, as
 * does a text longer than {@link #MAX_CHARS} (the model reads at most 256 word pieces, so the end of a longer text
 * would not count).
 */
public record FinalUserTurn(ObjectNode rest, String text) {
  /** Stands for the compared text in {@link #rest}; a real text is never this (it holds a NUL). */
  public static final String PLACEHOLDER = "\u0000loom-semantic-text\u0000";

  /** Longer final texts are left to the exact cache. */
  public static final int MAX_CHARS = 1_000;

  /** The final user turn of a request body of an API, when there is one that can be compared by meaning. */
  public static Optional<FinalUserTurn> of(WireApi api, ObjectNode body) {
    ObjectNode rest = body.deepCopy();
    Optional<String> text =
        switch (api) {
          case CHAT, MESSAGES -> lastUserMessage(rest.get("messages"), "text");
          case RESPONSES -> responsesInput(rest);
        };
    return text.filter(FinalUserTurn::comparable)
        .map(found -> new FinalUserTurn(rest, found.strip()));
  }

  private static boolean comparable(String text) {
    return !text.isBlank() && text.length() <= MAX_CHARS && !text.contains("\u0000");
  }

  private static Optional<String> responsesInput(ObjectNode rest) {
    JsonNode input = rest.get("input");
    if (input != null && input.isTextual()) {
      String text = input.textValue();
      rest.put("input", PLACEHOLDER);
      return Optional.of(text);
    }
    return lastUserMessage(input, "input_text");
  }

  /**
   * Takes the text of the last item of a message list when it is the user's and holds text only, and puts the
   * placeholder in its place (a list of text parts becomes one part, so a question split in parts compares whole).
   */
  private static Optional<String> lastUserMessage(JsonNode messages, String textPartType) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return Optional.empty();
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!last.isObject()
        || !"user".equals(last.path("role").asText())
        || (last.has("type") && !"message".equals(last.path("type").asText()))) {
      return Optional.empty();
    }
    ObjectNode message = (ObjectNode) last;
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      message.put("content", PLACEHOLDER);
      return Optional.of(content.textValue());
    }
    if (content == null || !content.isArray() || content.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      // A cache_control mark or any other field besides type and text changes the request:
      // exact-only.
      if (!part.isObject()
          || part.size() != 2
          || !part.path("text").isTextual()
          || !textPartType.equals(part.path("type").asText())) {
        return Optional.empty();
      }
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(part.path("text").textValue());
    }
    ArrayNode one = message.putArray("content");
    one.addObject().put("type", textPartType).put("text", PLACEHOLDER);
    return Optional.of(text.toString());
  }
}
