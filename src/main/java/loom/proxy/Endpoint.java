package loom.proxy;

import java.util.Arrays;
import java.util.Optional;

/** The OpenAI API paths the proxy serves, relative to {@code /v1} and to a provider's base URL. */
public enum Endpoint {
  CHAT_COMPLETIONS("/chat/completions", "POST", "messages"),
  COMPLETIONS("/completions", "POST", "prompt"),
  EMBEDDINGS("/embeddings", "POST", "input"),
  MODELS("/models", "GET", null);

  private final String path;
  private final String method;
  private final String requiredInput;

  Endpoint(String path, String method, String requiredInput) {
    this.path = path;
    this.method = method;
    this.requiredInput = requiredInput;
  }

  static Optional<Endpoint> find(String pathInfo) {
    if (pathInfo == null) {
      return Optional.empty();
    }
    String path = pathInfo.endsWith("/") ? pathInfo.substring(0, pathInfo.length() - 1) : pathInfo;
    return Arrays.stream(values()).filter(endpoint -> endpoint.path.equals(path)).findFirst();
  }

  public String path() {
    return path;
  }

  String method() {
    return method;
  }

  /** The body field besides {@code model} that a request to this endpoint cannot do without. */
  String requiredInput() {
    return requiredInput;
  }

  /** Whether a request may ask for {@code stream: true} here. */
  public boolean canStream() {
    return this == CHAT_COMPLETIONS || this == COMPLETIONS;
  }
}
