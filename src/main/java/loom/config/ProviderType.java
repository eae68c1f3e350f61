package loom.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of provider the gateway can forward to. */
public enum ProviderType {
  /** Any OpenAI-compatible HTTP API (OpenAI, vLLM, Ollama's /v1, Together, Groq ...). */
  OPENAI,
  /** Anthropic's API ({@code /v1/messages}), its key sent as {@code x-api-key}. */
  ANTHROPIC,
  /** Built in: deterministic answers computed locally, no network, no key. */
  DEMO;

  /** The APIs a provider of this type serves unless its {@code apis} says otherwise. */
  public java.util.Set<WireApi> defaultApis() {
    return switch (this) {
      case OPENAI -> java.util.EnumSet.of(WireApi.CHAT, WireApi.RESPONSES);
      case ANTHROPIC -> java.util.EnumSet.of(WireApi.MESSAGES);
      case DEMO -> java.util.EnumSet.allOf(WireApi.class);
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<ProviderType> find(String id) {
    return Arrays.stream(values()).filter(type -> type.id().equals(id)).findFirst();
  }

  static String allowed() {
    return Arrays.stream(values()).map(ProviderType::id).collect(Collectors.joining(", "));
  }
}
