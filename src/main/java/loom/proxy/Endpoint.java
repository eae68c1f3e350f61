package loom.proxy;

import java.util.Arrays;
import java.util.Optional;
import loom.config.WireApi;

/**
 * The API paths the proxy reads a JSON body of, relative to {@code /v1} and to a provider's base URL. Calls about one
 * stored response ({@code /responses/{id}...}) and every other {@code /v1} path are passed through without one
 * (see {@link PassThroughBody}).
 */
public enum Endpoint {
  CHAT_COMPLETIONS("/chat/completions", "POST", "messages", WireApi.CHAT),
  COMPLETIONS("/completions", "POST", "prompt", WireApi.CHAT),
  EMBEDDINGS("/embeddings", "POST", "input", WireApi.CHAT),
  MODELS("/models", "GET", null, WireApi.CHAT),
  /** {@code input} is optional: a call may continue {@code previous_response_id} or use a stored {@code prompt}. */
  RESPONSES("/responses", "POST", null, WireApi.RESPONSES),
  RESPONSES_INPUT_TOKENS("/responses/input_tokens", "POST", null, WireApi.RESPONSES),
  MESSAGES("/messages", "POST", "messages", WireApi.MESSAGES),
  MESSAGES_COUNT_TOKENS("/messages/count_tokens", "POST", "messages", WireApi.MESSAGES);

  private final String path;
  private final String method;
  private final String requiredInput;
  private final WireApi api;

  Endpoint(String path, String method, String requiredInput, WireApi api) {
    this.path = path;
    this.method = method;
    this.requiredInput = requiredInput;
    this.api = api;
  }

  static Optional<Endpoint> find(String pathInfo) {
    if (pathInfo == null) {
      return Optional.empty();
    }
    String path = pathInfo.endsWith("/") ? pathInfo.substring(0, pathInfo.length() - 1) : pathInfo;
    return Arrays.stream(values()).filter(endpoint -> endpoint.path.equals(path)).findFirst();
  }

  /** The endpoint whose answers the cache keeps, named by its path with or without {@code /v1}. */
  public static Optional<Endpoint> cachedAt(String path) {
    String trimmed = path == null ? "" : path.strip();
    return find(trimmed.startsWith("/v1/") ? trimmed.substring(3) : trimmed)
        .filter(Endpoint::cacheable);
  }

  /**
   * The API a {@code /v1} path belongs to (its path info, e.g. {@code /messages/count_tokens}): the Messages API under
   * {@code /messages}, the Responses API under {@code /responses}, OpenAI's classic API for everything else.
   */
  public static WireApi apiOf(String pathInfo) {
    if (pathInfo == null) {
      return WireApi.CHAT;
    }
    if (isUnder(pathInfo, MESSAGES.path)) {
      return WireApi.MESSAGES;
    }
    return isUnder(pathInfo, RESPONSES.path) ? WireApi.RESPONSES : WireApi.CHAT;
  }

  private static boolean isUnder(String pathInfo, String folder) {
    return pathInfo.startsWith(folder)
        && (pathInfo.length() == folder.length() || pathInfo.charAt(folder.length()) == '/');
  }

  public String path() {
    return path;
  }

  String method() {
    return method;
  }

  /** The body field besides {@code model} that a request to this endpoint cannot do without, or null. */
  String requiredInput() {
    return requiredInput;
  }

  /** The API family this endpoint belongs to: which providers serve it, and the shape of its errors. */
  public WireApi api() {
    return api;
  }

  /** Whether a request may ask for {@code stream: true} here. */
  public boolean canStream() {
    return this == CHAT_COMPLETIONS || this == COMPLETIONS || this == RESPONSES || this == MESSAGES;
  }

  /** Whether answers here may come from the response cache (token counts are cheap and never cached). */
  public boolean cacheable() {
    return this != MODELS && this != RESPONSES_INPUT_TOKENS && this != MESSAGES_COUNT_TOKENS;
  }

  /** Whether the semantic cache may answer here: the conversational endpoints, whose final user turn it compares. */
  public boolean semanticCacheable() {
    return this == CHAT_COMPLETIONS || this == RESPONSES || this == MESSAGES;
  }

  /** Whether a stream here ends with {@code data: [DONE]} and reports usage in a chunk of its own (OpenAI chat). */
  public boolean chatStream() {
    return api == WireApi.CHAT;
  }
}
