package loom.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The client-facing APIs a provider can serve, each a family of paths under {@code /v1}: what a provider declares in
 * {@code apis}, and what a request asks for.
 */
public enum WireApi {
  /** OpenAI's chat completions, legacy completions, embeddings and the other classic {@code /v1} endpoints. */
  CHAT("chat"),
  /** OpenAI's Responses API: {@code /v1/responses} and the calls about one response. */
  RESPONSES("responses"),
  /** Anthropic's Messages API: {@code /v1/messages} and {@code /v1/messages/count_tokens}. */
  MESSAGES("messages");

  private final String id;

  WireApi(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** What people call it in an error message. */
  public String title() {
    return switch (this) {
      case CHAT -> "OpenAI chat completions API";
      case RESPONSES -> "OpenAI Responses API";
      case MESSAGES -> "Anthropic Messages API";
    };
  }

  static Optional<WireApi> find(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(api -> api.id.equals(wanted)).findFirst();
  }

  static String allowed() {
    return Arrays.stream(values()).map(WireApi::id).collect(Collectors.joining(", "));
  }
}
