package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The part of a demo request that content is derived from, read from a chat, legacy completion or
 * embedding body, and the random seed it gives. Immutable; safe to use from any thread.
 *
 * @param isChat whether it was read from chat messages (so replies are chat messages)
 * @param seedParts everything the content depends on (model first)
 * @param excerptSource the text a reply quotes (the last user message)
 * @param tokens the estimated prompt tokens, with OpenAI's per-message overhead for chat
 */
record DemoPrompt(boolean isChat, List<String> seedParts, String excerptSource, int tokens) {
  DemoPrompt {
    seedParts = List.copyOf(seedParts);
  }

  static DemoPrompt ofChat(JsonNode body) {
    List<String> parts = new ArrayList<>(List.of(body.path("model").asText()));
    String excerptSource = "";
    int tokens = 3; // OpenAI primes every reply with 3 tokens and adds 3 per message
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      String content = contentText(message.path("content"));
      parts.add(role);
      parts.add(content);
      excerptSource = role.equals("user") || excerptSource.isEmpty() ? content : excerptSource;
      tokens += 3 + DemoText.tokens(role) + DemoText.tokens(content);
    }
    return new DemoPrompt(true, parts, excerptSource, tokens);
  }

  /** The prompt of a legacy completion; an array prompt is joined line by line. */
  static DemoPrompt ofCompletion(JsonNode body) {
    JsonNode prompt = body.path("prompt");
    String text =
        prompt.isArray()
            ? String.join(
                "\n",
                StreamSupport.stream(prompt.spliterator(), false)
                    .map(element -> element.isTextual() ? element.asText() : element.toString())
                    .toList())
            : prompt.asText();
    return ofText(body.path("model").asText(), text);
  }

  /**
   * One input per embedding: a string, an array of strings, an array of token ids, or an array of
   * token id arrays, none empty. Anything else gives an empty list.
   */
  static List<DemoPrompt> ofEmbeddingInput(JsonNode body) {
    String model = body.path("model").asText();
    JsonNode input = body.path("input");
    Predicate<JsonNode> isText = node -> node.isTextual() && !node.asText().isEmpty();
    Predicate<JsonNode> isTokens =
        node -> node.isArray() && !node.isEmpty() && all(node, DemoPrompt::isTokenId);
    if (isText.test(input)) {
      return List.of(ofText(model, input.asText()));
    }
    if (!input.isArray() || input.isEmpty()) {
      return List.of();
    }
    if (isTokens.test(input)) {
      return List.of(ofTokens(model, input));
    }
    List<DemoPrompt> inputs = new ArrayList<>();
    boolean texts = all(input, isText);
    if (texts || all(input, isTokens)) {
      input.forEach(
          item -> inputs.add(texts ? ofText(model, item.asText()) : ofTokens(model, item)));
    }
    return inputs;
  }

  /**
   * The first 8 bytes of SHA-256 over the seed parts and then {@code extraParts}, each followed by a NUL
   * so ("ab","c") differs from ("a","bc").
   */
  long seed(String... extraParts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (List<String> parts : List.of(seedParts, List.of(extraParts))) {
        for (String part : parts) {
          sha256.update(part.getBytes(StandardCharsets.UTF_8));
          sha256.update((byte) 0);
        }
      }
      return ByteBuffer.wrap(sha256.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static DemoPrompt ofText(String model, String text) {
    return new DemoPrompt(false, List.of(model, text), text, DemoText.tokens(text));
  }

  /** Token ids cannot be decoded here, so their JSON spelling seeds the vector and each id is one token. */
  private static DemoPrompt ofTokens(String model, JsonNode tokenIds) {
    return new DemoPrompt(
        false, List.of(model, "tokens", tokenIds.toString()), "", tokenIds.size());
  }

  /** A message's text: the string itself, or its text parts joined line by line. */
  private static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        texts.add(part.path("text").asText());
      }
    }
    return String.join("\n", texts);
  }

  private static boolean isTokenId(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0;
  }

  private static boolean all(JsonNode array, Predicate<JsonNode> test) {
    return StreamSupport.stream(array.spliterator(), false).allMatch(test);
  }
}
