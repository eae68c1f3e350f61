package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The deterministic content of the demo provider: the {@link Prompt} read from a request, replies and
 * unit-length embedding vectors derived from it, and an OpenAI-like token estimate. The same input
 * always gives the same output, byte for byte. Pure functions; safe to use from any thread.
 */
final class DemoText {
  /** How much of the prompt a reply quotes before its generated sentences. */
  static final int EXCERPT_LENGTH = 60;

  private static final List<String> VOCABULARY = List.of(
      "the", "gateway", "answers", "quickly", "and", "every", "request", "finds", "its", "way", "through",
      "a", "small", "quiet", "river", "of", "tokens", "while", "light", "rain", "falls", "on", "old",
      "stone", "bridges", "near", "green", "hills", "where", "patient", "people", "build", "simple",
      "tools", "for", "tomorrow", "each", "idea", "grows", "from", "careful", "notes", "kept", "in",
      "warm", "kitchens", "bright", "morning", "clear", "water", "flows", "past", "busy", "markets",
      "friendly", "voices", "share", "useful", "stories", "about", "distant", "cities", "maps", "show",
      "new", "paths", "to", "open", "fields", "gentle", "wind", "carries", "seeds", "across", "wide",
      "valleys", "steady", "hands", "mend", "nets");

  private DemoText() {
  }

  /**
   * A reply that quotes the start of the prompt and adds one to three sentences picked from the
   * vocabulary, seeded by the whole prompt and the choice index.
   */
  static String reply(Prompt prompt, int choice) {
    List<String> parts = new ArrayList<>(prompt.seedParts());
    parts.add("choice " + choice);
    SplittableRandom random = new SplittableRandom(seed(parts));
    StringBuilder reply = new StringBuilder("Demo reply to \"").append(excerpt(prompt.excerptSource())).append("\":");
    int sentences = 1 + random.nextInt(3);
    for (int sentence = 0; sentence < sentences; sentence++) {
      int words = 5 + random.nextInt(9);
      for (int word = 0; word < words; word++) {
        String next = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        reply.append(' ').append(word == 0 ? capitalize(next) : next);
        if (word < words - 1 && random.nextInt(10) == 0) {
          reply.append(',');
        }
      }
      reply.append('.');
    }
    return reply.toString();
  }

  /**
   * The estimated token count: each run of letters or digits of length L costs ceil(L/4) tokens, each
   * other non-space character one token; whitespace is free.
   */
  static int tokens(String text) {
    int tokens = 0;
    for (Unit unit : units(text)) {
      tokens += unit.tokens();
    }
    return tokens;
  }

  /** The longest start of {@code text} that costs at most {@code maxTokens} (cutting inside a word if needed). */
  static String truncate(String text, int maxTokens) {
    int budget = maxTokens;
    int end = 0;
    for (Unit unit : units(text)) {
      if (unit.tokens() <= budget) {
        budget -= unit.tokens();
        end = unit.end();
      } else {
        if (budget > 0) {
          end = text.offsetByCodePoints(unit.start(), budget * 4);
        }
        break;
      }
    }
    return text.substring(0, end);
  }

  /** The text split before each whitespace that follows a word, so the pieces concatenate back to it. */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  /**
   * A vector of Gaussian values seeded by the input, scaled to unit length. A shorter vector is a prefix
   * of a longer one, renormalised, as with OpenAI's {@code dimensions}.
   */
  static float[] vector(Prompt input, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(input.seedParts()));
    double[] values = new double[dimensions];
    double sumOfSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      values[i] = random.nextGaussian();
      sumOfSquares += values[i] * values[i];
    }
    double norm = Math.sqrt(sumOfSquares);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (values[i] / norm);
    }
    return vector;
  }

  /** The first 8 bytes of SHA-256 over the parts, each followed by a NUL so ("ab","c") differs from ("a","bc"). */
  private static long seed(List<String> parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return ByteBuffer.wrap(sha256.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static String excerpt(String text) {
    String collapsed = text.strip().replaceAll("\\s+", " ");
    if (collapsed.codePointCount(0, collapsed.length()) <= EXCERPT_LENGTH) {
      return collapsed;
    }
    return collapsed.substring(0, collapsed.offsetByCodePoints(0, EXCERPT_LENGTH)).stripTrailing() + "...";
  }

  private static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  private static List<Unit> units(String text) {
    List<Unit> units = new ArrayList<>();
    int runStart = -1;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      if (Character.isLetterOrDigit(codePoint)) {
        runStart = runStart < 0 ? i : runStart;
      } else {
        if (runStart >= 0) {
          units.add(new Unit(runStart, i, wordTokens(text, runStart, i)));
          runStart = -1;
        }
        if (!Character.isWhitespace(codePoint)) {
          units.add(new Unit(i, next, 1));
        }
      }
      i = next;
    }
    if (runStart >= 0) {
      units.add(new Unit(runStart, text.length(), wordTokens(text, runStart, text.length())));
    }
    return units;
  }

  private static int wordTokens(String text, int start, int end) {
    return (text.codePointCount(start, end) + 3) / 4;
  }

  /** One counted piece of text: a word run or a single punctuation mark, at [start, end). */
  private record Unit(int start, int end, int tokens) {
  }

  /**
   * The part of a request that content is derived from.
   *
   * @param seedParts everything the content depends on (model first)
   * @param excerptSource the text a reply quotes (the last user message)
   * @param tokens the estimated prompt tokens, with OpenAI's per-message overhead for chat
   */
  record Prompt(boolean isChat, List<String> seedParts, String excerptSource, int tokens) {
    Prompt {
      seedParts = List.copyOf(seedParts);
    }

    static Prompt ofChat(JsonNode body) {
      List<String> parts = new ArrayList<>(List.of(body.path("model").asText()));
      String excerptSource = "";
      int tokens = 3;  // OpenAI primes every reply with 3 tokens and adds 3 per message
      for (JsonNode message : body.path("messages")) {
        String role = message.path("role").asText();
        String content = contentText(message.path("content"));
        parts.add(role);
        parts.add(content);
        excerptSource = role.equals("user") || excerptSource.isEmpty() ? content : excerptSource;
        tokens += 3 + DemoText.tokens(role) + DemoText.tokens(content);
      }
      return new Prompt(true, parts, excerptSource, tokens);
    }

    static Prompt ofCompletion(JsonNode body) {
      JsonNode prompt = body.path("prompt");
      String text = prompt.isArray() ? String.join("\n", StreamSupport.stream(prompt.spliterator(), false)
          .map(element -> element.isTextual() ? element.asText() : element.toString()).toList()) : prompt.asText();
      return new Prompt(false, List.of(body.path("model").asText(), text), text, DemoText.tokens(text));
    }

    /**
     * One input per embedding: a string, an array of strings, an array of token ids, or an array of
     * token id arrays, none empty. Anything else gives an empty list.
     */
    static List<Prompt> ofEmbeddingInput(JsonNode body) {
      String model = body.path("model").asText();
      JsonNode input = body.path("input");
      Predicate<JsonNode> isText = node -> node.isTextual() && !node.asText().isEmpty();
      Predicate<JsonNode> isTokens = node -> node.isArray() && !node.isEmpty() && all(node, DemoText::isTokenId);
      if (isText.test(input)) {
        return List.of(ofText(model, input.asText()));
      }
      if (!input.isArray() || input.isEmpty()) {
        return List.of();
      }
      if (isTokens.test(input)) {
        return List.of(ofTokens(model, input));
      }
      List<Prompt> inputs = new ArrayList<>();
      boolean texts = all(input, isText);
      if (texts || all(input, isTokens)) {
        input.forEach(item -> inputs.add(texts ? ofText(model, item.asText()) : ofTokens(model, item)));
      }
      return inputs;
    }

    private static Prompt ofText(String model, String text) {
      return new Prompt(false, List.of(model, text), text, DemoText.tokens(text));
    }

    /** Token ids cannot be decoded here, so their JSON spelling seeds the vector and each id is one token. */
    private static Prompt ofTokens(String model, JsonNode tokenIds) {
      return new Prompt(false, List.of(model, "tokens", tokenIds.toString()), "", tokenIds.size());
    }
  }

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
