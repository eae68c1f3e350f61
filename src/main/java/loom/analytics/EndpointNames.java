package loom.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The endpoint of a logged request, named from its method and path (relative to the context, without the query):
 * the APIs the gateway reads by their dotted names ({@code chat.completions}, {@code responses.retrieve},
 * {@code messages.count_tokens} …), every other {@code /v1} path by itself without {@code /v1} and without ids
 * ({@code images/generations}, {@code files/content}). A pure function: the migration that added the column
 * (V8) names the rows stored before it with the same rules in SQL. Thread-safe.
 */
public final class EndpointNames {
  public static final String CHAT_COMPLETIONS = "chat.completions";
  public static final String COMPLETIONS = "completions";
  public static final String EMBEDDINGS = "embeddings";
  public static final String MODELS = "models";
  public static final String RESPONSES = "responses";
  public static final String RESPONSES_INPUT_TOKENS = "responses.input_tokens";
  public static final String RESPONSES_RETRIEVE = "responses.retrieve";
  public static final String RESPONSES_DELETE = "responses.delete";
  public static final String RESPONSES_INPUT_ITEMS = "responses.input_items";
  public static final String RESPONSES_CANCEL = "responses.cancel";
  public static final String MESSAGES = "messages";
  public static final String MESSAGES_COUNT_TOKENS = "messages.count_tokens";

  /** A path with nothing to name it by ({@code /v1}, only ids), or any unknown path of a caller without a key. */
  public static final String OTHER = "other";

  /** The names of the APIs the gateway reads, in the order a menu lists them. */
  public static final List<String> KNOWN =
      List.of(
          CHAT_COMPLETIONS,
          COMPLETIONS,
          EMBEDDINGS,
          MODELS,
          RESPONSES,
          RESPONSES_INPUT_TOKENS,
          RESPONSES_RETRIEVE,
          RESPONSES_DELETE,
          RESPONSES_INPUT_ITEMS,
          RESPONSES_CANCEL,
          MESSAGES,
          MESSAGES_COUNT_TOKENS);

  private static final String PREFIX = "/v1/";

  /**
   * A path segment that names something rather than identifies it: lower-case words joined by {@code _} or
   * {@code -}. Ids have digits or capitals ({@code resp_68af…}, {@code file-AbC1…}); a model name has digits.
   */
  private static final Pattern NAME = Pattern.compile("[a-z]+(?:[_-][a-z]+)*");

  /** Longer segments are taken for ids: API nouns are short. */
  private static final int MAX_NAME = 40;

  private EndpointNames() {}

  /**
   * The endpoint of a request. Trailing slashes are ignored. {@code /v1/models/{id}} is {@code models}; on
   * {@code /v1/responses/{id}}, DELETE is {@code responses.delete} and any other method {@code responses.retrieve}
   * (only GET is a call of the API; upstream refuses the others).
   */
  public static String of(String method, String path) {
    String trimmed = trimTrailingSlashes(path == null ? "" : path);
    if (!trimmed.startsWith(PREFIX)) {
      return OTHER;
    }
    String rest = trimmed.substring(PREFIX.length());
    String known =
        switch (rest) {
          case "chat/completions" -> CHAT_COMPLETIONS;
          case "completions" -> COMPLETIONS;
          case "embeddings" -> EMBEDDINGS;
          case "models" -> MODELS;
          case "responses" -> RESPONSES;
          case "responses/input_tokens" -> RESPONSES_INPUT_TOKENS;
          case "messages" -> MESSAGES;
          case "messages/count_tokens" -> MESSAGES_COUNT_TOKENS;
          default -> null;
        };
    if (known != null) {
      return known;
    }
    String[] segments = rest.split("/", -1);
    if (segments[0].equals("models")) {
      return MODELS;
    }
    if (segments[0].equals("responses") && segments.length >= 2 && !segments[1].isEmpty()) {
      if (segments.length == 2) {
        return "DELETE".equalsIgnoreCase(method) ? RESPONSES_DELETE : RESPONSES_RETRIEVE;
      }
      if (segments.length == 3 && segments[2].equals("input_items")) {
        return RESPONSES_INPUT_ITEMS;
      }
      if (segments.length == 3 && segments[2].equals("cancel")) {
        return RESPONSES_CANCEL;
      }
    }
    return named(segments);
  }

  /**
   * The endpoint of a request whose caller had no valid key (a 401): a known API keeps its name, every other path
   * is {@link #OTHER}, so that anyone without a key cannot add endpoint names (and rollup rows) at will.
   */
  public static String ofAnonymous(String method, String path) {
    String name = of(method, path);
    return KNOWN.contains(name) ? name : OTHER;
  }

  /** Whether {@code name} is one of the APIs the gateway reads (not a pass-through path). */
  public static boolean isKnown(String name) {
    return KNOWN.contains(name);
  }

  /** The path's naming segments joined by {@code /}, ids left out; {@link #OTHER} when none is left. */
  private static String named(String[] segments) {
    List<String> names = new ArrayList<>(segments.length);
    for (String segment : segments) {
      if (segment.length() <= MAX_NAME && NAME.matcher(segment).matches()) {
        names.add(segment);
      }
    }
    return names.isEmpty() ? OTHER : String.join("/", names);
  }

  private static String trimTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
