package loom.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of provider the gateway can forward to. */
public enum ProviderType {
  /** Any OpenAI-compatible HTTP API (OpenAI, vLLM, Ollama's /v1, Together, Groq ...). */
  OPENAI,
  /** Built in: deterministic answers computed locally, no network, no key. */
  DEMO;

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
